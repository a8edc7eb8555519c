"""Time to first interactive render of graph.html at 1k / 5k / 20k nodes.

Generates synthetic graphs of the ontology's shape (divisions in a province › prefecture ›
county tree, agencies with jurisdictions, programmes issued by agencies, targeting groups,
implemented in places, with amounts; articles with text, mentions and relation
statements), renders graph.html with kg.views, opens it from file:// in headless Debian
chromium (/usr/bin/chromium via Playwright) and measures:

  python   load_view_data + render + write, seconds
  ready    navigation start -> page marked ready (first frame drawn, controls live), seconds
  search   typing a label in the search box -> side panel of the hit shown, seconds
  filter   choosing a class off in the legend -> redrawn, seconds

    .venv/bin/python benchmarks/render_scale.py            # 1000 5000 20000
    .venv/bin/python benchmarks/render_scale.py 1000 2000  # other sizes

Not a test: it prints a comparison table (median of --runs page loads).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.namespaces import DCTERMS, EP, RDF, RDFS, SCHEMA
from kg.views.data import load_view_data
from kg.views import graph_page
from kg.views.graph_page import write_graph_page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
BASE = "https://example.org/bench/"
#: Share of nodes per class (of the ontology's shape; amounts and programmes dominate news).
MIX = (("division", 0.15), ("agency", 0.10), ("programme", 0.35), ("group", 0.08),
       ("doc", 0.07), ("amount", 0.25))
SUFFIX = {"division": "市", "agency": "人社局", "programme": "补贴", "group": "人员", "doc": "通知"}
CHARS = "就业创业补贴岗位培训农民工高校毕业生公益性贷款担保返乡人才技能服务中心"


def synthetic_graph(n: int, seed: int = 1) -> Graph:
    rnd = random.Random(seed)
    g = Graph()
    ids: dict[str, list[URIRef]] = {}
    for kind, share in MIX:
        ids[kind] = [URIRef(f"{BASE}{kind}/{k}") for k in range(max(3, int(n * share)))]

    def name(kind, k):
        return "".join(rnd.choice(CHARS) for _ in range(rnd.randint(2, 5))) + f"{k}{SUFFIX.get(kind, '')}"

    divs = ids["division"]
    provinces = divs[: max(3, len(divs) // 30)]
    for k, d in enumerate(divs):
        g.add((d, RDF.type, EP.AdministrativeDivision))
        level = "province" if d in provinces else ("prefecture" if k % 3 else "county")
        g.add((d, RDFS.label, Literal(name("division", k), lang="zh")))
        g.add((d, EP.divisionLevel, Literal(level)))
        g.add((d, EP.divisionCode, Literal(f"{100000 + k}")))
        if d not in provinces:
            parent = rnd.choice(provinces) if level == "prefecture" else rnd.choice(divs[: k] or provinces)
            g.add((d, SCHEMA.containedInPlace, parent))
    cls = {"agency": EP.GovernmentAgency, "programme": EP.Programme, "group": EP.TargetGroup,
           "doc": EP.PolicyDocument}
    for kind, c in cls.items():
        for k, s in enumerate(ids[kind]):
            g.add((s, RDF.type, c))
            g.add((s, RDFS.label, Literal(name(kind, k), lang="zh")))
    for k, a in enumerate(ids["amount"]):
        g.add((a, RDF.type, SCHEMA.MonetaryAmount))
        g.add((a, SCHEMA.value, Literal(Decimal(rnd.choice([300, 1800, 5000, 150000, 3000000]) + k),
                                        datatype=XSD.decimal)))
    edges = []
    for a in ids["agency"]:
        edges.append((a, EP.jurisdiction, rnd.choice(divs)))
    for p in ids["programme"]:
        edges += [(p, EP.issuedBy, rnd.choice(ids["agency"])), (p, EP.targets, rnd.choice(ids["group"])),
                  (p, EP.implementedIn, rnd.choice(divs))]
        if rnd.random() < 0.7:
            edges.append((p, EP.amount, rnd.choice(ids["amount"])))
    for d in ids["doc"]:
        edges.append((d, EP.issuedBy, rnd.choice(ids["agency"])))
    for e in edges:
        g.add(e)
    # articles: each mentions ~20 entities and states ~10 of the relations above
    everything = [x for v in ids.values() for x in v]
    labels = {s: str(o) for s, o in g.subject_objects(RDFS.label)}
    for k in range(max(1, n // 20)):
        art = URIRef(f"{BASE}article/{k}")
        picked = rnd.sample(everything, 20)
        text, spans = "", []
        for s in picked:
            label = labels.get(s, "若干元")
            text += "据报道，"
            spans.append((s, len(text), len(text) + len(label)))
            text += label + "相关工作稳步推进。"
        g.add((art, RDF.type, EP.Article))
        g.add((art, DCTERMS.title, Literal(f"第{k}篇就业新闻", lang="zh")))
        g.add((art, SCHEMA.text, Literal(text, lang="zh")))
        g.add((art, EP.startOffset, Literal(0, datatype=XSD.nonNegativeInteger)))
        g.add((art, EP.theme, Literal(rnd.choice(["公益性岗位", "创业带动就业", "技能培训", "农民工"]), lang="zh")))
        g.add((art, EP.aboutRegion, rnd.choice(provinces)))
        for j, (s, a0, a1) in enumerate(spans):
            m = URIRef(f"{BASE}mention/{k}/{j}")
            g.add((m, RDF.type, EP.Mention))
            g.add((m, EP.mentionOf, s))
            g.add((m, EP.inArticle, art))
            g.add((m, EP.startOffset, Literal(a0, datatype=XSD.nonNegativeInteger)))
            g.add((m, EP.endOffset, Literal(a1, datatype=XSD.nonNegativeInteger)))
        for j, (s, p, o) in enumerate(rnd.sample(edges, min(10, len(edges)))):
            st = URIRef(f"{BASE}statement/{k}/{j}")
            for t in ((st, RDF.type, EP.RelationStatement), (st, RDF.subject, s), (st, RDF.predicate, p),
                      (st, RDF.object, o), (st, EP.inArticle, art),
                      (st, EP.startOffset, Literal(0, datatype=XSD.nonNegativeInteger)),
                      (st, EP.endOffset, Literal(4, datatype=XSD.nonNegativeInteger))):
                g.add(t)
    return g


def measure_page(path: Path, needle: str, runs: int) -> dict:
    from browser import launch_chromium
    from playwright.sync_api import sync_playwright

    ready, search, filt = [], [], []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 850})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page.goto(path.as_uri(), wait_until="commit")
                page.wait_for_selector("body[data-kg-ready='1']", timeout=600_000)
                ready.append(page.evaluate("performance.now()") / 1000)
                t = time.perf_counter()
                page.fill("#search", needle)
                page.locator("#search-results li[data-id]").first.click()
                page.wait_for_selector("#panel:not([hidden])")
                search.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.locator("#legend li.legend-item").first.click()
                page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                filt.append(time.perf_counter() - t)
                page.close()
        finally:
            browser.close()
    return {"ready": statistics.median(ready), "search": statistics.median(search),
            "filter": statistics.median(filt)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the pages into this folder instead of a temp one")
    ap.add_argument("--visible-max", type=int, default=graph_page.VISIBLE_MAX,
                    help="nodes drawn at once (default %(default)s; a huge value draws every node)")
    args = ap.parse_args(argv)
    graph_page.VISIBLE_MAX = args.visible_max
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            g = synthetic_graph(n)
            t = time.perf_counter()
            data = load_view_data(g)
            path = out_dir / f"graph-{n}.html"
            counts = write_graph_page(data, path)
            py = time.perf_counter() - t
            needle = next(e.label for e in data.entities.values() if e.cls == "Programme")
            r = measure_page(path, needle, args.runs)
            rows.append((counts["nodes"], counts["edges"], len(g), path.stat().st_size / 1e6, py, r))
    print(f"graph.html, at most {args.visible_max} nodes drawn at once; median of {args.runs} page loads")
    print(f"{'nodes':>7} {'edges':>7} {'triples':>8} {'MB':>6} {'python s':>9} {'ready s':>8} "
          f"{'search s':>9} {'filter s':>9}")
    for n, m, t, mb, py, r in rows:
        print(f"{n:>7} {m:>7} {t:>8} {mb:>6.1f} {py:>9.2f} {r['ready']:>8.2f} {r['search']:>9.2f} {r['filter']:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
