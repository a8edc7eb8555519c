"""Serialisations of the graph."""
