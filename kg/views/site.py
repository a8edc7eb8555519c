"""Write every page of the explorer into a build folder from the RDF dataset:
index.html, graph.html, regions.html and articles/<slug>.html (all atomic)."""
from __future__ import annotations

from pathlib import Path

from kg.views.data import load_view_data
from kg.views.graph_page import write_graph_page
from kg.views.pages import render_article, render_index
from kg.views.regions import render_regions
from kg.views.render import write_page


def write_site(dataset, out_dir: str | Path, title: str = "就业政策知识图谱") -> dict:
    """Render the pages of `dataset` (rdflib Graph or Dataset) into `out_dir`.

    Returns ``{"nodes", "edges", "articles", "pages"}`` with the output paths in "pages"."""
    out = Path(out_dir)
    data = load_view_data(dataset)
    counts = write_graph_page(data, out / "graph.html", title=title)
    pages = {"graph": str(out / "graph.html"),
             "index": str(write_page(out / "index.html", render_index(data, title))),
             "regions": str(write_page(out / "regions.html", render_regions(data)))}
    for art in data.articles.values():
        write_page(out / art.href, render_article(data, art))
    pages["articles"] = str(out / "articles")
    return {**counts, "articles": len(data.articles), "pages": pages}


def view_build(build_dir: str | Path, entity: str | None = None) -> list[Path]:
    """`kg view`: from DIR/graph.trig, write the page of `entity` (IRI, label or alias) to
    DIR/entities/<slug>.html, or with no entity rewrite every page of the folder.
    Returns the paths written (for the whole site: the main pages)."""
    from kg.views.entity import load_dataset, write_entity_page

    ds = load_dataset(build_dir)
    if entity is not None:
        return [write_entity_page(ds, entity, build_dir)]
    pages = write_site(ds, build_dir)["pages"]
    return [Path(pages[k]) for k in ("index", "graph", "regions", "articles")]
