"""kg.views: RDF dataset -> ViewData -> graph, index, article, entity and region pages.

A small hand-made graph checks the details; the built sample is checked against what
SPARQL over Oxigraph (an independent reading of graph.trig) says."""
from __future__ import annotations

import json
import os
import re
from html import unescape

import pytest
import rdflib
from rdflib import Literal, Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from conftest import sparql
from kg.errors import BuildError, KGError
from kg.views import graph_page, load_view_data, render_entity_page, resolve_entity, to_networkx, write_site
from kg.views.data import sentence_around
from kg.views.render import script_json

EP = Namespace("https://w3id.org/employment-policy/ontology#")
SCHEMA = Namespace("http://schema.org/")
ID = Namespace("https://w3id.org/employment-policy/id/")
TEXT = "合肥市开发公益性岗位。面向就业困难人员，每人每月300元。</script><b>x</b>"
START = 100  # the article's offset in its source file


def _add(g, s, cls, label):
    g.add((s, RDF.type, cls))
    g.add((s, RDFS.label, Literal(label, lang="zh")))


@pytest.fixture
def small():
    """One article: 合肥市 (in 安徽省) runs 公益性岗位 for 就业困难人员 with 300元."""
    g = rdflib.Dataset(default_union=True)
    art = ID["article/d/a01"]
    a = g.graph(art)
    ref = g.graph(ID["graph/divisions"])
    anhui, hefei = ID["region/340000"], ID["region/340100"]
    for s, name, code, level in ((anhui, "安徽省", "340000", "province"), (hefei, "合肥市", "340100", "prefecture")):
        _add(ref, s, EP.AdministrativeDivision, name)
        ref.add((s, EP.divisionCode, Literal(code)))
        ref.add((s, EP.divisionLevel, Literal(level)))
    ref.add((hefei, SCHEMA.containedInPlace, anhui))
    prog, group, amount = ID["programme/gyxgw"], ID["group/knry"], ID["amount/300-CNY"]
    _add(a, prog, EP.Programme, "公益性岗位")
    _add(a, group, EP.TargetGroup, "就业困难人员<困难>")
    a.add((group, SKOS.altLabel, Literal("困难群体", lang="zh")))
    a.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    a.add((amount, SCHEMA.value, Literal("300", datatype=XSD.decimal)))
    a.add((art, RDF.type, EP.Article))
    a.add((art, DCTERMS.title, Literal("合肥开发公益性岗位</script>", lang="zh")))
    a.add((art, SCHEMA.text, Literal(TEXT, lang="zh")))
    a.add((art, EP.startOffset, Literal(START, datatype=XSD.nonNegativeInteger)))
    a.add((art, EP.theme, Literal("公益性岗位", lang="zh")))
    a.add((art, EP.aboutRegion, hefei))
    for k, (ent, s, e) in enumerate(((hefei, 0, 3), (prog, 5, 10), (group, 13, 19), (amount, 24, 28))):
        m = ID[f"mention/{k}"]
        a.add((m, RDF.type, EP.Mention))
        a.add((m, EP.mentionOf, ent))
        a.add((m, EP.inArticle, art))
        a.add((m, EP.startOffset, Literal(START + s, datatype=XSD.nonNegativeInteger)))
        a.add((m, EP.endOffset, Literal(START + e, datatype=XSD.nonNegativeInteger)))
    for k, (s, p, o, e0, e1) in enumerate(((prog, EP.implementedIn, hefei, 0, 11), (prog, EP.targets, group, 11, 29),
                                           (prog, EP.amount, amount, 11, 29))):
        a.add((s, p, o))
        st = ID[f"statement/{k}"]
        for t in ((st, RDF.type, EP.RelationStatement), (st, RDF.subject, s), (st, RDF.predicate, p),
                  (st, RDF.object, o), (st, EP.inArticle, art),
                  (st, EP.startOffset, Literal(START + e0, datatype=XSD.nonNegativeInteger)),
                  (st, EP.endOffset, Literal(START + e1, datatype=XSD.nonNegativeInteger))):
            a.add(t)
    # a second 合肥 label makes "合肥" ambiguous only as an alias, never as a label
    other = ID["agency/hf"]
    _add(a, other, EP.GovernmentAgency, "合肥市人力资源和社会保障局")
    a.add((other, SKOS.altLabel, Literal("合肥", lang="zh")))
    twin = ID["agency/hf2"]
    _add(a, twin, EP.GovernmentAgency, "市人社局")
    a.add((twin, SKOS.altLabel, Literal("合肥", lang="zh")))
    return g


# ------------------------------------------------------------------ data extraction
def test_view_data_reads_entities_mentions_and_evidence(small):
    d = load_view_data(small)
    assert {e.label: e.cls for e in d.entities.values()} == {
        "安徽省": "AdministrativeDivision", "合肥市": "AdministrativeDivision", "公益性岗位": "Programme",
        "就业困难人员<困难>": "TargetGroup", "300元": "MonetaryAmount",
        "合肥市人力资源和社会保障局": "GovernmentAgency", "市人社局": "GovernmentAgency"}
    art = d.articles[str(ID["article/d/a01"])]
    assert art.text == TEXT and art.theme == "公益性岗位" and art.href == "articles/d-a01.html"
    # mention offsets index the article text (file offsets minus the article's start)
    assert [art.text[m.start:m.end] for m in d.mentions] == ["合肥市", "公益性岗位", "就业困难人员", "300元"]
    edge = next(e for e in d.edges if e.relation == "implementedIn")
    assert edge.articles == {art.iri} and edge.evidence == [(art.iri, 0, 11)]
    assert art.text[0:11] == "合肥市开发公益性岗位。"
    assert d.division_at(str(ID["region/340100"]), "province") == str(ID["region/340000"])
    assert d.sentence(d.mentions[2]) == ("面向就业困难人员，每人每月300元。", 2, 8)


def test_sentence_around_cuts_at_sentence_ends():
    text = "第一句。第二句有合肥市！\n第三句"
    assert sentence_around(text, 8, 11) == ("第二句有合肥市！", 4, 7)
    assert sentence_around(text, 14, 15) == ("第三句", 1, 2)


def test_to_networkx_matches_view_data(small):
    g = to_networkx(small)
    d = load_view_data(small)
    assert g.number_of_nodes() == len(d.entities) and g.number_of_edges() == len(d.edges)
    assert g.nodes[str(ID["region/340100"])]["n_articles"] == 1


# ------------------------------------------------------------------ escaping
def test_script_json_cannot_close_the_script_element():
    value = {"l": "</script><script>alert(1)</script>", "s": "a\u2028b & <!--"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_pages_escape_labels_and_titles(small, tmp_path):
    write_site(small, tmp_path)
    graph = (tmp_path / "graph.html").read_text(encoding="utf-8")
    payload = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', graph, re.S).group(1)
    assert "</script>" not in payload and "<b>" not in payload
    labels = {n["l"] for n in json.loads(payload)["nodes"]}
    assert "就业困难人员<困难>" in labels
    for page in ("index.html", "articles/d-a01.html", "regions.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert "<b>x</b>" not in html and "<困难>" not in html, page
        assert "合肥开发公益性岗位</script>" not in html
    art = (tmp_path / "articles/d-a01.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in art
    entity = render_entity_page(small, "就业困难人员<困难>")
    assert "就业困难人员&lt;困难&gt;" in entity and "<困难>" not in entity


# ------------------------------------------------------------------ pages
def test_graph_page_is_self_contained(small, tmp_path):
    counts = write_site(small, tmp_path)
    assert (counts["nodes"], counts["edges"]) == (7, 4)
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "new vis.Network" in html and len(html) > 300_000  # vis-network inlined
    assert not re.search(r"<script[^>]*\ssrc=", html) and "<link" not in html
    refs = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)""", html)
    assert refs and not [r for r in refs if "//" in r]
    assert '"stabilizationIterationsDone"' in html


def test_article_page_highlights_every_mention(small, tmp_path):
    write_site(small, tmp_path)
    html = (tmp_path / "articles/d-a01.html").read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="m" id="m-(\d+)" data-cls="(\w+)"[^>]*>([^<]*)<', html)
    assert marks == [("0", "AdministrativeDivision", "合肥市"), ("5", "Programme", "公益性岗位"),
                     ("13", "TargetGroup", "就业困难人员"), ("24", "MonetaryAmount", "300元")]
    text = re.search(r'<div class="article-text" id="text">(.*?)</div>', html, re.S).group(1)
    plain = unescape(re.sub(r'<span class="tag">[^<]*</span>|<[^>]+>', "", text))
    assert plain == TEXT  # the whole text, nothing lost or doubled
    assert '<svg class="kg-graph"' in html and "实施地区" in html


def test_entity_page_shows_programmes_where_and_amounts(small):
    html = render_entity_page(small, "困难群体")  # by alias
    row = re.search(r'<table id="programmes">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:4] == ["公益性岗位", "面向", "合肥市", "300元"]
    assert "就业困难人员" in re.search(r'<ul id="sources">(.*?)</ul>', html, re.S).group(1)
    assert 'href="../articles/d-a01.html#m-13"' in html


def test_resolve_entity_by_iri_label_alias_and_errors(small):
    d = load_view_data(small)
    hefei = str(ID["region/340100"])
    assert resolve_entity(d, hefei) == hefei
    assert resolve_entity(d, " 合肥市 ") == hefei
    assert resolve_entity(d, "困难群体") == str(ID["group/knry"])
    with pytest.raises(KGError) as err:
        resolve_entity(d, "合肥")
    assert str(err.value) == (f"entity '合肥' is ambiguous: 2 entities have this alias ({ID['agency/hf']}, "
                              f"{ID['agency/hf2']}); give the IRI instead")
    with pytest.raises(KGError, match=r"^entity '芜湖' is not in the graph; search graph.html"):
        resolve_entity(d, "芜湖")
    with pytest.raises(KGError, match="similar labels: 公益性岗位"):
        resolve_entity(d, "公益性")


def test_region_view_lists_programmes_by_province(small, tmp_path):
    write_site(small, tmp_path)
    html = (tmp_path / "regions.html").read_text(encoding="utf-8")
    assert '<g class="bar" data-label="安徽省">' in html
    section = re.search(r'<section class="province" id="p-340000">(.*?)</section>', html, re.S).group(1)
    assert re.search(r"<td>合肥市</td><td><a [^>]*>公益性岗位</a></td><td>300元</td>", section)


def test_layout_places_every_node_deterministically(small, monkeypatch):
    monkeypatch.setattr(graph_page, "PHYSICS_MAX", 2)
    monkeypatch.setattr(graph_page, "CORE_MAX", 3)
    d = load_view_data(small)
    a = graph_page.graph_payload(d)
    assert a["precomputed"] and all("x" in n and "y" in n for n in a["nodes"])
    assert len({(n["x"], n["y"]) for n in a["nodes"]}) == len(a["nodes"])
    assert graph_page.render_graph_page(d) == graph_page.render_graph_page(load_view_data(small))


def test_failed_write_keeps_the_old_page(small, tmp_path, monkeypatch):
    out = tmp_path / "graph.html"
    out.write_text("old page", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(BuildError, match="No space left"):
        graph_page.write_graph_page(load_view_data(small), out)
    assert out.read_text(encoding="utf-8") == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


def test_library_prints_nothing(small, tmp_path, capfd):
    write_site(small, tmp_path)
    render_entity_page(small, "合肥市")
    assert capfd.readouterr() == ("", "")


# ------------------------------------------------------------------ the built sample vs SPARQL
def test_sample_index_counts_agree_with_sparql(sample_build):
    result, store = sample_build
    html = (result.out_dir / "index.html").read_text(encoding="utf-8")
    cards = dict(re.findall(r'<div class="card" data-cls="(\w+)">.*?<div class="n">(\d+)</div>', html))
    for cls, iri in (("Programme", "ep:Programme"), ("TargetGroup", "ep:TargetGroup"),
                     ("GovernmentAgency", "ep:GovernmentAgency"), ("MonetaryAmount", "schema:MonetaryAmount")):
        (n,), = sparql(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {iri} }}")
        assert cards.get(cls, "0") == n, cls
    rows = re.findall(r'<tr><td><a href="(articles/[^"]+\.html)">', html)
    (n_articles,), = sparql(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ep:Article }")
    assert len(rows) == int(n_articles) == result.view["articles"]
    assert all((result.out_dir / r).is_file() for r in rows)


def test_sample_article_pages_mark_each_mention(sample_build):
    result, store = sample_build
    for art, title in sparql(store, "SELECT ?a ?t WHERE { ?a a ep:Article ; dct:title ?t }"):
        spans = sorted((int(s), int(e)) for s, e in sparql(store, f"""
            SELECT DISTINCT ?s ?e WHERE {{ ?m ep:inArticle <{art}> ; a ep:Mention ;
                 ep:startOffset ?s ; ep:endOffset ?e }}"""))
        kept, end = 0, -1
        for s, e in spans:  # overlapping mentions: the earlier, longer one is drawn
            if s >= end:
                kept, end = kept + 1, e
        html = next(p for p in (result.out_dir / "articles").iterdir()
                    if f"<title>{title}</title>" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")
        assert html.count('<mark class="m"') == kept, title


def test_sample_region_view_agrees_with_sparql(sample_build):
    result, store = sample_build
    html = (result.out_dir / "regions.html").read_text(encoding="utf-8")
    rows = sparql(store, """
        SELECT ?prov (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?p a ep:Programme ; ep:implementedIn ?r .
          ?r schema:containedInPlace* ?prov . ?prov ep:divisionLevel "province" .
        } GROUP BY ?prov""")
    assert rows
    for prov, n in rows:
        code = prov.rsplit("/", 1)[1]
        section = re.search(rf'<section class="province" id="p-{code}">\s*<h2>.*?(\d+) 个政策项目', html, re.S)
        assert section and section.group(1) == n, prov


# ------------------------------------------------------------------ browser helper
def test_browser_tests_fail_in_ci_and_skip_elsewhere(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "chromium_available", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        browser.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install Debian chromium"):
        browser.require_chromium()
