"""Views of the knowledge graph for people: an interactive HTML page (`write_graph_html`)
and the networkx graph it is drawn from (`graph_to_networkx`)."""
from kg.views.html import graph_to_networkx, write_graph_html

__all__ = ["graph_to_networkx", "write_graph_html"]
