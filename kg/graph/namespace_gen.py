"""Generate kg/graph/namespaces.py from the ontology (ontology/employment-policy.ttl).

The ontology is the source of truth; the Python module is derived from it so that code
can only use terms the ontology defines (``EP`` is a closed namespace).

    python -m kg.graph.namespace_gen            # rewrite kg/graph/namespaces.py
    python -m kg.graph.namespace_gen --check    # exit 1 if it is out of date

`render_namespace_module` is pure (reads the TTL, returns source text, prints nothing).
"""
from __future__ import annotations

import argparse
import json
import keyword
import os
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TTL = ROOT / "ontology" / "employment-policy.ttl"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "namespaces.py"

INSTANCE_BASE = "https://w3id.org/employment-policy/id/"

# Prefixes bound by bind_namespaces(), in binding order. "ep" and "id" are filled in
# from the ontology / INSTANCE_BASE. schema.org is used in its http form throughout.
STANDARD_PREFIXES: tuple[tuple[str, str], ...] = (
    ("schema", "http://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("eli", "http://data.europa.eu/eli/ontology#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
)

KINDS: tuple[tuple[URIRef, str], ...] = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
)

# Names DefinedNamespace reserves or that would shadow its machinery.
_RESERVED = {"_NS", "_fail", "_warn", "_extras", "_underscore_num", "as_jsonld_context"}


def _q(text: str) -> str:
    """A double-quoted Python string literal (JSON string syntax is valid Python)."""
    return json.dumps(text, ensure_ascii=True)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _label(graph: Graph, term: URIRef, lang: str) -> str | None:
    for obj in sorted(graph.objects(term, RDFS.label), key=str):
        if isinstance(obj, Literal) and obj.language == lang:
            return str(obj)
    return None


def _ontology(graph: Graph) -> URIRef:
    found = sorted(s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if len(found) != 1:
        raise ValueError(f"expected exactly one owl:Ontology with an IRI, found {len(found)}")
    return found[0]


def _terms(graph: Graph, namespace: str) -> dict[str, list[tuple[str, str]]]:
    """Map kind heading -> sorted [(local name, English label)] for every term in the namespace."""
    subjects = {
        s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)
    }
    grouped: dict[str, list[tuple[str, str]]] = {heading: [] for _, heading in KINDS}
    for term in sorted(subjects):
        name = str(term)[len(namespace):]
        if not name.isidentifier() or keyword.iskeyword(name) or name in _RESERVED:
            raise ValueError(f"{term}: local name is not usable as a Python attribute")
        kinds = [heading for kind, heading in KINDS if (term, RDF.type, kind) in graph]
        if len(kinds) != 1:
            raise ValueError(
                f"{term}: must be exactly one of owl:Class, owl:ObjectProperty, "
                f"owl:DatatypeProperty (found {len(kinds)})"
            )
        label = _label(graph, term, "en")
        if label is None:
            raise ValueError(f"{term}: no rdfs:label in English")
        grouped[kinds[0]].append((name, _one_line(label)))
    for names in grouped.values():
        names.sort()
    return grouped


def render_namespace_module(ttl_path: str | os.PathLike[str] = DEFAULT_TTL) -> str:
    """Return the Python source of kg/graph/namespaces.py for the ontology at `ttl_path`."""
    graph = Graph()
    graph.parse(str(ttl_path), format="turtle")
    ontology = _ontology(graph)
    namespace = str(ontology) + "#"
    title = next(
        (str(o) for o in sorted(graph.objects(ontology, DCTERMS.title), key=str)
         if isinstance(o, Literal) and o.language == "en"),
        None,
    )
    version = graph.value(ontology, OWL.versionInfo)
    grouped = _terms(graph, namespace)

    out: list[str] = []
    add = out.append
    add('"""Namespaces of the employment-policy knowledge graph.')
    add("")
    add("Generated from ontology/employment-policy.ttl by `python -m kg.graph.namespace_gen`;")
    add("do not edit by hand.")
    add("")
    add("EP is closed: an attribute the ontology does not define raises AttributeError.")
    add("schema.org is used in its http form (http://schema.org/) throughout the project.")
    add('"""')
    add("from pathlib import Path")
    add("")
    add("from rdflib import Graph, URIRef")
    add("from rdflib.namespace import (")
    for name in ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "DefinedNamespace", "Namespace"):
        add(f"    {name},")
    add(")")
    add("")
    add("__all__ = [")
    for name in (
        "EP", "ONTOLOGY_IRI", "ONTOLOGY_VERSION", "ONTOLOGY_PATH", "INSTANCE_BASE", "ID",
        "SCHEMA", "ORG", "ELI", "SKOS", "PROV", "DCTERMS", "RDF", "RDFS", "OWL", "XSD",
        "PREFIXES", "bind_namespaces",
    ):
        add(f"    {_q(name)},")
    add("]")
    add("")
    add('ONTOLOGY_PATH = Path(__file__).resolve().parents[2] / "ontology" / "employment-policy.ttl"')
    add(f"ONTOLOGY_IRI = URIRef({_q(str(ontology))})")
    add(f"ONTOLOGY_VERSION = {_q(str(version)) if version is not None else 'None'}")
    add(f"INSTANCE_BASE = {_q(INSTANCE_BASE)}")
    add("")
    add("SCHEMA = Namespace(\"http://schema.org/\")  # http form, used consistently")
    add(f"ORG = Namespace({_q(dict(STANDARD_PREFIXES)['org'])})")
    add(f"ELI = Namespace({_q(dict(STANDARD_PREFIXES)['eli'])})")
    add("ID = Namespace(INSTANCE_BASE)")
    add("")
    add("")
    add("class EP(DefinedNamespace):")
    doc = _one_line(title or "Employment Policy Ontology")
    if version is not None:
        doc += f" {_one_line(str(version))}"
    add(f'    """{doc} ({ontology})."""')
    add("")
    add(f"    _NS = Namespace({_q(namespace)})")
    add("    _fail = True")
    for _, heading in KINDS:
        names = grouped[heading]
        if not names:
            continue
        add("")
        add(f"    # {heading}")
        for name, label in names:
            add(f"    {name}: URIRef  # {label}")
    add("")
    add("")
    add("# prefix -> namespace IRI, in the order bind_namespaces() binds them")
    add("PREFIXES: dict[str, str] = {")
    add(f"    \"ep\": {_q(namespace)},")
    for prefix, iri in STANDARD_PREFIXES:
        add(f"    {_q(prefix)}: {_q(iri)},")
    add("    \"id\": INSTANCE_BASE,")
    add("}")
    add("")
    add("")
    add("def bind_namespaces(graph: Graph, instance_base: str = INSTANCE_BASE) -> Graph:")
    add('    """Bind the project prefixes on `graph` (a Graph or Dataset) and return it.')
    add("")
    add("    Rebinds over rdflib's defaults (override=True, replace=True), so `schema` names")
    add("    http://schema.org/ and `dct` names DCMI terms. `id` names `instance_base`.")
    add('    """')
    add("    for prefix, iri in PREFIXES.items():")
    add("        if prefix == \"id\":")
    add("            iri = instance_base")
    add("        graph.bind(prefix, Namespace(iri), override=True, replace=True)")
    add("    return graph")
    return "\n".join(out) + "\n"


def write_module(source: str, output: str | os.PathLike[str] = DEFAULT_OUTPUT) -> Path:
    """Atomically replace `output` with `source` (temp file in the same directory)."""
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=".namespaces-", suffix=".py.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(source)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.graph.namespace_gen",
        description="Regenerate kg/graph/namespaces.py from the ontology.",
    )
    parser.add_argument("--ttl", type=Path, default=DEFAULT_TTL, help="ontology Turtle file")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="module to write")
    parser.add_argument(
        "--check", action="store_true",
        help="do not write; exit 1 if the module is out of date",
    )
    args = parser.parse_args(argv)
    try:
        source = render_namespace_module(args.ttl)
    except (OSError, ValueError, SyntaxError) as exc:  # rdflib raises these on bad input
        print(f"namespace_gen: {args.ttl}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != source:
            print(f"{args.output} is out of date; run python -m kg.graph.namespace_gen",
                  file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    write_module(source, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
