"""JSON-LD export: one ``@graph`` per named graph, compacted with the project context.

The context is the file ``ontology/context.jsonld`` (prefixes ep, id, schema, rdfs, skos,
dct, prov, xsd ...; terms such as ``label`` = rdfs:label with ``@language: zh``, ``value``
= schema:value typed ``xsd:decimal``, ``issuedBy`` = ep:issuedBy typed ``@id``). It is
embedded in the output, so the file is self-contained and parses offline.

Compaction is done here, not by a general JSON-LD processor, so that the output is
deterministic: graphs, nodes, keys and values are sorted. A value uses a context term
only when the term's coercion reproduces it exactly (an ``@en`` label is written under
``rdfs:label`` as ``{"@value": …, "@language": "en"}``); everything else is written in
expanded form under a compact IRI. ``tests/test_conformance.py`` checks that rdflib and
Oxigraph read back exactly the quads of graph.trig.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable

import pyoxigraph as ox

from kg.graph.namespaces import ONTOLOGY_PATH, RDF, XSD

CONTEXT_PATH = ONTOLOGY_PATH.parent / "context.jsonld"

_ID = "@id"
_LANG_STRING = str(RDF.langString)
_STRING = str(XSD.string)
_TYPE = str(RDF.type)


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    coercion: str | None = None  # "@id", a datatype IRI, or None
    language: str | None = None


@dataclass
class Context:
    """The parsed context: prefixes for compact IRIs and terms per property IRI."""

    document: dict
    prefixes: list[tuple[str, str]]  # (prefix, namespace), longest namespace first
    terms: dict[str, list[Term]]

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        for p, ns in self.prefixes:
            if sep and p == prefix:
                return ns + rest
        return value

    def compact(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def load_context(path: str | Path = CONTEXT_PATH) -> Context:
    """Read a context file ({"@context": {...}}) into prefixes and term definitions."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    body = document["@context"]
    prefixes = sorted(((k, v) for k, v in body.items()
                       if isinstance(v, str) and v.endswith(("/", "#"))),
                      key=lambda kv: -len(kv[1]))
    ctx = Context(document, prefixes, {})
    for name, definition in body.items():
        if name.startswith("@") or (name, definition) in prefixes:
            continue
        if isinstance(definition, str):
            definition = {_ID: definition}
        coercion = definition.get("@type")
        if coercion is not None and coercion != _ID:
            coercion = ctx.expand(coercion)
        term = Term(name, ctx.expand(definition[_ID]), coercion, definition.get("@language"))
        ctx.terms.setdefault(term.iri, []).append(term)
    return ctx


@lru_cache(maxsize=1)
def default_context() -> Context:
    return load_context(CONTEXT_PATH)


def _node_id(ctx: Context, term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return ctx.compact(term.value)


def _value_object(ctx: Context, obj) -> dict:
    if not isinstance(obj, ox.Literal):
        return {_ID: _node_id(ctx, obj)}
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    if obj.datatype.value == _STRING:
        return {"@value": obj.value}
    return {"@value": obj.value, "@type": ctx.compact(obj.datatype.value)}


def _fits(term: Term, obj) -> bool:
    """True when `term`'s coercion turns a plain JSON string back into exactly `obj`."""
    if not isinstance(obj, ox.Literal):
        return term.coercion == _ID
    if obj.language:
        return term.coercion is None and term.language == obj.language
    if term.language is not None:
        return False
    if term.coercion is None:
        return obj.datatype.value == _STRING
    return term.coercion == obj.datatype.value


def _entry(ctx: Context, predicate: str, obj) -> tuple[str, object]:
    """(key, JSON value) for one triple's predicate and object."""
    terms = ctx.terms.get(predicate, [])
    for term in terms:
        if _fits(term, obj):
            return term.name, (_node_id(ctx, obj) if term.coercion == _ID else obj.value)
    for term in terms:  # an uncoerced term takes any value in expanded form
        if term.coercion is None and term.language is None:
            return term.name, _value_object(ctx, obj)
    return ctx.compact(predicate), _value_object(ctx, obj)


def _sort_key(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _node_objects(ctx: Context, triples: Iterable[tuple]) -> dict[str, dict]:
    """Subject id -> node object, from (subject, predicate, object) triples."""
    props: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        node = props.setdefault(_node_id(ctx, s), {})
        if p.value == _TYPE and not isinstance(o, ox.Literal):
            node.setdefault("@type", []).append(ctx.compact(o.value))
            continue
        key, value = _entry(ctx, p.value, o)
        node.setdefault(key, []).append(value)
    nodes = {}
    for sid in sorted(props):
        node: dict = {_ID: sid}
        for key in sorted(props[sid], key=lambda k: (k != "@type", k)):
            values = sorted(props[sid][key], key=_sort_key)
            node[key] = values[0] if len(values) == 1 else values
        nodes[sid] = node
    return nodes


def jsonld_document(quads: Iterable[ox.Quad], ctx: Context | None = None) -> dict:
    """The JSON-LD document of `quads`: default-graph nodes and one entry per named graph
    (``{"@id": graph, "@graph": [...]}``) in a top-level ``@graph``."""
    ctx = ctx or default_context()
    graphs: dict[str, list[tuple]] = {}
    default: list[tuple] = []
    for q in quads:
        target = default if isinstance(q.graph_name, ox.DefaultGraph) else \
            graphs.setdefault(_node_id(ctx, q.graph_name), [])
        target.append((q.subject, q.predicate, q.object))
    top = _node_objects(ctx, default)
    for gid in sorted(graphs):
        entry = top.setdefault(gid, {_ID: gid})
        entry["@graph"] = list(_node_objects(ctx, graphs[gid]).values())
    return {"@context": ctx.document["@context"], "@graph": [top[k] for k in sorted(top)]}


def write_jsonld(quads: Iterable[ox.Quad], out: BinaryIO) -> int:
    """Write the JSON-LD of `quads` to the binary stream `out`; return the quad count."""
    quads = list(quads)
    doc = jsonld_document(quads)
    out.write((json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return len({(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)) for q in quads})
