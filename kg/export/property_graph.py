"""The knowledge graph as a property graph (nodes with properties, typed edges), the common
model of the GraphML and Neo4j CSV exports.

Nodes are the entities (agencies, organisations, programmes, policy documents, target
groups, divisions, localities, amounts, time expressions) and the articles; edges are the
relations between them (ISSUED_BY, TARGETS, IMPLEMENTED_IN, HAS_AMOUNT, PART_OF, ...) and
MENTIONS / ABOUT_REGION / HAS_TIME from articles. Both come from SPARQL in
``kg/export/queries/`` (nodes.rq, edges.rq); the mention and statement records of the
provenance are not nodes here (an edge carries the number of articles stating it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources

import pyoxigraph as ox

from kg.errors import KGError

NODE_PROPERTIES = ("code", "level", "value", "currency", "normalizedValue", "articleId",
                   "source", "date")


@dataclass
class Node:
    id: str
    classes: list[str]
    label: str
    properties: dict[str, str] = field(default_factory=dict)  # lexical forms, only those present


@dataclass
class Edge:
    source: str
    target: str
    type: str
    predicate: str
    articles: int


@dataclass
class PropertyGraph:
    nodes: list[Node]
    edges: list[Edge]
    dropped_edges: int = 0  # edges whose end is not a node (should be 0 on a valid graph)


def _query_text(name: str) -> str:
    return (resources.files("kg.export") / "queries" / name).read_text(encoding="utf-8")


def _value(term) -> str | None:
    return None if term is None else term.value


def decimal_as_float(text: str) -> float | None:
    """The double nearest to an xsd:decimal lexical form (None if it is not one)."""
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def property_graph(store: ox.Store) -> PropertyGraph:
    """Nodes and edges of the graph in `store` (union of its named graphs), sorted by id."""
    try:
        node_rows = list(store.query(_query_text("nodes.rq"), use_default_graph_as_union=True))
        edge_rows = list(store.query(_query_text("edges.rq"), use_default_graph_as_union=True))
    except (SyntaxError, OSError) as exc:  # a broken bundled query is a bug worth naming
        raise KGError(f"property-graph queries failed: {exc}") from exc
    nodes = []
    for row in node_rows:
        props = {name: _value(row[name]) for name in NODE_PROPERTIES}
        nodes.append(Node(id=row["node"].value, classes=sorted(row["classes"].value.split()),
                          label=_value(row["label"]) or "",
                          properties={k: v for k, v in props.items() if v is not None}))
    ids = {n.id for n in nodes}
    edges, dropped = [], 0
    for row in edge_rows:
        source, target = row["source"], row["target"]
        if source.value not in ids or target.value not in ids:
            dropped += 1
            continue
        edges.append(Edge(source.value, target.value, row["type"].value,
                          row["predicate"].value, int(row["articles"].value)))
    return PropertyGraph(nodes, edges, dropped)
