"""kg.views: RDF graph -> networkx -> self-contained pyvis HTML page."""
from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib import BNode, Literal, Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS

import kg.views.html as views_html
from kg.errors import BuildError
from kg.views import graph_to_networkx, write_graph_html

EP = Namespace("https://w3id.org/employment-policy/ontology#")
SCHEMA = Namespace("http://schema.org/")
ID = Namespace("https://w3id.org/employment-policy/id/")
XSD_DECIMAL = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")

# What the sample graph draws, articles hidden / shown.
N_NODES, N_EDGES = 9, 9
N_NODES_ART, N_EDGES_ART = 10, 12


def _label(g, s, text):
    g.add((s, RDFS.label, Literal(text, lang="zh")))


@pytest.fixture
def sample_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.bind("ep", EP)
    g.bind("schema", SCHEMA)
    # places
    anhui, hefei = ID["division/340000"], ID["division/340100"]
    for s, name, code in ((anhui, "安徽省", "340000"), (hefei, "合肥市", "340100")):
        g.add((s, RDF.type, EP.AdministrativeDivision))
        _label(g, s, name)
        g.add((s, EP.divisionCode, Literal(code)))
    g.add((hefei, SCHEMA.containedInPlace, anhui))
    # agencies
    prov, city = ID["agency/ah-hrss"], ID["agency/hf-hrss"]
    g.add((prov, RDF.type, EP.GovernmentAgency))
    _label(g, prov, "安徽省人力资源和社会保障厅")
    g.add((prov, EP.jurisdiction, anhui))
    g.add((city, RDF.type, EP.GovernmentAgency))
    _label(g, city, "合肥市人力资源和社会保障局")
    g.add((city, EP.jurisdiction, hefei))
    # target group, programme, amounts, policy document
    group = ID["group/jiuye-kunnan"]
    g.add((group, RDF.type, EP.TargetGroup))
    _label(g, group, "就业困难人员")
    prog = ID["programme/gongyixing-gangwei"]
    g.add((prog, RDF.type, EP.Programme))
    _label(g, prog, "公益性岗位")
    g.add((prog, EP.issuedBy, city))
    g.add((prog, EP.targets, group))
    g.add((prog, EP.implementedIn, hefei))
    amount = ID["amount/300"]
    g.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    g.add((amount, SCHEMA.value, Literal("300", datatype=XSD_DECIMAL)))
    g.add((amount, SCHEMA.currency, Literal("CNY")))
    g.add((prog, EP.amount, amount))
    old = BNode()  # a blank-node amount: its id must not depend on the bnode label
    g.add((old, RDF.type, SCHEMA.MonetaryAmount))
    g.add((old, SCHEMA.value, Literal("150000", datatype=XSD_DECIMAL)))
    g.add((prog, EP.previousAmount, old))
    doc = ID["doc/ah-2024-12"]
    g.add((doc, RDF.type, EP.PolicyDocument))
    _label(g, doc, "关于做好公益性岗位开发管理工作的通知")
    g.add((doc, EP.issuedBy, prov))
    # an article mentioning three entities
    art = ID["article/0001"]
    g.add((art, RDF.type, EP.Article))
    g.add((art, DCTERMS.title, Literal("合肥市开发公益性岗位帮扶就业困难人员", lang="zh")))
    for e in (prog, hefei, group):
        g.add((art, EP.mentions, e))
    # nodes that exist but are never drawn
    mention = ID["mention/0001-1"]
    g.add((mention, RDF.type, EP.Mention))
    _label(g, mention, "公益性岗位")
    stmt = ID["statement/0001-1"]
    g.add((stmt, RDF.type, EP.RelationStatement))
    g.add((stmt, EP.amount, amount))
    when = ID["time/0001-1"]
    g.add((when, RDF.type, EP.TimeExpression))
    _label(g, when, "2024年")
    return g


def _legend(html: str) -> str:
    m = re.search(r'<aside id="legend">(.*?)</aside>', html, re.S)
    assert m, "no legend block"
    return m.group(1)


# ------------------------------------------------------------------ graph_to_networkx
def test_graph_to_networkx_nodes_edges_and_classes(sample_graph):
    g = graph_to_networkx(sample_graph)
    assert isinstance(g, nx.MultiDiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (N_NODES, N_EDGES)
    classes = sorted(d["cls"] for _, d in g.nodes(data=True))
    assert classes == sorted(["AdministrativeDivision"] * 2 + ["GovernmentAgency"] * 2 + [
        "MonetaryAmount"] * 2 + ["PolicyDocument", "Programme", "TargetGroup"])
    # not drawn: articles (by default), mentions, statements, time expressions
    assert not any(n.endswith(("article/0001", "mention/0001-1", "statement/0001-1",
                               "time/0001-1")) for n in g.nodes)

    hefei = g.nodes[str(ID["division/340100"])]
    assert hefei["label"] == "合肥市" and hefei["cls"] == "AdministrativeDivision"
    assert hefei["iri"] == str(ID["division/340100"]) and hefei["code"] == "340100"
    for part in ("行政区划", "合肥市", str(ID["division/340100"]), "340100",
                 "合肥市开发公益性岗位帮扶就业困难人员"):
        assert part in hefei["title"]

    prog = str(ID["programme/gongyixing-gangwei"])
    rel = {(d["relation"], g.nodes[v]["label"], d["label"]) for _, v, d in g.out_edges(prog, data=True)}
    assert rel == {
        ("issuedBy", "合肥市人力资源和社会保障局", "发布机关"),
        ("targets", "就业困难人员", "面向"),
        ("implementedIn", "合肥市", "实施地区"),
        ("amount", "300元", "金额"),
        ("previousAmount", "15万元", "原金额"),
    }
    assert g.has_edge(str(ID["division/340100"]), str(ID["division/340000"]), key="containedInPlace")
    assert g.edges[str(ID["division/340100"]), str(ID["division/340000"]), "containedInPlace"]["label"] == "隶属"


def test_graph_to_networkx_with_articles(sample_graph):
    g = graph_to_networkx(sample_graph, show_articles=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (N_NODES_ART, N_EDGES_ART)
    art = str(ID["article/0001"])
    assert g.nodes[art]["cls"] == "Article"
    assert {d["label"] for _, _, d in g.out_edges(art, data=True)} == {"提及"}
    assert g.out_degree(art) == 3


def test_blank_node_ids_are_stable_across_parses(sample_graph):
    again = rdflib.Graph().parse(data=sample_graph.serialize(format="nt"), format="nt")
    assert sorted(graph_to_networkx(again).nodes) == sorted(graph_to_networkx(sample_graph).nodes)


def test_dataset_is_read_as_union_of_its_graphs(sample_graph):
    ds = rdflib.Dataset()
    art_graph = ds.graph(ID["article/0001"])
    other = ds.graph(ID["article/0002"])
    for i, t in enumerate(sorted(sample_graph)):
        (art_graph if i % 2 else other).add(t)
    g = graph_to_networkx(ds)
    assert (g.number_of_nodes(), g.number_of_edges()) == (N_NODES, N_EDGES)


# ------------------------------------------------------------------ write_graph_html
def test_html_is_self_contained(sample_graph, tmp_path):
    out = tmp_path / "graph.html"
    counts = write_graph_html(sample_graph, out, title="安徽就业政策")
    assert counts == {"nodes": N_NODES, "edges": N_EDGES}
    html = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert "<title>安徽就业政策</title>" in html
    # vis-network is inlined, pyvis's bootstrap/CDN links are gone
    assert "new vis.Network" in html and "vis-network" in html
    assert len(html) > 300_000  # the minified library itself
    remote = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.I)
    assert remote == []
    assert "http://" not in " ".join(re.findall(r"""\b(?:src|href)\s*=\s*\S+""", html))
    assert "https://" not in " ".join(re.findall(r"""\b(?:src|href)\s*=\s*\S+""", html))
    assert "<link" not in html and "bootstrap" not in html and "cdnjs" not in html
    assert not re.search(r"<script[^>]*\ssrc=", html)
    # physics: stabilise, then off; continuous edges; ids are IRIs
    assert '"stabilizationIterationsDone"' in html and "physics: {enabled: false}" in html
    assert '"type": "continuous"' in html
    assert f'"id": "{ID["programme/gongyixing-gangwei"]}"' in html


def test_legend_lists_classes_present(sample_graph, tmp_path):
    out = tmp_path / "g.html"
    write_graph_html(sample_graph, out)
    legend = _legend(out.read_text(encoding="utf-8"))
    items = re.findall(r'data-cls="(\w+)".*?background: (#[0-9a-f]{6}).*?class="name">(.*?)<'
                       r'.*?class="count">(\d+)<', legend, re.S)
    assert items == [
        ("GovernmentAgency", views_html.CLASS_COLOURS["GovernmentAgency"], "政府机构", "2"),
        ("AdministrativeDivision", views_html.CLASS_COLOURS["AdministrativeDivision"], "行政区划", "2"),
        ("Programme", views_html.CLASS_COLOURS["Programme"], "政策项目", "1"),
        ("PolicyDocument", views_html.CLASS_COLOURS["PolicyDocument"], "政策文件", "1"),
        ("TargetGroup", views_html.CLASS_COLOURS["TargetGroup"], "目标群体", "1"),
        ("MonetaryAmount", views_html.CLASS_COLOURS["MonetaryAmount"], "金额", "2"),
    ]
    write_graph_html(sample_graph, out, show_articles=True)
    assert "新闻条目" in _legend(out.read_text(encoding="utf-8"))


def test_title_is_escaped(sample_graph, tmp_path):
    out = tmp_path / "g.html"
    write_graph_html(sample_graph, out, title='<script>alert("x")</script>')
    html = out.read_text(encoding="utf-8")
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_output_is_deterministic(sample_graph, tmp_path):
    a, b, c = tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.html"
    write_graph_html(sample_graph, a, show_articles=True)
    write_graph_html(sample_graph, b, show_articles=True)
    # same triples, other order and other blank-node labels
    again = rdflib.Graph().parse(data=sample_graph.serialize(format="turtle"), format="turtle")
    write_graph_html(again, c, show_articles=True)
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


def test_large_graph_gets_precomputed_positions(sample_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(views_html, "PRECOMPUTED_LAYOUT_THRESHOLD", 3)
    out1, out2 = tmp_path / "1.html", tmp_path / "2.html"
    write_graph_html(sample_graph, out1)
    html = out1.read_text(encoding="utf-8")
    assert html.count('"x": ') == N_NODES and html.count('"y": ') == N_NODES
    assert '"physics": {"enabled": false' in html
    # the fallback when spring_layout cannot run (no scipy) is deterministic too
    def no_scipy(*a, **k):
        raise ImportError("scipy")
    monkeypatch.setattr(views_html.nx, "spring_layout", no_scipy)
    write_graph_html(sample_graph, out1)
    write_graph_html(sample_graph, out2)
    assert out1.read_bytes() == out2.read_bytes()
    assert out1.read_text(encoding="utf-8").count('"x": ') == N_NODES


def test_empty_graph(tmp_path):
    out = tmp_path / "empty.html"
    assert write_graph_html(rdflib.Graph(), out) == {"nodes": 0, "edges": 0}
    assert "图中没有可显示的实体" in out.read_text(encoding="utf-8")


class _BrokenGraph:
    """Makes rendering raise: every triple pattern lookup fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RuntimeError("store went away")
        return fail


def _leftovers(d: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name not in keep)


def test_failed_render_leaves_existing_file(tmp_path):
    out = tmp_path / "graph.html"
    out.write_text("old page", encoding="utf-8")
    with pytest.raises(RuntimeError):
        write_graph_html(_BrokenGraph(), out)
    assert out.read_text(encoding="utf-8") == "old page"
    assert _leftovers(tmp_path, {"graph.html"}) == []


def test_failed_write_leaves_existing_file_and_no_temp(sample_graph, tmp_path, monkeypatch):
    out = tmp_path / "graph.html"
    out.write_text("old page", encoding="utf-8")

    def refuse(src, dst):
        assert Path(src).parent == Path(dst).parent  # temp file beside the target
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(BuildError, match="No space left"):
        write_graph_html(sample_graph, out)
    assert out.read_text(encoding="utf-8") == "old page"
    assert _leftovers(tmp_path, {"graph.html"}) == []


def test_successful_write_leaves_no_temp(sample_graph, tmp_path):
    out = tmp_path / "sub" / "graph.html"
    write_graph_html(sample_graph, out)
    assert _leftovers(out.parent, {"graph.html"}) == []
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


def test_library_prints_nothing(sample_graph, tmp_path, capfd):
    write_graph_html(sample_graph, tmp_path / "g.html")
    assert capfd.readouterr() == ("", "")


# ------------------------------------------------------------------ in a real browser
def test_browser_tests_fail_in_ci_and_skip_elsewhere(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "chromium_available", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        browser.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install Debian chromium"):
        browser.require_chromium()


class OfflinePage:
    """A page of headless Debian chromium on which every request to anything but a
    local (file:, data:, blob:, about:) URL is recorded and aborted, and console
    errors and uncaught exceptions are collected."""

    def __init__(self, page):
        self.page = page
        self.remote_requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.route("**/*", self._route)

    @staticmethod
    def is_local(url: str) -> bool:
        return url.startswith(("file:", "data:", "blob:", "about:"))

    def _on_request(self, request):
        if not self.is_local(request.url):
            self.remote_requests.append(request.url)

    def _route(self, route):
        if self.is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    def open_graph(self, path: Path, n_nodes: int):
        """Load the page and wait until vis holds all nodes and the layout is done."""
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_function(
            "n => typeof network !== 'undefined' && network !== null"
            " && network.body.data.nodes.length === n",
            arg=n_nodes, timeout=30_000)
        self.page.wait_for_selector("body[data-kg-ready='1']", timeout=60_000)

    def assert_clean(self):
        assert self.remote_requests == [], f"page tried the network: {self.remote_requests}"
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors


@pytest.fixture
def chromium_page():
    from browser import launch_chromium, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800},
                                          service_workers="block")
            yield OfflinePage(context.new_page())
        finally:
            browser.close()


@pytest.mark.browser
def test_page_renders_offline_in_chromium(sample_graph, tmp_path, root, chromium_page):
    out = tmp_path / "graph.html"
    counts = write_graph_html(sample_graph, out, title="安徽就业政策知识图谱", show_articles=True)
    assert counts == {"nodes": N_NODES_ART, "edges": N_EDGES_ART}
    view = chromium_page
    page = view.page
    view.open_graph(out, N_NODES_ART)

    assert page.evaluate("network.body.data.edges.length") == N_EDGES_ART
    assert page.evaluate("network.physics.options.enabled") is False  # frozen after stabilising
    canvas = page.locator("#mynetwork canvas")
    assert canvas.count() == 1
    box = canvas.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 300
    legend_text = page.locator("#legend").inner_text()
    for name in ("政府机构", "行政区划", "政策项目", "政策文件", "目标群体", "金额", "新闻条目"):
        assert name in legend_text

    shots = root / "build" / "test-screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "graph.png"))

    # hover the programme node: the tooltip shows its label and the mentioning article
    prog = str(ID["programme/gongyixing-gangwei"])
    pos = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", prog)
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    tip = tooltip.inner_text()
    assert "公益性岗位" in tip and "合肥市开发公益性岗位帮扶就业困难人员" in tip
    page.screenshot(path=str(shots / "graph-tooltip.png"))

    # the legend hides and shows a class
    page.locator('#legend li[data-cls="MonetaryAmount"]').click()
    assert page.evaluate("nodes.get({filter: n => n.hidden === true}).length") == 2
    page.locator('#legend li[data-cls="MonetaryAmount"]').click()
    assert page.evaluate("nodes.get({filter: n => n.hidden === true}).length") == 0

    view.assert_clean()


@pytest.mark.browser
def test_precomputed_layout_renders_offline(sample_graph, tmp_path, monkeypatch, chromium_page):
    monkeypatch.setattr(views_html, "PRECOMPUTED_LAYOUT_THRESHOLD", 3)
    out = tmp_path / "big.html"
    write_graph_html(sample_graph, out)
    view = chromium_page
    view.open_graph(out, N_NODES)
    assert view.page.evaluate("network.physics.options.enabled") is False
    # nodes stay where Python put them
    want = {n["id"]: (n["x"], n["y"]) for n in view.page.evaluate("nodes.get()")}
    got = view.page.evaluate("network.getPositions()")
    assert {k: (round(v["x"]), round(v["y"])) for k, v in got.items()} == want
    view.assert_clean()


@pytest.mark.browser
def test_built_sample_graph_renders_offline(sample_build, root, chromium_page):
    """graph.html written by `kg build` on data/samples draws every node with no network."""
    result, _ = sample_build
    html = result.out_dir / "graph.html"
    assert result.view["nodes"] > 50
    chromium_page.open_graph(html, result.view["nodes"])
    assert chromium_page.page.evaluate("network.body.data.edges.length") == result.view["edges"]
    shots = root / "build" / "test-screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    chromium_page.page.screenshot(path=str(shots / "sample-graph.png"))
    chromium_page.assert_clean()
