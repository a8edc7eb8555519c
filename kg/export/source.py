"""Reading a built folder (DIR/graph.trig) for exports and validation.

Quads come straight from Oxigraph's strict TriG parser. They are deliberately not loaded
into a ``pyoxigraph.Store``: the store keeps literal values, not datatypes, for some
numeric types (``"3"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``), and an
export must reproduce the graph exactly.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def graph_path(build_dir: str | Path) -> Path:
    """DIR/graph.trig of a folder written by `kg build` (or the .trig file itself)."""
    given = Path(build_dir)
    path = given if given.is_file() and given.suffix == ".trig" else given / "graph.trig"
    if not path.is_file():
        raise BuildError(f"{build_dir}: no graph.trig here (run `kg build` first)")
    return path


def read_quads(build_dir: str | Path) -> list[ox.Quad]:
    """Every quad of DIR/graph.trig, in file order."""
    path = graph_path(build_dir)
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise BuildError(f"{path}: not valid TriG ({_one_line(exc)}); rebuild it with `kg build`") from exc
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path}: cannot be read ({_one_line(exc)})") from exc


def load_store(quads: list[ox.Quad]) -> ox.Store:
    """An in-memory store over `quads`, for SPARQL (see the module note on datatypes)."""
    store = ox.Store()
    store.extend(quads)
    return store
