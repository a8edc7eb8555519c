"""Persistent Oxigraph store (`kg build --store`, `kg remove`) and pushing a graph to a
SPARQL 1.1 Graph Store HTTP Protocol endpoint (`kg push`)."""
from kg.store.ingest import StoreResult, remove_sources, update_store
from kg.store.store import StoreError, dataset_quads, list_sources, open_store, store_base

__all__ = ["StoreResult", "StoreError", "update_store", "remove_sources", "open_store",
           "store_base", "list_sources", "dataset_quads"]
