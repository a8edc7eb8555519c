"""GraphML for networkx, Gephi and yEd: entities and articles as nodes, relations as edges.

Node attributes: ``label`` (Chinese label or article title), ``class`` (ontology class
local names, space-separated, e.g. ``AdministrativeDivision``) and, where present,
``code``, ``level``, ``value`` (double; ``valueText`` keeps the exact decimal),
``currency``, ``normalizedValue``, ``articleId``, ``source``, ``date``. Edge attributes:
``type`` (ISSUED_BY, TARGETS, ...), ``predicate`` (the RDF property IRI) and ``articles``
(how many articles state the edge; 0 for reference data). Node ids are the RDF IRIs.
Nodes and edges are written in sorted order, so the file is deterministic.
"""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from kg.export.property_graph import PropertyGraph, decimal_as_float


def to_networkx(pg: PropertyGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in pg.nodes:
        attrs: dict[str, object] = {"label": n.label, "class": " ".join(n.classes)}
        for key, text in n.properties.items():
            if key == "value":
                number = decimal_as_float(text)
                if number is not None:
                    attrs["value"] = number
                attrs["valueText"] = text
            else:
                attrs[key] = text
        g.add_node(n.id, **attrs)
    for e in pg.edges:
        g.add_edge(e.source, e.target, key=e.type, type=e.type, predicate=e.predicate,
                   articles=e.articles)
    return g


def write_graphml(pg: PropertyGraph, out: BinaryIO) -> tuple[int, int]:
    """Write `pg` as GraphML to the binary stream `out`; return (nodes, edges)."""
    g = to_networkx(pg)
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return g.number_of_nodes(), g.number_of_edges()
