"""Shared fixtures. Expensive objects (the spaCy pipeline, a built sample graph) are
session-scoped; tests that need ../shared are marked `shared` and run only where it exists."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "data" / "samples"


def pytest_collection_modifyitems(config, items):
    if (SHARED / "corpus").is_dir():
        return
    skip = pytest.mark.skip(reason="../shared is not beside this checkout")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


def _store(trig: Path):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(trig), format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample built once: (BuildResult, pyoxigraph Store over graph.trig)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("sample-build")
    result = build([SAMPLES], out)
    return result, _store(out / "graph.trig")


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The development corpus of ../shared built once (only for `shared` tests)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus-build")
    result = build([SHARED / "corpus"], out)
    return result, _store(out / "graph.trig")


PREFIXES = """PREFIX ep: <https://w3id.org/employment-policy/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def sparql(store, query: str) -> list[tuple]:
    """Rows of a SELECT over the union of all named graphs, as tuples of lexical values."""
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(None if v is None else v.value for v in row) for row in rows]


def ask(store, query: str) -> bool:
    return bool(store.query(PREFIXES + query, use_default_graph_as_union=True))
