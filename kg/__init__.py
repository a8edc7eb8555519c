"""kg: turn Chinese employment-policy news into a typed, queryable RDF knowledge graph.

Library first: the CLI (``kg``) is a thin layer over these functions. ``import kg`` is
cheap: spaCy, jieba and rdflib load when a function that needs them first runs.
"""
from kg.build import BuildResult, build
from kg.errors import InputError, KGError, QueryError
from kg.eval import evaluate
from kg.extract import extract_records
from kg.read import Article, Document, read_document

__all__ = [
    "Article",
    "BuildResult",
    "Document",
    "InputError",
    "KGError",
    "QueryError",
    "build",
    "evaluate",
    "extract_records",
    "read_document",
]
