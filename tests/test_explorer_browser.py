"""The explorer pages of the built sample in headless Debian chromium (Playwright, no
browser download): no request leaves the machine, search, side panel with source sentences,
filters, neighbourhood highlight, bounded drawing. Screenshots go to build/test-screenshots/
for people to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.views import graph_page, load_view_data, write_entity_page
from kg.views.entity import load_dataset

pytestmark = pytest.mark.browser


class OfflinePage:
    """A chromium page on which every request to anything but a local (file:, data:,
    blob:, about:) URL is recorded and aborted; console errors and exceptions are kept."""

    def __init__(self, page):
        self.page = page
        self.remote_requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: None if self.is_local(r.url) else self.remote_requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if self.is_local(r.request.url) else r.abort())

    @staticmethod
    def is_local(url: str) -> bool:
        return url.startswith(("file:", "data:", "blob:", "about:"))

    def open(self, path: Path, fragment: str = ""):
        self.page.goto(path.as_uri() + fragment, wait_until="load")

    def open_graph(self, path: Path, fragment: str = ""):
        self.open(path, fragment)
        self.page.wait_for_selector("body[data-kg-ready='1']", timeout=60_000)

    def visible(self) -> int:
        return self.page.evaluate("nodes.length")

    def assert_clean(self):
        assert self.remote_requests == [], f"page tried the network: {self.remote_requests}"
        assert self.errors == [], self.errors


@pytest.fixture
def view():
    from browser import launch_chromium, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 850}, service_workers="block")
            yield OfflinePage(context.new_page())
        finally:
            browser.close()


@pytest.fixture(scope="module")
def shots(root) -> Path:
    d = root / "build" / "test-screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_search_click_shows_source_sentence(sample_build, view, shots):
    result, _ = sample_build
    view.open_graph(result.out_dir / "graph.html")
    page = view.page
    assert page.evaluate("network.physics.options.enabled") is False  # stopped after stabilising
    assert view.visible() == result.view["nodes"]  # small graph: everything drawn
    page.fill("#search", "合肥")
    hit = page.locator("#search-results li", has_text="合肥市").first
    hit.wait_for()
    assert hit.inner_text().startswith("合肥市")
    hit.click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert panel.locator("h2").first.inner_text() == "合肥市"
    sources = page.locator("#sources li")
    texts = sources.all_inner_texts()
    assert any("公益性岗位" in t for t in texts), texts
    src = sources.filter(has_text="公益性岗位").first
    assert src.locator("mark").inner_text() in ("合肥市", "合肥")
    # neighbourhood highlight: the selected node and its neighbours keep their colour
    faded = page.evaluate("nodes.get({filter: n => n.color && n.color.background === '#e6e6e6'}).length")
    assert 0 < faded < view.visible()
    page.screenshot(path=str(shots / "graph-search-hefei.png"))
    # the source link opens the article page at the mention, which is highlighted
    href = src.locator("a").get_attribute("href")
    assert href.startswith("articles/") and "#m-" in href
    src.locator("a").click()
    page.wait_for_load_state("load")
    target = page.locator("mark.m:target")
    assert target.inner_text().startswith(("合肥市", "合肥"))
    page.screenshot(path=str(shots / "article-hefei.png"), full_page=True)
    view.assert_clean()


def test_class_and_facet_filters_change_visible_nodes(sample_build, view, shots):
    result, _ = sample_build
    view.open_graph(result.out_dir / "graph.html")
    page = view.page
    before = view.visible()
    n_programmes = int(page.locator('#legend li[data-cls="Programme"] .count').inner_text())
    page.locator('#legend li[data-cls="Programme"]').click()
    assert view.visible() == before - n_programmes > 0
    assert "显示 %d / %d" % (before - n_programmes, before) in page.locator("#status").inner_text()
    page.screenshot(path=str(shots / "graph-no-programmes.png"))
    page.locator('#legend li[data-cls="Programme"]').click()
    assert view.visible() == before
    page.select_option("#f-province", label="安徽省")
    anhui = view.visible()
    assert 0 < anhui < before
    labels = page.evaluate("nodes.get().map(n => n.label)")
    assert "合肥市" in labels and "广州市" not in labels
    page.select_option("#f-province", value="")
    themes = page.locator("#f-theme option").all_inner_texts()
    page.select_option("#f-theme", label=themes[1])
    assert 0 < view.visible() < before
    page.click("#reset")
    assert view.visible() == before
    view.assert_clean()


def test_bounded_drawing_adds_searched_nodes(sample_build, tmp_path, monkeypatch, view):
    """Above VISIBLE_MAX only the best-connected nodes are drawn; a search adds its hit and
    expanding adds the neighbours (the layout is precomputed, physics stays off)."""
    result, _ = sample_build
    data = load_view_data(load_dataset(result.out_dir))
    monkeypatch.setattr(graph_page, "VISIBLE_MAX", 15)
    monkeypatch.setattr(graph_page, "PHYSICS_MAX", 10)
    out = result.out_dir / "graph-bounded-test.html"
    try:
        graph_page.write_graph_page(data, out)
        view.open_graph(out)
        page = view.page
        assert view.visible() == 15
        assert page.evaluate("network.physics.options.enabled") is False
        drawn = set(page.evaluate("nodes.getIds()"))
        # nodes stay where Python put them
        want = {n["id"]: (n["x"], n["y"]) for n in page.evaluate("KG.nodes") if n["id"] in drawn}
        got = page.evaluate("network.getPositions()")
        assert {k: (round(v["x"]), round(v["y"])) for k, v in got.items()} == want
        def hidden_neighbours(iri):
            return {o for _, o, _ in data.neighbours(iri)} - drawn - {iri}
        target = next(e for e in sorted(data.entities.values(), key=lambda e: (data.degree(e.iri), e.iri))
                      if e.iri not in drawn and e.cls == "TargetGroup" and hidden_neighbours(e.iri))
        page.fill("#search", target.label)
        page.locator(f'#search-results li[data-id="{target.iri}"]').click()
        assert target.iri in page.evaluate("nodes.getIds()")
        assert view.visible() == 16
        page.click("#expand")
        assert view.visible() == 16 + len(hidden_neighbours(target.iri))
        view.assert_clean()
    finally:
        out.unlink()


def test_fragment_opens_a_node(sample_build, view):
    result, _ = sample_build
    data = load_view_data(load_dataset(result.out_dir))
    iri = next(i for i, e in data.entities.items() if e.label == "农民工")
    from urllib.parse import quote

    view.open_graph(result.out_dir / "graph.html", "#node=" + quote(iri, safe=""))
    view.page.locator("#panel").wait_for(state="visible")
    assert view.page.locator("#panel h2").first.inner_text() == "农民工"
    view.assert_clean()


def test_static_pages_render_offline(sample_build, view, shots):
    result, _ = sample_build
    out = result.out_dir
    entity = write_entity_page(load_dataset(out), "农民工", out)
    assert entity == out / "entities" / "group-migrant-workers.html"
    articles = sorted((out / "articles").glob("*.html"))
    for name, path in (("index", out / "index.html"), ("regions", out / "regions.html"),
                       ("entity-nongmingong", entity), ("article", articles[0])):
        view.open(path)
        view.page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    view.open(out / "index.html")
    links = view.page.locator("#articles a")
    assert links.count() == len(articles)
    links.first.click()
    view.page.wait_for_load_state("load")
    assert view.page.locator("mark.m").count() > 0
    assert view.page.locator("svg.kg-graph g.node").count() > 0
    view.open(entity)
    rows = view.page.locator("#programmes tbody tr")
    assert rows.count() > 0
    view.open(out / "regions.html")
    assert view.page.locator("svg.kg-bars g.bar").count() > 0
    view.assert_clean()
