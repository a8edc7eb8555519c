"""`kg export`: every format, deterministic output, defaults, stdout, JSON-LD context,
property-graph content, and one-line errors for bad input."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.export import FORMATS, default_output, export_graph
from kg.export.jsonld import CONTEXT_PATH

SINGLE_FILE = [f for f in FORMATS if f != "neo4j-csv"]


def _files(result) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.outputs}


@pytest.fixture(scope="module")
def build_dir(sample_build):
    return sample_build[0].out_dir


@pytest.fixture(scope="module")
def second_build(tmp_path_factory, samples_dir):
    """The sample built a second time, in another folder."""
    out = tmp_path_factory.mktemp("second-build")
    build([samples_dir], out)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_gives_byte_identical_files(build_dir, second_build, tmp_path, fmt):
    first = export_graph(build_dir, fmt, tmp_path / "a" / fmt)
    again = export_graph(build_dir, fmt, tmp_path / "b" / fmt)
    rebuilt = export_graph(second_build, fmt, tmp_path / "c" / fmt)
    assert first.counts == again.counts == rebuilt.counts
    assert all(n > 0 for n in first.counts.values())
    assert _files(first) == _files(again) == _files(rebuilt)


def test_default_outputs_are_in_dir_export(tmp_path, build_dir):
    work = tmp_path / "build"
    work.mkdir()
    (work / "graph.trig").write_bytes((build_dir / "graph.trig").read_bytes())
    runner = CliRunner()
    for fmt in FORMATS:
        res = runner.invoke(main, ["export", str(work), "--format", fmt])
        assert res.exit_code == 0, res.output
        target = default_output(work, fmt)
        assert target.parent == work / "export"
        if fmt == "neo4j-csv":
            assert sorted(p.name for p in target.iterdir()) == ["nodes.csv", "relationships.csv"]
            assert res.stdout.splitlines()[:2] == [str(target / "nodes.csv"),
                                                   str(target / "relationships.csv")]
        else:
            assert target.is_file()
            assert res.stdout.splitlines()[0] == str(target)
        assert res.stdout.splitlines()[-1].startswith(f"{fmt}: ")
    assert not [p for p in (work / "export").rglob("*.tmp")], "temporary files left behind"


def test_stdout_matches_the_file(tmp_path, build_dir):
    path = export_graph(build_dir, "nt", tmp_path / "g.nt").outputs[0]
    res = CliRunner().invoke(main, ["export", str(build_dir), "--format", "nt", "-o", "-"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout_bytes == path.read_bytes()
    lines = res.stdout_bytes.count(b"\n")
    assert res.stderr == f"nt: {lines} triples written to stdout\n"


def test_triple_formats_merge_the_named_graphs(tmp_path, build_dir):
    nq = export_graph(build_dir, "nq", tmp_path / "g.nq")
    nt = export_graph(build_dir, "nt", tmp_path / "g.nt")
    quads = list(ox.parse(path=str(nq.outputs[0]), format=ox.RdfFormat.N_QUADS))
    triples = {str(q.triple) for q in quads}
    assert len({str(q.graph_name) for q in quads}) > 1
    assert nt.counts == {"triples": len(triples)} and nq.counts == {"quads": len(quads)}
    assert len(triples) < len(quads)  # some triples are stated in several articles


def test_jsonld_uses_the_shipped_context(tmp_path, build_dir):
    path = export_graph(build_dir, "jsonld", tmp_path / "g.jsonld").outputs[0]
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"] if "@graph" in g}
    assert len(graphs) > 1 and all(gid.startswith("id:") for gid in graphs)
    nodes = [n for g in graphs.values() for n in g]
    amounts = [n for n in nodes if n.get("@type") == "schema:MonetaryAmount"]
    assert amounts and all(isinstance(a["value"], str) and a["currency"] == "CNY" for a in amounts)
    labelled = [n for n in nodes if "label" in n]
    assert labelled and all(isinstance(n["label"], (str, list)) for n in labelled)
    # the @en labels of the ontology graph cannot use the @zh "label" term
    onto = graphs["id:graph/ontology"]
    article = next(n for n in onto if n["@id"] == "ep:Article")
    assert article["rdfs:label"] == {"@value": "Article", "@language": "en"}
    assert article["label"] == "新闻条目"
    # the context turns the plain strings back into typed literals
    typed = [q.object for q in ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)
             if q.predicate.value == "http://schema.org/value"]
    assert typed and {o.datatype.value for o in typed} == {"http://www.w3.org/2001/XMLSchema#decimal"}


# --- bad input ------------------------------------------------------------------------------


def test_dir_without_graph_trig(tmp_path):
    res = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "ttl"])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {tmp_path}: no graph.trig here (run `kg build` first)\n"
    assert not (tmp_path / "export").exists()


def test_invalid_trig(tmp_path):
    (tmp_path / "graph.trig").write_text("<a> <b> .\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "nt"])
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: {tmp_path / 'graph.trig'}: not valid TriG (")
    assert res.stderr.endswith("); rebuild it with `kg build`\n")
    assert res.stderr.count("\n") == 1


def test_neo4j_csv_needs_a_folder(tmp_path, build_dir):
    res = CliRunner().invoke(main, ["export", str(build_dir), "--format", "neo4j-csv", "-o", "-"])
    assert res.exit_code == 1
    assert res.stderr == "Error: neo4j-csv writes a folder of CSV files, not one stream (give -o DIR)\n"
    afile = tmp_path / "file.csv"
    afile.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(main, ["export", str(build_dir), "--format", "neo4j-csv", "-o", str(afile)])
    assert res.exit_code == 1
    assert res.stderr == (f"Error: {afile}: exists and is not a folder "
                          "(neo4j-csv writes a folder; choose another -o)\n")


def test_single_file_format_onto_a_folder(tmp_path, build_dir):
    res = CliRunner().invoke(main, ["export", str(build_dir), "--format", "ttl", "-o", str(tmp_path)])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {tmp_path}: is a folder (give a file name for -o)\n"


def test_unknown_format_is_a_usage_error(build_dir):
    res = CliRunner().invoke(main, ["export", str(build_dir), "--format", "csv"])
    assert res.exit_code == 2
    assert "Invalid value for '--format'" in res.stderr


def test_failed_export_keeps_the_old_file(tmp_path, build_dir):
    target = tmp_path / "g.ttl"
    target.write_text("old\n", encoding="utf-8")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "graph.trig").write_text("not trig", encoding="utf-8")
    res = CliRunner().invoke(main, ["export", str(tmp_path / "bad"), "--format", "ttl", "-o", str(target)])
    assert res.exit_code == 1
    assert target.read_text(encoding="utf-8") == "old\n"


def test_cli_offers_exactly_the_library_formats():
    option = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert tuple(option.type.choices) == FORMATS
