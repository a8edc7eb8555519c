"""``/entity/<label or IRI>`` under `kg serve`: the entity page of :mod:`kg.views.entity`.

The explorer data (:func:`kg.views.load_view_data`) is read once, on the first request,
from the build folder's graph.trig or from the store, then kept; links between entity
pages stay under ``/entity/``.
"""
from __future__ import annotations

import threading
import urllib.parse
from pathlib import Path

from kg.errors import KGError
from kg.serve.app import Request, Response, Route

PREFIX = "/entity/"


def entity_href(iri: str) -> str:
    return PREFIX + urllib.parse.quote(iri, safe="")


class EntityPages:
    """The handler of ``/entity/…`` (a `Route` via :meth:`route`)."""

    def __init__(self, build_dir: str | Path | None = None, store: str | Path | None = None):
        self.build_dir = Path(build_dir) if build_dir is not None else None
        self.store = Path(store) if store is not None else None
        self._data = None
        self._lock = threading.Lock()

    def route(self) -> Route:
        return Route(PREFIX, self)

    def data(self):
        with self._lock:
            if self._data is None:
                from kg.views import load_view_data

                self._data = load_view_data(self._dataset())
            return self._data

    def _dataset(self):
        if self.store is not None:
            import io

            import pyoxigraph as ox
            import rdflib

            from kg.store.store import open_store

            buf = io.BytesIO()
            open_store(self.store, read_only=True).dump(buf, format=ox.RdfFormat.N_QUADS)
            ds = rdflib.Dataset(default_union=True)
            ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
            return ds
        from kg.views.entity import load_dataset

        return load_dataset(self.build_dir)

    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response.text(405, "entity pages are read-only: use GET",
                                 headers=[("Allow", "GET, HEAD")])
        key = urllib.parse.unquote(request.path[len(PREFIX):])
        if not key:
            return Response.text(404, "give an entity after /entity/, e.g. /entity/农民工")
        from kg.views import render_entity_page

        try:
            html = render_entity_page(self.data(), key, entity_href=entity_href, root="/")
        except KGError as exc:
            return Response.text(404, str(exc))
        return Response(200, html.encode("utf-8"), "text/html; charset=utf-8")
