"""Static inline SVG drawings (no JavaScript): small node-link graphs for article and entity
pages, and horizontal bar charts for the region view. Templates: network.svg, bars.svg."""
from __future__ import annotations

import math
from typing import Callable

import networkx as nx
from markupsafe import Markup

from kg.views.data import CLASS_COLOURS, CLASS_NAMES_ZH, ViewData
from kg.views.render import render

_W, _H = 900, 560


def _fit(pos: dict, width: int, height: int, margin: int = 90) -> dict:
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    dx, dy = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    return {k: (round(margin + (x - min(xs)) / dx * (width - 2 * margin), 1),
                round(margin + (y - min(ys)) / dy * (height - 2 * margin), 1)) for k, (x, y) in pos.items()}


def network_svg(data: ViewData, ids: list[str], edges, *, centre: str | None = None,
                href: Callable[[str], str | None] = lambda iri: None, caption: str = "") -> Markup:
    """Draw entities `ids` with `edges` (list of data.Edge). With `centre`, a radial layout
    around it (its neighbours on a ring, the rest outside); else a seeded spring layout."""
    if not ids:
        return Markup("")
    ids = sorted(set(ids))
    if centre:
        first = sorted({o for e in edges for o in (e.source, e.target)
                        if centre in (e.source, e.target) and o != centre and o in ids})
        rest = [i for i in ids if i != centre and i not in first]
        pos = {centre: (0.0, 0.0)}
        for k, v in enumerate(first):
            a = 2 * math.pi * k / max(len(first), 1)
            pos[v] = (math.cos(a), math.sin(a))
        for k, v in enumerate(rest):
            a = 2 * math.pi * (k + 0.5) / max(len(rest), 1)
            pos[v] = (1.8 * math.cos(a), 1.8 * math.sin(a))
        if not rest and len(first) <= 1:
            pos.update({v: (1.0, 0.0) for v in first})
    else:
        g = nx.Graph()
        g.add_edges_from((e.source, e.target) for e in edges if e.source in ids and e.target in ids)
        alone = [i for i in ids if i not in g]
        pos = {k: (float(v[0]), float(v[1])) for k, v in
               nx.spring_layout(g, seed=7, k=2.0 / math.sqrt(max(len(g), 1))).items()} if len(g) else {}
        for k, v in enumerate(alone):  # unconnected entities in rows below the graph
            pos[v] = (-1.0 + 2.0 * (k % 6) / 5, 1.3 + 0.25 * (k // 6))
    pos = _fit(pos, _W, _H)
    nodes = []
    for i in ids:
        ent = data.entities[i]
        label = ent.label if len(ent.label) <= 16 else ent.label[:15] + "…"
        nodes.append(dict(iri=i, label=label, title=f"{CLASS_NAMES_ZH[ent.cls]}：{ent.label}",
                          colour=CLASS_COLOURS[ent.cls], r=16 if i == centre else 9,
                          x=pos[i][0], y=pos[i][1], href=href(i)))
    lines = []
    for e in edges:
        if e.source in pos and e.target in pos:
            (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
            lines.append(dict(x1=x1, y1=y1, x2=x2, y2=y2, mx=round((x1 + x2) / 2, 1), my=round((y1 + y2) / 2, 1),
                              label=e.label if len(edges) <= 40 else "",
                              title=f"{data.entities[e.source].label} —{e.label}→ {data.entities[e.target].label}"))
    return Markup(render("network.svg", width=_W, height=_H, nodes=nodes, edges=lines, caption=caption))


def bars_svg(rows: list[tuple[str, int, str]], *, colour: str = "#1f77b4", caption: str = "") -> Markup:
    """Horizontal bars for (label, value, note) rows, in the given order."""
    if not rows:
        return Markup("")
    top = max(v for _, v, _ in rows) or 1
    label_w, bar_w = 130, 520
    drawn = [dict(label=lab, value=v, note=note, y=k * 24, w=max(1, round(v / top * bar_w)))
             for k, (lab, v, note) in enumerate(rows)]
    return Markup(render("bars.svg", width=label_w + bar_w + 220, height=len(rows) * 24 + 6,
                         rows=drawn, label_w=label_w, colour=colour, caption=caption))
