"""graph.html: the interactive graph (vis-network 9.1.2 inlined from the pinned pyvis package).

The whole graph goes into the page as one JSON payload (nodes with facets for the filters,
edges, source sentences); the browser draws only a bounded set of it at a time — every node
when the graph is small, else the `VISIBLE_MAX` best-connected nodes that pass the filters
plus whatever the reader searched for or expanded. Graphs above `PHYSICS_MAX` nodes get
positions computed here (a seeded spring layout of the core, the rest placed beside their
neighbours), so the browser never runs physics on them; smaller graphs are laid out by
vis physics, which is switched off once stabilised.
"""
from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from kg.views.data import CLASS_COLOURS, CLASS_NAMES_ZH, LEVELS_ZH, TEXT_ONLY_CLASSES, ViewData
from kg.views.render import render, write_page

#: At most this many nodes are drawn at once (search and expand add to them).
VISIBLE_MAX = 1000
#: Above this many nodes positions are precomputed and physics stays off.
PHYSICS_MAX = 300
#: Nodes laid out by the spring layout; the others are placed beside a neighbour.
CORE_MAX = 400
#: Source sentences kept per node.
SOURCES_MAX = 8
_SHAPES = {"MonetaryAmount": "diamond", "PolicyDocument": "square"}


def graph_ids(data: ViewData) -> list[str]:
    """The entities drawn as nodes (dates are only highlighted in texts)."""
    return [i for i, e in data.entities.items() if e.cls not in TEXT_ONLY_CLASSES]


def _facets(data: ViewData, ids: list[str]):
    """Per entity: themes, provinces and programmes it is connected with."""
    themes: dict[str, set[str]] = {i: set() for i in ids}
    provinces: dict[str, set[str]] = {i: set() for i in ids}
    programmes: dict[str, set[str]] = {i: set() for i in ids}
    for iri in ids:
        ent = data.entities[iri]
        if ent.cls == "Programme":
            programmes[iri].add(iri)
        prov = data.division_at(iri, "province")
        if prov:
            provinces[iri].add(prov)
        for a in data.articles_of(iri):
            art = data.articles[a]
            if art.theme:
                themes[iri].add(art.theme)
            if art.region and ent.cls not in ("AdministrativeDivision", "Locality", "Region"):
                p = data.division_at(art.region, "province")
                if p:
                    provinces[iri].add(p)
        for edge, other, _ in data.neighbours(iri):
            oc = data.entities[other].cls
            if oc == "Programme":
                programmes[iri].add(other)
            if oc in ("AdministrativeDivision", "Locality") and edge.relation in ("implementedIn", "jurisdiction"):
                p = data.division_at(other, "province")
                if p:
                    provinces[iri].add(p)
            for a in edge.articles:
                if data.articles[a].theme:
                    themes[iri].add(data.articles[a].theme)
    return themes, provinces, programmes


def layout(data: ViewData, ids: list[str]) -> dict[str, tuple[int, int]]:
    """Deterministic positions: spring layout of the `CORE_MAX` highest-degree nodes, every
    other node placed on a small circle around an already placed neighbour (BFS by degree)."""
    order = sorted(ids, key=lambda i: (-data.degree(i), i))
    core = order[:CORE_MAX]
    g = nx.Graph()
    g.add_nodes_from(core)
    cs = set(core)
    g.add_edges_from(sorted({tuple(sorted((e.source, e.target))) for e in data.edges
                             if e.source in cs and e.target in cs}))
    scale = 60.0 * math.sqrt(max(len(core), 1))
    try:
        raw = nx.spring_layout(g, seed=42, scale=scale, iterations=60)
    except ImportError:  # no numpy
        raw = {v: (scale * math.cos(2 * math.pi * k / len(core)), scale * math.sin(2 * math.pi * k / len(core)))
               for k, v in enumerate(core)}
    pos = {v: (float(xy[0]), float(xy[1])) for v, xy in raw.items()}
    children: dict[str, int] = {}
    golden = math.pi * (3 - math.sqrt(5))
    queue = list(core)
    head = 0
    while head < len(queue) or len(pos) < len(order):
        if head == len(queue):  # a part not connected to anything placed: start a spiral outside
            v = next(i for i in order if i not in pos)
            k = len(pos)
            r = scale * 1.2 + 8 * math.sqrt(k)
            pos[v] = (r * math.cos(k * golden), r * math.sin(k * golden))
            queue.append(v)
        u = queue[head]
        head += 1
        nbrs = sorted({o for _, o, _ in data.neighbours(u) if o not in pos},
                      key=lambda i: (-data.degree(i), i))
        for v in nbrs:
            k = children.get(u, 0)
            children[u] = k + 1
            r = 45 + 12 * math.sqrt(k)
            pos[v] = (pos[u][0] + r * math.cos(k * golden + 0.5), pos[u][1] + r * math.sin(k * golden + 0.5))
            queue.append(v)
    return {v: (round(x), round(y)) for v, (x, y) in pos.items()}


def graph_payload(data: ViewData, article_prefix: str = "") -> dict:
    """The JSON the page draws from (compact keys; indices into the lists)."""
    ids = graph_ids(data)
    index = {iri: k for k, iri in enumerate(ids)}
    themes, provinces, programmes = _facets(data, ids)
    theme_list = sorted({t for s in themes.values() for t in s})
    prov_list = sorted({p for s in provinces.values() for p in s}, key=lambda p: data.entities[p].code or p)
    prog_list = sorted({p for s in programmes.values() for p in s}, key=lambda p: (data.entities[p].label, p))
    t_ix = {t: k for k, t in enumerate(theme_list)}
    p_ix = {p: k for k, p in enumerate(prov_list)}
    g_ix = {p: k for k, p in enumerate(prog_list)}
    classes = [c for c in CLASS_COLOURS if any(data.entities[i].cls == c for i in ids)]
    c_ix = {c: k for k, c in enumerate(classes)}
    positions = layout(data, ids) if len(ids) > PHYSICS_MAX else {}
    art_ids = list(data.articles)
    a_ix = {a: k for k, a in enumerate(art_ids)}
    nodes = []
    for iri in ids:
        ent = data.entities[iri]
        node = {"id": iri, "l": ent.label, "c": c_ix[ent.cls], "d": data.degree(iri),
                "t": sorted(t_ix[t] for t in themes[iri]), "p": sorted(p_ix[p] for p in provinces[iri]),
                "g": sorted(g_ix[p] for p in programmes[iri])}
        if ent.aliases:
            node["a"] = ent.aliases
        props = [[k, v] for k, v in (("区划代码", ent.code), ("层级", LEVELS_ZH.get(ent.level, ent.level)),
                                     ("数值", format(ent.value, "f") if ent.value is not None else ""))
                 if v]
        if props:
            node["props"] = props
        sources, seen = [], set()
        for m in data.mentions_of.get(iri, []):
            sent, s, e = data.sentence(m)
            if (m.article, sent) in seen:
                continue
            seen.add((m.article, sent))
            sources.append([a_ix[m.article], sent, s, e, m.start])
            if len(sources) == SOURCES_MAX:
                break
        if sources:
            node["s"] = sources
        if iri in positions:
            node["x"], node["y"] = positions[iri]
        nodes.append(node)
    relations = sorted({(e.relation, e.label) for e in data.edges})
    r_ix = {r[0]: k for k, r in enumerate(relations)}
    edges = [[index[e.source], index[e.target], r_ix[e.relation]] for e in data.edges]
    return {
        "classes": [{"cls": c, "name": CLASS_NAMES_ZH[c], "colour": CLASS_COLOURS[c],
                     "shape": _SHAPES.get(c, "dot")} for c in classes],
        "relations": [list(r) for r in relations],
        "themes": theme_list,
        "provinces": [data.entities[p].label for p in prov_list],
        "programmes": [data.entities[p].label for p in prog_list],
        "articles": [{"t": data.articles[a].title, "h": article_prefix + data.articles[a].href} for a in art_ids],
        "nodes": nodes, "edges": edges,
        "visibleMax": VISIBLE_MAX, "precomputed": bool(positions),
    }


def render_graph_page(data: ViewData, title: str = "就业政策知识图谱", article_prefix: str = "") -> str:
    payload = graph_payload(data, article_prefix)
    counts: dict[str, int] = {}
    for i in graph_ids(data):
        counts[data.entities[i].cls] = counts.get(data.entities[i].cls, 0) + 1
    legend = [dict(c, count=counts[c["cls"]]) for c in payload["classes"]]
    return render("graph.html", page_title=title, payload=payload, legend=legend,
                  n_nodes=len(payload["nodes"]), n_edges=len(payload["edges"]))


def write_graph_page(data: ViewData, path: str | Path, title: str = "就业政策知识图谱") -> dict:
    """Write graph.html atomically; returns {"nodes": n, "edges": m} of the whole graph."""
    html = render_graph_page(data, title)
    write_page(path, html)
    return {"nodes": len(graph_ids(data)), "edges": len(data.edges)}
