"""index.html (overview) and one page per article (text with every mention highlighted by
label, and the graph of that article as inline SVG)."""
from __future__ import annotations

from collections import Counter

from kg.views.data import CLASS_COLOURS, CLASS_NAMES_ZH, REGION_CLASSES, Article, ViewData
from kg.views.render import render
from kg.views.svg import network_svg

#: Entries in each top list of the overview.
TOP_N = 10
_TOPS = (("agencies", "主要发布机关", {"GovernmentAgency"}),
         ("programmes", "主要政策项目", {"Programme"}),
         ("groups", "主要目标群体", {"TargetGroup"}),
         ("regions", "主要地区", set(REGION_CLASSES)))


def region_label(data: ViewData, iri: str) -> str:
    ent = data.entities.get(iri)
    return ent.label if ent else ""


def top_entities(data: ViewData, classes: set[str], n: int = TOP_N) -> list[dict]:
    """Entities of `classes` by the number of articles that mention them (ties by label)."""
    found = {m.entity for m in data.mentions if data.entities[m.entity].cls in classes}
    ranked = sorted(((iri, len(data.articles_of(iri))) for iri in found),
                    key=lambda kv: (-kv[1], data.entities[kv[0]].label, kv[0]))
    return [{"iri": iri, "label": data.entities[iri].label, "n": c} for iri, c in ranked[:n]]


def render_index(data: ViewData, title: str = "就业政策知识图谱") -> str:
    counts = Counter(e.cls for e in data.entities.values())
    classes = [{"cls": c, "name": CLASS_NAMES_ZH[c], "colour": CLASS_COLOURS[c], "count": counts[c]}
               for c in CLASS_COLOURS if counts[c]]
    tops = [{"key": key, "title": name, "entries": top_entities(data, cls)} for key, name, cls in _TOPS]
    articles = [{"href": a.href, "title": a.title, "theme": a.theme, "region": region_label(data, a.region),
                 "date": a.date, "source": a.source}
                for a in sorted(data.articles.values(), key=lambda a: (a.source, a.iri))]
    return render("index.html", page_title=title, root="", classes=classes, tops=tops, articles=articles,
                  n_articles=len(data.articles), n_entities=len(data.entities), n_edges=len(data.edges))


def text_segments(data: ViewData, article: Article) -> list[dict]:
    """The article text cut at its mentions; overlapping mentions keep the earlier, longer one."""
    segs, pos = [], 0
    mentions = sorted(data.mentions_in.get(article.iri, []), key=lambda m: (m.start, -m.end, m.entity))
    for m in mentions:
        if m.start < pos:
            continue
        if m.start > pos:
            segs.append({"text": article.text[pos:m.start], "cls": ""})
        ent = data.entities[m.entity]
        segs.append({"text": article.text[m.start:m.end], "cls": ent.cls, "cls_zh": ent.cls_zh,
                     "colour": CLASS_COLOURS[ent.cls], "label": ent.label, "iri": ent.iri, "start": m.start})
        pos = m.end
    if pos < len(article.text):
        segs.append({"text": article.text[pos:], "cls": ""})
    return segs


def render_article(data: ViewData, article: Article) -> str:
    edges = [e for e in data.edges if article.iri in e.articles]
    ids = {m.entity for m in data.mentions_in.get(article.iri, [])}
    ids |= {x for e in edges for x in (e.source, e.target)}
    present = {data.entities[i].cls for i in ids}
    legend = [{"name": CLASS_NAMES_ZH[c], "colour": CLASS_COLOURS[c]} for c in CLASS_COLOURS if c in present]
    relations = []
    for e in edges:
        spans = [(s, t) for a, s, t in e.evidence if a == article.iri]
        evidence = article.text[spans[0][0]:spans[0][1]] if spans else ""
        relations.append({"s": data.entities[e.source].label, "rel": e.label,
                          "o": data.entities[e.target].label, "evidence": evidence})
    svg = network_svg(data, sorted(ids), edges, caption=f"《{article.title}》中的实体和关系",
                      href=lambda iri: "../graph.html#node=" + _quote(iri))
    return render("article.html", page_title=article.title, root="../", theme=article.theme,
                  region=region_label(data, article.region), date=article.date, source=article.source,
                  legend=legend, segments=text_segments(data, article), svg=svg, relations=relations)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
