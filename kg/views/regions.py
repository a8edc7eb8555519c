"""regions.html: programmes and amounts by province and prefecture, with an inline SVG bar
chart (no map tiles, no network)."""
from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from kg.views.data import ViewData
from kg.views.render import render
from kg.views.svg import bars_svg

#: Prefectures in the second chart.
PREFECTURES_MAX = 30


def region_rows(data: ViewData) -> list[dict]:
    """One row per (programme, region it is implemented in): province, prefecture, amounts
    stated for the programme in the same articles, articles."""
    rows = []
    for e in data.edges:
        if e.relation != "implementedIn" or data.entities[e.source].cls != "Programme":
            continue
        province = data.division_at(e.target, "province")
        if not province:
            continue
        amounts = sorted({a.target for a in data.out_edges.get(e.source, [])
                          if a.relation == "amount" and (not e.articles or a.articles & e.articles)},
                         key=lambda i: (data.entities[i].value or Decimal(0), i))
        rows.append({"programme": e.source, "region": e.target, "province": province,
                     "prefecture": data.division_at(e.target, "prefecture"),
                     "amounts": amounts, "articles": set(e.articles)})
    return rows


def province_summary(data: ViewData) -> list[dict]:
    """Per province (by division code): its programmes, articles and rows by place."""
    by_prov: dict[str, dict] = {}
    for r in region_rows(data):
        p = by_prov.setdefault(r["province"], {"programmes": set(), "articles": set(), "rows": []})
        p["programmes"].add(r["programme"])
        p["articles"] |= r["articles"]
        place = r["prefecture"] or r["region"]
        label = data.entities[place].label
        if r["region"] not in (place, r["province"]):
            label += " › " + data.entities[r["region"]].label
        elif r["region"] == r["province"]:
            label = "（全省）"
        p["rows"].append({"region": label, "programme": data.entities[r["programme"]].label,
                          "href": "graph.html#node=" + quote(r["programme"], safe=""),
                          "amounts": [data.entities[a].label for a in r["amounts"]]})
    out = []
    for prov, p in by_prov.items():
        ent = data.entities[prov]
        rows = sorted({(x["region"], x["programme"]): x for x in p["rows"]}.values(),
                      key=lambda x: (x["region"] != "（全省）", x["region"], x["programme"]))
        out.append({"iri": prov, "label": ent.label, "code": ent.code or prov.rsplit("/", 1)[-1],
                    "programmes": sorted(p["programmes"]), "n_articles": len(p["articles"]), "rows": rows})
    return sorted(out, key=lambda p: (-len(p["programmes"]), p["code"]))


def render_regions(data: ViewData, title: str = "各地区的政策项目和金额") -> str:
    provinces = province_summary(data)
    chart = bars_svg([(p["label"], len(p["programmes"]), f"{p['n_articles']} 篇文章") for p in provinces],
                     caption="各省政策项目数量")
    per_pref: dict[str, set[str]] = {}
    for r in region_rows(data):
        if r["prefecture"]:
            per_pref.setdefault(r["prefecture"], set()).add(r["programme"])
    prefs = sorted(per_pref.items(), key=lambda kv: (-len(kv[1]), data.entities[kv[0]].code, kv[0]))[:PREFECTURES_MAX]
    pref_chart = bars_svg([(data.entities[p].label, len(progs), "") for p, progs in prefs],
                          colour="#2ca02c", caption="各地市政策项目数量")
    return render("regions.html", page_title=title, root="", chart=chart, pref_chart=pref_chart,
                  provinces=provinces)
