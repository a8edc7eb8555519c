"""The explorer's graph as networkx, for analysis (centrality, communities) in notebooks."""
from __future__ import annotations

import networkx as nx

from kg.views.data import ViewData, load_view_data


def to_networkx(dataset) -> nx.MultiDiGraph:
    """Entities as nodes (attributes label, cls, cls_zh, n_articles) and relations as edges
    keyed by relation name (attributes label, n_articles), from an rdflib Graph/Dataset or a
    ViewData."""
    data = dataset if isinstance(dataset, ViewData) else load_view_data(dataset)
    g = nx.MultiDiGraph()
    for iri, ent in data.entities.items():
        g.add_node(iri, label=ent.label, cls=ent.cls, cls_zh=ent.cls_zh, n_articles=len(data.articles_of(iri)))
    for e in data.edges:
        g.add_edge(e.source, e.target, key=e.relation, label=e.label, n_articles=len(e.articles))
    return g
