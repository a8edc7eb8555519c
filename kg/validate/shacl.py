"""`kg validate`: check DIR/graph.trig against the SHACL shapes of ontology/shapes.ttl.

The data graph is the union of all named graphs (the ontology graph included, so its
rdfs:subClassOf triples are visible to SHACL's class targets), validated by pySHACL with
inference "none". Results of severity sh:Violation make the graph non-conforming;
sh:Warning and sh:Info results are reported but do not.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import KGError
from kg.export.rdf import union_triples
from kg.export.source import read_quads
from kg.graph.namespaces import ONTOLOGY_PATH, PREFIXES

SHAPES_PATH = ONTOLOGY_PATH.parent / "shapes.ttl"
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class ValidationError(KGError):
    """The data or the shapes could not be read or validated (not a failed check)."""


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with IRIs as strings (path/value/message empty when absent)."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    value: str = ""
    shape: str = ""
    focus_label: str = ""

    def line(self) -> str:
        """One readable line: severity, focus node (and its label), path, message, value."""
        focus = compact(self.focus) + (f" ({self.focus_label})" if self.focus_label else "")
        text = f"{self.severity}: {focus} {compact(self.path) or '-'}: {self.message}"
        if self.value and self.value != self.focus:
            text += f" (value {compact(self.value)})"
        return text


@dataclass
class ValidationReport:
    build_dir: Path
    shapes: Path
    triples: int
    results: list[ValidationResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return (f"{self.build_dir}: {verdict} to {self.shapes.name} ({self.triples} triples, "
                f"{len(self.violations)} violations, {len(self.warnings)} warnings, "
                f"{self.seconds:.1f} s)")


def compact(iri: str) -> str:
    """An IRI with a project prefix (ep:, schema:, id: ...) where one applies."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def data_graph(build_dir: str | Path) -> Graph:
    """The union of the named graphs of DIR/graph.trig as an rdflib Graph (parsed strictly
    by Oxigraph, handed over as N-Triples)."""
    triples = union_triples(read_quads(build_dir))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def load_shapes(path: str | Path = SHAPES_PATH) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such shapes file (check the path)")
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError, ValueError) as exc:
        raise ValidationError(f"{path}: not valid Turtle ({' '.join(str(exc).split())})") from exc
    g = Graph()
    g.parse(data=ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode(),
            format="nt")
    return g


def _text(term) -> str:
    return "" if term is None else str(term)


def _value_text(term) -> str:
    if isinstance(term, Literal):
        suffix = f"@{term.language}" if term.language else (
            f"^^{compact(str(term.datatype))}" if term.datatype else "")
        return f'"{term}"{suffix}'
    return _text(term)


def _label(data: Graph | None, node) -> str:
    if data is None or node is None:
        return ""
    labels = sorted(str(o) for o in data.objects(node, RDFS.label)
                    if isinstance(o, Literal) and o.language == "zh")
    return labels[0] if labels else ""


def read_results(results: Graph, data: Graph | None = None) -> list[ValidationResult]:
    """The sh:ValidationResult nodes of a pySHACL results graph, sorted; focus nodes get
    their @zh label from `data` when given."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        path = results.value(r, SH.resultPath)
        out.append(ValidationResult(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=_text(results.value(r, SH.focusNode)),
            path=_text(path) if isinstance(path, URIRef) else ("" if path is None else "(complex path)"),
            message="; ".join(messages) or "constraint not met",
            value=_value_text(results.value(r, SH.value)),
            shape=_text(shape) if isinstance(shape := results.value(r, SH.sourceShape), URIRef) else "",
            focus_label=_label(data, results.value(r, SH.focusNode))))
    out.sort(key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path, v.message, v.value))
    return out


def validate_graph(data: Graph, shapes: Graph) -> list[ValidationResult]:
    """Validate `data` against `shapes` with pySHACL (inference none)."""
    import pyshacl
    from pyshacl.errors import (ConstraintLoadError, ReportableRuntimeError, ShapeLoadError,
                                ValidationFailure)

    try:
        _conforms, results, _text_report = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", abort_on_first=False,
            allow_warnings=True, allow_infos=True)
    except (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError, ValidationFailure) as exc:
        raise ValidationError(f"SHACL validation failed to run: {' '.join(str(exc).split())}") from exc
    if not isinstance(results, Graph):  # pySHACL returns, not raises, some failures
        raise ValidationError(f"SHACL validation failed to run: {' '.join(str(results).split())}")
    return read_results(results, data)


def validate_build(build_dir: str | Path, shapes: str | Path = SHAPES_PATH) -> ValidationReport:
    """Validate DIR/graph.trig against `shapes`; raise KGError if either cannot be read."""
    started = time.perf_counter()
    shapes_graph = load_shapes(shapes)
    data = data_graph(build_dir)
    report = ValidationReport(Path(build_dir), Path(shapes), len(data))
    try:
        report.results = validate_graph(data, shapes_graph)
    except ValidationError as exc:
        raise ValidationError(f"{shapes}: {exc}") from exc
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["SHAPES_PATH", "ValidationError", "ValidationReport",
           "ValidationResult", "compact", "data_graph", "load_shapes", "validate_build",
           "validate_graph"]
