"""SPARQL over a built knowledge graph (DIR/graph.trig) with Oxigraph."""
from kg.query.run import (QueryResult, format_result, list_queries, load_store, read_query,
                          run_query)

__all__ = ["load_store", "run_query", "read_query", "list_queries", "format_result", "QueryResult"]
