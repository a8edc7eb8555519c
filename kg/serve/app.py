"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint plus the HTML views of a build.

Why the standard library (wsgiref + a threading server) and not a framework: the app is
four routes and one POST body format; wsgiref adds no dependency, its WSGI app is
driven directly in tests (no socket), and any WSGI server (gunicorn, waitress, uwsgi)
can run the same app. The expensive part, query evaluation, runs in worker processes
(:mod:`kg.serve.worker`) so that a query past its deadline can be killed.

Routes (first match wins; see :attr:`App.routes`):

* ``/sparql``: GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``)
  or POST ``application/sparql-query``; optional ``default-graph-uri`` /
  ``named-graph-uri``. Without them the default graph is the union of all named graphs
  (as in ``kg query``); the project prefixes are predeclared. Updates (GET/POST
  ``update=``, ``application/sparql-update``, or update text as a query) and SERVICE
  are refused with 403.
* ``/entity/<label or IRI>``: the entity page of the explorer (:mod:`kg.serve.entity`),
  then any routes passed to :func:`create_app` as ``routes=[Route(prefix, handler)]``;
* ``/``: files of the build folder, read-only (``/`` is index.html if present, else
  graph.html); no path outside the folder, no hidden files.
"""
from __future__ import annotations

import mimetypes
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Callable

from kg.errors import KGError
from kg.serve.guard import RefusedQuery, check_query
from kg.serve.worker import Job, Outcome, WorkerError, WorkerPool


@dataclass
class ServeConfig:
    """Limits of the endpoint. ``timeout``: seconds a query may run; ``max_rows``:
    solutions (or triples) returned at most, the rest cut with header
    ``X-KG-Truncated: true``; ``max_request_bytes``: largest query or POST body;
    ``workers``: query processes."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    workers: int = 1


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, list[str]]
    environ: dict

    def header(self, name: str, default: str = "") -> str:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        return self.environ.get(key) or default


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def text(cls, status: int, message: str, **kw) -> "Response":
        return cls(status, (message + "\n").encode("utf-8"), **kw)


@dataclass(frozen=True)
class Route:
    """``handler(request) -> Response`` for paths equal to ``prefix`` (``exact``) or
    starting with it."""

    prefix: str
    handler: Callable[[Request], Response]
    exact: bool = False

    def matches(self, path: str) -> bool:
        return path == self.prefix if self.exact else path.startswith(self.prefix)


class ServeError(KGError):
    """The folder or store to serve is unusable."""


class App:
    """The WSGI application (use :func:`create_app`)."""

    def __init__(self, files: Path | None, pool: WorkerPool, config: ServeConfig,
                 routes: list[Route]):
        self.files_root = files.resolve() if files else None
        self.pool = pool
        self.config = config
        self.routes = [Route("/sparql", self.sparql, exact=True), *routes, Route("/", self.files)]

    # -- WSGI --------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        request = Request(environ.get("REQUEST_METHOD", "GET").upper(), path, params, environ)
        route = next(r for r in self.routes if r.matches(path))
        try:
            response = route.handler(request)
        except RefusedQuery as exc:
            response = Response.text(exc.status, str(exc))
        reason = HTTPStatus(response.status).phrase
        headers = [("Content-Type", response.content_type),
                   ("Content-Length", str(len(response.body))),
                   ("X-Content-Type-Options", "nosniff"), *response.headers]
        start_response(f"{response.status} {reason}", headers)
        return [b"" if request.method == "HEAD" else response.body]

    def close(self) -> None:
        self.pool.close()

    # -- /sparql -----------------------------------------------------------------------
    def _read_body(self, request: Request) -> bytes:
        try:
            length = int(request.header("Content-Length") or 0)
        except ValueError:
            raise RefusedQuery(400, "Content-Length is not a number") from None
        if length > self.config.max_request_bytes:
            raise RefusedQuery(413, f"request body of {length} bytes is over the limit of "
                                    f"{self.config.max_request_bytes} bytes")
        return request.environ["wsgi.input"].read(length) if length > 0 else b""

    def _query_of(self, request: Request) -> tuple[str, dict[str, list[str]]]:
        params = request.params
        if request.method in ("GET", "HEAD"):
            if len(request.environ.get("QUERY_STRING", "")) > self.config.max_request_bytes:
                raise RefusedQuery(414, "query string over the limit of "
                                        f"{self.config.max_request_bytes} bytes; POST it")
            if "update" in params:
                raise RefusedQuery(403, "SPARQL Update is not allowed: this endpoint is read-only")
            return (params.get("query") or [""])[0], params
        if request.method != "POST":
            raise RefusedQuery(405, "use GET or POST on /sparql")
        ctype = request.header("Content-Type").split(";")[0].strip().lower()
        body = self._read_body(request)
        if ctype == "application/sparql-update":
            raise RefusedQuery(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                raise RefusedQuery(403, "SPARQL Update is not allowed: this endpoint is read-only")
            merged = {**params, **form}
            return (form.get("query") or [""])[0], merged
        if ctype == "application/sparql-query":
            try:
                return body.decode("utf-8"), params
            except UnicodeDecodeError:
                raise RefusedQuery(400, "the query is not UTF-8") from None
        raise RefusedQuery(415, f"cannot read a POST body of type {ctype or '(none)'}; send "
                                "application/sparql-query or application/x-www-form-urlencoded")

    def sparql(self, request: Request) -> Response:
        from kg.serve.results import parse_accept

        text, params = self._query_of(request)
        if not text.strip():
            raise RefusedQuery(400, "no query: use GET /sparql?query=… or POST a query")
        check_query(text)
        job = Job(text, parse_accept(request.header("Accept")), self.config.max_rows,
                  params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        outcome: Outcome = self.pool.run(job, self.config.timeout)
        headers = [("Vary", "Accept")]
        if outcome.truncated:
            headers += [("X-KG-Truncated", "true"), ("X-KG-Row-Limit", str(self.config.max_rows))]
        return Response(outcome.status, outcome.body, outcome.content_type, headers)

    # -- files -------------------------------------------------------------------------
    def _file_path(self, path: str) -> Path | None:
        if self.files_root is None or "\x00" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return None
        target = self.files_root.joinpath(*parts)
        if not parts:
            index = self.files_root / "index.html"
            target = index if index.is_file() else self.files_root / "graph.html"
        elif target.is_dir():
            target = target / "index.html"
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self.files_root) or not resolved.is_file():
            return None
        return resolved

    def files(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response.text(405, "files are read-only: use GET",
                                 headers=[("Allow", "GET, HEAD")])
        target = self._file_path(request.path)
        if target is None:
            if self.files_root is None and request.path == "/":
                return Response.text(200, "kg SPARQL endpoint: GET or POST queries to /sparql")
            return Response.text(404, f"{request.path}: not found")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return Response(200, target.read_bytes(), ctype)


def create_app(build_dir: str | Path | None = None, config: ServeConfig | None = None, *,
               store: str | Path | None = None, routes: list[Route] | tuple = (),
               start_workers: bool = True) -> App:
    """The WSGI app serving ``build_dir`` (its files and, without ``store``, its
    graph.trig) and/or a persistent ``store``. Call ``app.close()`` to stop the workers."""
    from kg.graph.namespaces import PREFIXES

    config = config or ServeConfig()
    files = Path(build_dir) if build_dir is not None else None
    if files is not None and not files.is_dir():
        raise ServeError(f"{files}: not a folder (give a build folder made by `kg build`)")
    if store is not None:
        from kg.store.store import open_store

        open_store(store, read_only=True)  # fails early with a one-line message
        source = ("store", str(Path(store).resolve()))
    elif files is not None:
        trig = files / "graph.trig"
        if not trig.is_file():
            raise ServeError(f"{files}: no graph.trig here (run `kg build` first, or give --store)")
        source = ("trig", str(trig.resolve()))
    else:
        raise ServeError("give a build folder or --store DIR to serve")
    for name, value in (("timeout", config.timeout), ("max_rows", config.max_rows),
                        ("max_request_bytes", config.max_request_bytes), ("workers", config.workers)):
        if value <= 0:
            raise ServeError(f"{name} must be positive (got {value})")
    pool = WorkerPool(source, dict(PREFIXES), size=config.workers)
    if start_workers:
        try:
            pool.start()
        except WorkerError as exc:
            pool.close()
            raise ServeError(str(exc)) from exc
    from kg.serve.entity import EntityPages

    pages = EntityPages(files if store is None else None, store)
    return App(files, pool, config, [pages.route(), *routes])
