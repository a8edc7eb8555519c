"""Serialisations of the graph: atomic file writing and `kg export` (see kg.export.export)."""
from kg.export.export import FORMATS, ExportResult, default_output, export_graph

__all__ = ["FORMATS", "ExportResult", "default_output", "export_graph"]
