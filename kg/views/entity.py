"""Entity pages: an ego graph of one entity with its neighbours, the programmes around it
(where they apply and with which amounts, from the same articles) and its source sentences.

`resolve_entity(data, key)` finds an entity by IRI, label or alias and raises `KGError` on
unknown or ambiguous keys; `render_entity_page(dataset, key)` returns the page as a string
(for `kg serve` at /entity/...); `write_entity_page` writes it under DIR/entities/.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import rdflib

from kg.errors import KGError
from kg.views.data import CLASS_COLOURS, LEVELS_ZH, REGION_CLASSES, Edge, ViewData, load_view_data
from kg.views.render import render, write_page
from kg.views.svg import network_svg

#: Neighbours drawn around the entity; second-hop nodes (regions and amounts of programmes).
RING_MAX, OUTER_MAX = 40, 60
SOURCES_MAX = 30


def as_view_data(dataset) -> ViewData:
    return dataset if isinstance(dataset, ViewData) else load_view_data(dataset)


def resolve_entity(data: ViewData, key: str) -> str:
    """The IRI of the entity whose IRI, label or alias is `key` (labels before aliases)."""
    key = key.strip()
    if not key:
        raise KGError("entity: give a label (e.g. 农民工) or an IRI")
    if key in data.entities:
        return key
    for field in ("label", "alias"):
        hits = sorted(i for i, e in data.entities.items()
                      if (e.label == key if field == "label" else key in e.aliases))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise KGError(f"entity {key!r} is ambiguous: {len(hits)} entities have this {field} "
                          f"({', '.join(hits[:5])}); give the IRI instead")
    near = sorted({e.label for e in data.entities.values() if key in e.label or e.label in key})[:5]
    hint = f"; similar labels: {'、'.join(near)}" if near else "; search graph.html for the exact label"
    raise KGError(f"entity {key!r} is not in the graph{hint}")


def entity_slug(iri: str) -> str:
    """ASCII file stem for an entity page, from the tail of its IRI (`region-340100`)."""
    parts = [p for p in re.split(r"[/#]", iri) if p]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts[-2:])).strip("-.") or "entity"


def _graph_href(root: str) -> Callable[[str], str]:
    return lambda iri: f"{root}graph.html#node={quote(iri, safe='')}"


def _co_edges(data: ViewData, prog: str, relation: str, via: Edge) -> list[str]:
    """Ends of `prog`'s `relation` edges stated in the same articles as `via` (all if `via`
    comes from no article)."""
    out = []
    for e in data.out_edges.get(prog, []):
        if e.relation == relation and (not via.articles or e.articles & via.articles):
            out.append(e.target)
    return sorted(set(out), key=lambda i: (data.entities[i].label, i))


def _programme_rows(data: ViewData, iri: str, href) -> list[dict]:
    rows = []
    ent = data.entities[iri]
    pairs = [(e, e.target if e.source == iri else e.source) for e in data.edges if iri in (e.source, e.target)]
    if ent.cls == "Programme":
        pairs = [(Edge(iri, iri, "self", "本项目", set().union(*[e.articles for e, _ in pairs] or [set()])), iri)]
    for edge, prog in pairs:
        if data.entities[prog].cls != "Programme":
            continue
        arts = sorted(edge.articles or set(data.articles_of(prog)))
        rows.append({"label": data.entities[prog].label, "href": href(prog), "relation": edge.label,
                     "regions": [data.entities[r].label for r in _co_edges(data, prog, "implementedIn", edge)],
                     "amounts": [data.entities[a].label for a in _co_edges(data, prog, "amount", edge)],
                     "articles": [{"href": data.articles[a].href, "title": data.articles[a].title} for a in arts]})
    return sorted(rows, key=lambda r: (r["label"], r["relation"]))


def render_entity_page(dataset, key: str, *, entity_href: Callable[[str], str] | None = None,
                       root: str = "../") -> str:
    """The entity page of `key` (IRI, label or alias) in `dataset` (an rdflib Graph/Dataset
    or a `ViewData`) as an HTML string. Links are relative to `root` (the build folder as
    seen from the page: "../" for DIR/entities/x.html and for /entity/<key>);
    `entity_href(iri)` makes links to other entities (default: graph.html#node=IRI)."""
    data = as_view_data(dataset)
    iri = resolve_entity(data, key)
    href = entity_href or _graph_href(root)
    ent = data.entities[iri]
    nbrs = data.neighbours(iri)
    ring = sorted({o for _, o, _ in nbrs}, key=lambda o: (-data.degree(o), o))[:RING_MAX]
    outer: set[str] = set()
    for o in ring:
        if data.entities[o].cls == "Programme":
            outer |= {e.target for e in data.out_edges.get(o, [])
                      if data.entities[e.target].cls in REGION_CLASSES | {"MonetaryAmount"}}
    outer = set(sorted(outer - set(ring) - {iri})[:OUTER_MAX])
    shown = {iri, *ring, *outer}
    edges = [e for e in data.edges if e.source in shown and e.target in shown
             and (iri in (e.source, e.target) or e.source in ring)]
    svg = network_svg(data, sorted(shown), edges, centre=iri, href=lambda i: None if i == iri else href(i),
                      caption=f"{ent.label} 的相邻实体")
    neighbours = sorted(({"relation": ("→ " if out else "← ") + e.label, "label": data.entities[o].label,
                          "href": href(o), "cls_zh": data.entities[o].cls_zh,
                          "n_articles": len(e.articles)} for e, o, out in nbrs),
                        key=lambda n: (n["relation"], n["label"]))
    sources = []
    for m in data.mentions_of.get(iri, [])[:SOURCES_MAX]:
        sent, s, e = data.sentence(m)
        art = data.articles[m.article]
        sources.append({"before": sent[:s], "mention": sent[s:e], "after": sent[e:],
                        "href": f"{art.href}#m-{m.start}", "title": art.title})
    props = [(k, v) for k, v in (("区划代码", ent.code), ("层级", LEVELS_ZH.get(ent.level, ent.level)), ("别名", "、".join(ent.aliases)),
                                 ("所属", " › ".join(data.entities[r].label for r in data.region_chain(iri)[1:])))
             if v]
    return render("entity.html", page_title=ent.label, root=root, iri=iri, cls_zh=ent.cls_zh,
                  colour=CLASS_COLOURS[ent.cls], props=props, svg=svg,
                  programmes=_programme_rows(data, iri, href), neighbours=neighbours, sources=sources)


def write_entity_page(dataset, key: str, out_dir: str | Path) -> Path:
    """Write the page of `key` atomically to OUT_DIR/entities/<slug>.html; return its path."""
    data = as_view_data(dataset)
    iri = resolve_entity(data, key)
    path = Path(out_dir) / "entities" / f"{entity_slug(iri)}.html"
    return write_page(path, render_entity_page(data, iri))


def load_dataset(build_dir: str | Path) -> rdflib.Dataset:
    """The dataset of a built folder (DIR/graph.trig)."""
    trig = Path(build_dir) / "graph.trig"
    if not trig.is_file():
        raise KGError(f"{trig}: not found; run `kg build INPUT -o {build_dir}` first")
    ds = rdflib.Dataset(default_union=True)
    try:
        ds.parse(str(trig), format="trig")
    except Exception as exc:  # rdflib raises many parser exception types
        raise KGError(f"{trig}: cannot be read as TriG ({exc}); rebuild it with kg build") from exc
    return ds
