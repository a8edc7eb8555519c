"""`kg export`: a built folder (DIR/graph.trig) → one of eight interchange formats.

========== ======================= ============================================
format     default output           content
========== ======================= ============================================
ttl        DIR/export/graph.ttl     union of the named graphs (triples)
nt         DIR/export/graph.nt      union of the named graphs (triples)
rdfxml     DIR/export/graph.rdf     union of the named graphs (triples)
nq         DIR/export/graph.nq      every named graph (quads)
trig       DIR/export/graph.trig    every named graph (quads)
jsonld     DIR/export/graph.jsonld  every named graph (one @graph each)
graphml    DIR/export/graph.graphml property graph: entities, articles, relations
neo4j-csv  DIR/export/neo4j/        nodes.csv + relationships.csv (neo4j-admin)
========== ======================= ============================================

Every output is written atomically and is deterministic: the same graph.trig gives
byte-identical files. A single-file format can also be written to a binary stream
(``kg export DIR --format nt -o -`` writes to stdout).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from kg.errors import BuildError
from kg.export.files import atomic_write
from kg.export.graphml import write_graphml
from kg.export.jsonld import write_jsonld
from kg.export.neo4j import write_neo4j
from kg.export.property_graph import property_graph
from kg.export.rdf import RDF_FORMATS, write_rdf
from kg.export.source import load_store, read_quads

DEFAULT_NAMES = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "trig": "graph.trig",
                 "jsonld": "graph.jsonld", "rdfxml": "graph.rdf", "graphml": "graph.graphml",
                 "neo4j-csv": "neo4j"}
FORMATS = tuple(DEFAULT_NAMES)
FOLDER_FORMATS = ("neo4j-csv",)


@dataclass
class ExportResult:
    format: str
    outputs: list[Path] = field(default_factory=list)  # empty when written to a stream
    counts: dict[str, int] = field(default_factory=dict)  # triples | quads | nodes, edges

    def describe(self) -> str:
        """E.g. "4908 triples" or "318 nodes, 520 relationships"."""
        return ", ".join(f"{n} {unit}" for unit, n in self.counts.items())


def default_output(build_dir: str | Path, fmt: str) -> Path:
    """Where `kg export DIR --format FMT` writes without -o: DIR/export/<name> (beside the
    file when DIR is a .trig file)."""
    base = Path(build_dir)
    if base.is_file():
        base = base.parent
    return base / "export" / DEFAULT_NAMES[fmt]


def _writer(fmt: str, quads: list) -> Callable[[BinaryIO], dict[str, int]]:
    """A function writing `quads` as single-file format `fmt` to a binary stream and
    returning what it wrote ({"triples": n}, {"quads": n} or {"nodes": n, "edges": m})."""
    if fmt in RDF_FORMATS:
        unit = "quads" if RDF_FORMATS[fmt][1] else "triples"
        return lambda out: {unit: write_rdf(quads, fmt, out)}
    if fmt == "jsonld":
        return lambda out: {"quads": write_jsonld(quads, out)}

    def graphml(out: BinaryIO) -> dict[str, int]:
        nodes, edges = write_graphml(property_graph(load_store(quads)), out)
        return {"nodes": nodes, "edges": edges}
    return graphml


def export_graph(build_dir: str | Path, fmt: str, output: str | Path | None = None,
                 stream: BinaryIO | None = None) -> ExportResult:
    """Export DIR/graph.trig as `fmt` (one of FORMATS) to `output` (a file, or a folder for
    neo4j-csv; default :func:`default_output`) or, for single-file formats, to `stream`."""
    if fmt not in DEFAULT_NAMES:
        raise BuildError(f"{fmt}: unknown export format (choose one of {', '.join(FORMATS)})")
    if stream is not None and fmt in FOLDER_FORMATS:
        raise BuildError(f"{fmt} writes a folder of CSV files, not one stream (give -o DIR)")
    target = Path(output) if output is not None else default_output(build_dir, fmt)
    quads = read_quads(build_dir)
    result = ExportResult(fmt)
    if fmt in FOLDER_FORMATS:
        if target.exists() and not target.is_dir():
            raise BuildError(f"{target}: exists and is not a folder (neo4j-csv writes a folder; choose another -o)")
        pg = property_graph(load_store(quads))
        paths = write_neo4j(pg, target)
        result.outputs = list(paths.values())
        result.counts = {"nodes": len(pg.nodes), "relationships": len(pg.edges)}
        return result
    write = _writer(fmt, quads)
    if stream is not None:
        result.counts = write(stream)
        return result
    if target.is_dir():
        raise BuildError(f"{target}: is a folder (give a file name for -o)")

    def write_file(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            result.counts = write(fh)
    atomic_write(target, write_file)
    result.outputs = [target]
    return result
