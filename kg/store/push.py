"""`kg push`: load the graph into a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

Each named graph is sent with ``PUT {endpoint}?graph={IRI}`` and an N-Triples body
(the protocol's way: PUT replaces that graph, so pushing again after a rebuild leaves
no duplicates; graphs that exist only on the server are left alone). Triples in the
default graph, if any, go to ``PUT {endpoint}?default``. The source is a build folder
(its ``graph.trig``) or a persistent store (its bookkeeping sources graph is not sent,
so both push the same dataset).

Endpoints: Oxigraph ``http://HOST:7878/store``, Fuseki ``http://HOST:3030/DATASET/data``,
GraphDB ``http://HOST:7200/repositories/REPO/rdf-graphs/service``. Only the standard
library is used (urllib).
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError


class PushError(KGError):
    """The endpoint could not be reached or refused a graph."""


@dataclass
class PushResult:
    endpoint: str
    graphs: int = 0
    triples: int = 0
    sizes: dict[str, int] = field(default_factory=dict)


def _source_store(build_dir: str | Path | None, store_dir: str | Path | None):
    """(store, graphs to skip) for a build folder or a persistent store."""
    if (build_dir is None) == (store_dir is None):
        raise PushError("give either a build folder or --store DIR")
    if store_dir is not None:
        from kg.store.store import open_store, sources_graph, store_base

        store = open_store(store_dir, read_only=True)
        base = store_base(store)
        return store, ({sources_graph(base)} if base else set())
    from kg.query.run import load_store

    return load_store(build_dir), set()


def _graph_url(endpoint: str, graph) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}" + urllib.parse.urlencode({"graph": graph.value})


def _put(url: str, endpoint: str, body: bytes, timeout: float, label: str) -> None:
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
        raise PushError(f"{endpoint}: the server refused {label} (HTTP {exc.code} {exc.reason}"
                        + (f": {detail}" if detail else "") + ")") from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise PushError(f"{endpoint}: cannot reach the endpoint ({reason})") from exc
    except (OSError, ValueError) as exc:  # timeouts, malformed URLs
        raise PushError(f"{endpoint}: cannot reach the endpoint ({exc})") from exc


def push(endpoint: str, build_dir: str | Path | None = None, store_dir: str | Path | None = None,
         timeout: float = 60.0) -> PushResult:
    """PUT every graph of the build folder or store to the Graph Store endpoint."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")
    store, skip = _source_store(build_dir, store_dir)
    result = PushResult(endpoint)
    graphs = [ox.DefaultGraph()] + sorted(store.named_graphs(), key=lambda g: g.value)
    for graph in graphs:
        if graph in skip:
            continue
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        if not triples:
            continue
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        label = "the default graph" if isinstance(graph, ox.DefaultGraph) else f"graph <{graph.value}>"
        _put(_graph_url(endpoint, graph), endpoint, body, timeout, label)
        result.graphs += 1
        result.triples += len(triples)
        result.sizes[str(graph)] = len(triples)
    return result
