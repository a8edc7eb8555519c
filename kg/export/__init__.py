"""Serialisations of the graph: atomic file writing (kg.export.files) and `kg export`
(kg.export.export). The export names load on first use, so importing kg.export.files does
not pull in rdflib and networkx."""
from __future__ import annotations

from importlib import import_module

__all__ = ["FORMATS", "ExportResult", "default_output", "export_graph"]


def __getattr__(name: str):
    if name in __all__:
        value = getattr(import_module("kg.export.export"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg.export' has no attribute {name!r}")
