"""Reference graphs of a store, recomputed from the article graphs it holds.

A build writes ``graph/divisions`` (every division an article names, with its ancestors),
``graph/vocabulary`` (the target groups articles name, with their broader groups) and
``graph/ontology``. In a store that gains and loses articles, keeping them as a running
union would leave divisions that no remaining article names; recomputing them is simple
and always right: the division codes and group ids are the ``{base}region/{code}`` and
``{base}group/{id}`` IRIs used in the article graphs, and the graphs themselves come
from the same :meth:`kg.graph.build.GraphBuilder.finish` a build calls. The new graphs
are written only where they differ from the stored ones, so a no-op build writes
nothing.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from kg.store.store import reference_graph_names, sources_graph

_CODE = re.compile(r"^\d{6}$")


def _used_ids(store: ox.Store, base: str) -> tuple[set[str], set[str]]:
    """Division codes and target-group ids named in the article graphs."""
    skip = set(reference_graph_names(base)) | {sources_graph(base)}
    region, group = base + "region/", base + "group/"
    codes: set[str] = set()
    groups: set[str] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        if q.graph_name in skip or isinstance(q.graph_name, ox.DefaultGraph):
            continue
        for term in (q.subject, q.object):
            if not isinstance(term, ox.NamedNode):
                continue
            iri = term.value
            if iri.startswith(region) and _CODE.match(iri[len(region):]):
                codes.add(iri[len(region):])
            elif iri.startswith(group):
                groups.add(iri[len(group):])
    return codes, groups


def compute_reference_quads(store: ox.Store, base: str, resources=None) -> set[ox.Quad]:
    """The quads of the three reference graphs for the articles now in ``store``."""
    from kg.graph.build import GraphBuilder
    from kg.nlp.recognize import load_resources

    res = resources or load_resources()
    codes, groups = _used_ids(store, base)
    builder = GraphBuilder(res.divisions, res.gazetteer, base)
    builder.codes.update(codes)
    builder.groups.update(groups)  # finish() skips ids the gazetteer does not know
    data = builder.finish().serialize(format="trig", encoding="utf-8")
    return set(ox.parse(data, format=ox.RdfFormat.TRIG))


def refresh_reference_graphs(store: ox.Store, base: str, resources=None) -> bool:
    """Rewrite the reference graphs that differ from what the articles need; True if
    anything was written."""
    wanted = compute_reference_quads(store, base, resources)
    changed = False
    for name in reference_graph_names(base):
        want = {q for q in wanted if q.graph_name == name}
        have = set(store.quads_for_pattern(None, None, None, name))
        if want == have:
            continue
        changed = True
        if have:
            store.remove_graph(name)
        if want:
            store.extend(sorted(want, key=str))
    return changed
