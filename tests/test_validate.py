"""`kg validate`: the sample conforms; one planted violation of each kind is reported with
its focus node and path; exit codes 0 / 1 / 2 and one-line errors."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from conftest import sparql
from kg.cli import main
from kg.graph.namespaces import EP, SCHEMA
from kg.validate import validate_build
from kg.validate.shacl import compact


@pytest.fixture(scope="module")
def sample_report(sample_build):
    return validate_build(sample_build[0].out_dir)


def test_sample_conforms(sample_report):
    assert sample_report.conforms, "\n".join(r.line() for r in sample_report.violations)
    assert sample_report.triples == sample_report.triples > 0
    assert all(r.severity == "Warning" for r in sample_report.results)


def test_documents_without_issuer_are_warnings(sample_build, sample_report):
    expected = {row[0] for row in sparql(sample_build[1], """
        SELECT ?d WHERE { ?d a ep:PolicyDocument FILTER NOT EXISTS { ?d ep:issuedBy ?a } }""")}
    reported = {r.focus for r in sample_report.warnings if r.path == str(EP.issuedBy)}
    assert reported == expected


def _first(store, query: str) -> URIRef:
    rows = sparql(store, query + " ORDER BY ?x LIMIT 1")
    assert rows, query
    return URIRef(rows[0][0])


@pytest.fixture(scope="module")
def planted(sample_build, tmp_path_factory):
    """A copy of the sample graph with one violation of each kind:
    (build folder, [(severity, focus, path)])."""
    store = sample_build[1]
    ds = Dataset()
    ds.parse(sample_build[0].out_dir / "graph.trig", format="trig")
    graphs = [g for g in ds.graphs() if len(g)]
    article = next(g for g in graphs if (g.identifier, RDF.type, EP.Article) in g)

    def replace(s, p, new):
        for g in graphs:
            g.remove((s, p, None))
        article.add((s, p, new))

    agency = _first(store, "SELECT ?x WHERE { ?x a ep:GovernmentAgency }")
    article.add((agency, RDFS.label, Literal("第二个名称", lang="zh")))
    programme = _first(store, "SELECT ?x WHERE { ?x a ep:Programme }")
    replace(programme, RDFS.label, Literal("a programme", lang="en"))
    division = _first(store, "SELECT ?x WHERE { ?x a ep:AdministrativeDivision }")
    replace(division, EP.divisionCode, Literal("34010"))
    county, elsewhere = (URIRef(v) for v in sparql(store, """
        SELECT ?x ?other WHERE { ?x a ep:AdministrativeDivision ; schema:containedInPlace ?p .
          ?other ep:divisionLevel "province" .
          FILTER NOT EXISTS { ?x schema:containedInPlace* ?other } }
        ORDER BY ?x ?other LIMIT 1""")[0])
    article.add((county, SCHEMA.containedInPlace, elsewhere))  # a second, unrelated parent
    amount, other_amount = (URIRef(r[0]) for r in sparql(
        store, "SELECT ?x WHERE { ?x a schema:MonetaryAmount } ORDER BY ?x LIMIT 2"))
    replace(amount, SCHEMA.value, Literal("-5", datatype=XSD.decimal))
    replace(other_amount, SCHEMA.currency, Literal("USD"))
    document = _first(store, "SELECT ?x WHERE { ?x a ep:PolicyDocument ; ep:issuedBy ?a }")
    for g in graphs:
        g.remove((document, EP.issuedBy, None))
    target, group = (URIRef(v) for v in sparql(store, """
        SELECT ?x ?g WHERE { ?x a ep:Programme . ?g a ep:TargetGroup
          FILTER NOT EXISTS { ?x ep:targets ?g } FILTER (?x != <%s>) }
        ORDER BY ?x ?g LIMIT 1""" % programme)[0])
    article.add((target, EP.targets, group))  # a relation with no statement
    statement = _first(store, "SELECT ?x WHERE { ?x a ep:RelationStatement }")
    for g in graphs:
        g.remove((statement, EP.startOffset, None))
    mention = _first(store, "SELECT ?x WHERE { ?x a ep:Mention }")
    replace(mention, EP.endOffset, Literal(0, datatype=XSD.nonNegativeInteger))
    out = tmp_path_factory.mktemp("planted")
    ds.serialize(destination=str(out / "graph.trig"), format="trig")
    expected = [  # (severity, focus node, path, value or None)
        ("Violation", agency, RDFS.label, None),
        ("Violation", programme, RDFS.label, None),
        ("Violation", division, EP.divisionCode, None),
        ("Violation", county, SCHEMA.containedInPlace, elsewhere),
        ("Violation", amount, SCHEMA.value, None),
        ("Violation", other_amount, SCHEMA.currency, None),
        ("Warning", document, EP.issuedBy, None),
        ("Violation", target, EP.targets, group),
        ("Violation", statement, EP.startOffset, None),
        ("Violation", mention, EP.startOffset, None),  # span ends before it starts
    ]
    return out, expected


def test_each_planted_violation_is_reported(planted):
    out, expected = planted
    report = validate_build(out)
    assert not report.conforms
    found = {(r.severity, r.focus, r.path) for r in report.results}
    missing = [e for e in expected if (e[0], str(e[1]), str(e[2])) not in found]
    assert not missing, "\n".join(r.line() for r in report.results)
    values = {(r.focus, r.path, r.value) for r in report.results}
    for _, focus, path, value in expected:
        if value is not None:
            assert (str(focus), str(path), str(value)) in values, (focus, path, value)


def test_cli_reports_one_line_per_result_and_exits_1(planted):
    out, expected = planted
    res = CliRunner().invoke(main, ["validate", str(out)])
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert lines[-1].startswith(f"{out}: does not conform to shapes.ttl (")
    for severity, focus, path, _ in expected:
        assert any(line.startswith(f"{severity}: {compact(str(focus))}") and
                   f" {compact(str(path))}: " in line for line in lines[:-1]), (focus, path)


def test_cli_exit_0_on_the_sample(sample_build):
    res = CliRunner().invoke(main, ["validate", str(sample_build[0].out_dir)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].startswith(
        f"{sample_build[0].out_dir}: conforms to shapes.ttl (")


def test_cli_exit_2_without_graph(tmp_path):
    res = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert res.exit_code == 2
    assert res.stderr == f"Error: {tmp_path}: no graph.trig here (run `kg build` first)\n"
    assert res.stdout == ""


def test_cli_exit_2_on_invalid_trig(tmp_path):
    (tmp_path / "graph.trig").write_text("<a> <b> .\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {tmp_path / 'graph.trig'}: not valid TriG (")
    assert res.stderr.count("\n") == 1


def test_cli_exit_2_on_missing_or_broken_shapes(sample_build, tmp_path):
    build_dir = sample_build[0].out_dir
    missing = tmp_path / "none.ttl"
    res = CliRunner().invoke(main, ["validate", str(build_dir), "--shapes", str(missing)])
    assert res.exit_code == 2
    assert res.stderr == f"Error: {missing}: no such shapes file (check the path)\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(build_dir), "--shapes", str(broken)])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {broken}: not valid Turtle (")
    unusable = tmp_path / "values.ttl"  # SHACL forbids VALUES in a SPARQL constraint
    unusable.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:a> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .""", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(build_dir), "--shapes", str(unusable)])
    assert res.exit_code == 2
    assert res.stderr == (f"Error: {unusable}: SHACL validation failed to run: "
                          "A SPARQL Constraint must not contain a VALUES clause.\n")


@pytest.mark.shared
def test_dev_corpus_conforms(corpus_build, tmp_path):
    shutil.copy(corpus_build[0].out_dir / "graph.trig", tmp_path / "graph.trig")
    report = validate_build(tmp_path)
    assert report.conforms, "\n".join(r.line() for r in report.violations)
