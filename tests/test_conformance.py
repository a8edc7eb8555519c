"""Every export of the sample parses in independent parsers with the same counts:
Oxigraph (strict), raptor's rapper, N3.js, rdflib (JSON-LD), networkx (GraphML) and
Python's csv module (Neo4j CSV)."""
from __future__ import annotations

import csv

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.export import export_graph
from parsers import n3_count, rapper_count, require_n3, require_rapper

OXIGRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig", "rdfxml": "rdfxml"}
N3JS = {"ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG"}
QUAD_FORMATS = ("nq", "trig", "jsonld")


def _key(q) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


@pytest.fixture(scope="module")
def exports(sample_build, tmp_path_factory):
    """format -> ExportResult of every export of the built sample."""
    build_dir = sample_build[0].out_dir
    out = tmp_path_factory.mktemp("conformance")
    results = {}
    for fmt, name in (("ttl", "g.ttl"), ("nt", "g.nt"), ("nq", "g.nq"), ("trig", "g.trig"),
                      ("rdfxml", "g.rdf"), ("jsonld", "g.jsonld"), ("graphml", "g.graphml"),
                      ("neo4j-csv", "neo4j")):
        results[fmt] = export_graph(build_dir, fmt, out / name)
    return results


@pytest.fixture(scope="module")
def source(sample_build):
    """Quads and union triples of the build's own graph.trig, read by Oxigraph."""
    quads = {_key(q) for q in ox.parse(path=str(sample_build[0].out_dir / "graph.trig"),
                                        format=ox.RdfFormat.TRIG)}
    return quads, {k[1:] for k in quads}


def oxigraph_count(fmt: str, path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=OXIGRAPH[fmt]))


@pytest.mark.parametrize("fmt", sorted(OXIGRAPH))
def test_oxigraph_reads_exactly_the_graph(exports, source, fmt):
    quads, triples = source
    parsed = list(ox.parse(path=str(exports[fmt].outputs[0]), format=OXIGRAPH[fmt]))
    keys = {_key(q) for q in parsed}
    assert len(keys) == len(parsed), "duplicate statements in the export"
    if fmt in QUAD_FORMATS:
        assert keys == quads
    else:
        assert {k[1:] for k in keys} == triples
        assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in parsed)
    assert len(parsed) == sum(exports[fmt].counts.values())


@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_counts_match_oxigraph(exports, fmt):
    require_rapper()
    path = exports[fmt].outputs[0]
    assert rapper_count(RAPPER[fmt], path) == oxigraph_count(fmt, path)


@pytest.mark.parametrize("fmt", sorted(N3JS))
def test_n3js_counts_match_oxigraph(exports, fmt):
    require_n3()
    path = exports[fmt].outputs[0]
    assert n3_count(N3JS[fmt], path) == oxigraph_count(fmt, path)


def test_jsonld_in_rdflib_matches_oxigraph(exports, source):
    path = exports["jsonld"].outputs[0]
    ds = rdflib.Dataset()
    ds.parse(path, format="json-ld")
    rdflib_quads = {(str(g), str(s), str(p), str(o)) for s, p, o, g in ds.quads((None, None, None, None))}
    # compare counts and the graphs and subjects each parser saw (term syntax differs)
    ox_quads = list(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD))
    assert len(rdflib_quads) == len(ox_quads) == len(source[0])
    assert {q[0] for q in rdflib_quads} == {q.graph_name.value for q in ox_quads}
    assert {q[1] for q in rdflib_quads} == {q.subject.value for q in ox_quads}


def test_graphml_reads_in_networkx(exports, sample_build):
    result = exports["graphml"]
    g = nx.read_graphml(result.outputs[0])
    assert g.is_directed() and g.is_multigraph()
    assert g.number_of_nodes() == result.counts["nodes"] > 0
    assert g.number_of_edges() == result.counts["edges"] > 0
    store = sample_build[1]
    labels = {str(r["s"].value): r["l"].value for r in store.query(
        "SELECT ?s (MIN(STR(?l)) AS ?l) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?s",
        use_default_graph_as_union=True)}
    for node, data in g.nodes(data=True):
        assert data["class"], node
        if node in labels:
            assert data["label"] == labels[node]
    issued = {(r["d"].value, r["a"].value) for r in store.query(
        "SELECT DISTINCT ?d ?a WHERE { ?d <https://w3id.org/employment-policy/ontology#issuedBy> ?a }",
        use_default_graph_as_union=True)}
    edges = {(u, v) for u, v, d in g.edges(data=True) if d["type"] == "ISSUED_BY"}
    assert edges == issued


def test_neo4j_csv_headers_and_endpoints(exports):
    nodes_path, rels_path = exports["neo4j-csv"].outputs
    with open(nodes_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header[0] == "id:ID" and header[-1] == ":LABEL" and "value:double" in header
    assert all(len(r) == len(header) for r in body)
    ids = [r[0] for r in body]
    assert len(ids) == len(set(ids)) == exports["neo4j-csv"].counts["nodes"]
    assert all(r[-1] for r in body), "a node without :LABEL"
    value = header.index("value:double")
    for r in body:
        if r[value]:
            float(r[value])  # the importer must be able to read it as a double
    with open(rels_path, encoding="utf-8", newline="") as fh:
        rels = list(csv.DictReader(fh))
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(rels) == exports["neo4j-csv"].counts["relationships"]
    known = set(ids)
    missing = [(r[":START_ID"], r[":END_ID"]) for r in rels
               if r[":START_ID"] not in known or r[":END_ID"] not in known]
    assert not missing
    assert all(r["articles:int"].isdigit() for r in rels)
