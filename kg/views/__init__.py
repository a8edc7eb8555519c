"""Views of the knowledge graph for people, all rendered from the RDF dataset:
graph.html (interactive, offline), index.html, per-article pages, regions.html
(`write_site`), entity pages (`render_entity_page`, `write_entity_page`) and the graph as
networkx (`to_networkx`)."""
from kg.views.data import ViewData, load_view_data
from kg.views.entity import render_entity_page, resolve_entity, write_entity_page
from kg.views.network import to_networkx
from kg.views.site import view_build, write_site

__all__ = ["ViewData", "load_view_data", "render_entity_page", "resolve_entity", "to_networkx",
           "view_build", "write_entity_page", "write_site"]
