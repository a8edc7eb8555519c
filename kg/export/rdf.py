"""RDF serialisations of a built graph, written by Oxigraph in a fixed order.

Triple formats (Turtle, N-Triples, RDF/XML) carry the union of all named graphs, each
triple once; quad formats (N-Quads, TriG) keep every named graph. Quads and triples are
sorted by their N-Triples form before writing, so the same graph.trig always gives
byte-identical files (the graph has no blank nodes: every node has a minted IRI).
"""
from __future__ import annotations

from typing import BinaryIO, Iterable

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES

# name -> (Oxigraph format, keeps named graphs)
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
}


def _key(term) -> str:
    return str(term)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """`quads` sorted by graph, subject, predicate, object (duplicates dropped)."""
    quads = list({(_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)): q
                  for q in quads}.values())
    quads.sort(key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)))
    return quads


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the named graphs: each distinct triple once, sorted."""
    seen: dict[tuple[str, str, str], ox.Triple] = {}
    for q in quads:
        seen.setdefault((_key(q.subject), _key(q.predicate), _key(q.object)), q.triple)
    return [seen[k] for k in sorted(seen)]


def prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    """The project prefixes for formats that abbreviate IRIs (none for N-Triples/N-Quads)."""
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return None
    return dict(PREFIXES)


def write_rdf(quads: Iterable[ox.Quad], name: str, out: BinaryIO) -> int:
    """Serialise `quads` as RDF format `name` (a key of RDF_FORMATS) into the binary stream
    `out`; return the number of triples (triple formats) or quads (quad formats) written."""
    fmt, keeps_graphs = RDF_FORMATS[name]
    quads = sorted_quads(quads)
    items: list = quads if keeps_graphs else union_triples(quads)
    ox.serialize(items, out, fmt, prefixes=prefixes(fmt))
    return len(items)
