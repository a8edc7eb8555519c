"""The CLI through click's CliRunner: exit codes and exact messages."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_every_command_has_help_and_is_in_the_readme(runner, root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert main.commands, "no commands registered"
    for name, cmd in main.commands.items():
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0, res.output
        assert cmd.help and cmd.help.split("\n")[0] in res.output
        assert f"kg {name}" in readme, f"`kg {name}` is not documented in README.md"


def test_extract_missing_file_is_one_line_error(runner, tmp_path):
    missing = tmp_path / "missing.txt"
    res = runner.invoke(main, ["extract", str(missing)])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {missing}: no such file or directory (check the path)\n"
    assert res.stdout == ""


def test_extract_jsonl_follows_the_contract(runner, samples_dir):
    path = samples_dir / "single-article-2023-08-guangdong.md"
    text = path.read_text(encoding="utf-8")
    res = runner.invoke(main, ["extract", str(path), "--format", "jsonl"])
    assert res.exit_code == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 1
    rec = records[0]
    assert set(rec) == {"source", "article", "title", "entities", "relations"}
    assert rec["source"] == path.name and rec["article"] == "a01"
    assert rec["entities"] and rec["relations"]
    for ent in rec["entities"]:
        assert {"label", "text", "start", "end"} <= set(ent)
        assert text[ent["start"]:ent["end"]] == ent["text"]
        if "iri" in ent:
            assert ent["iri"].isascii()
    labels = {e["label"] for e in rec["entities"]}
    assert {"AGENCY", "REGION", "TARGET_GROUP", "PROGRAM"} <= labels
    gz = [e for e in rec["entities"] if e["label"] == "REGION" and e.get("code") == "440100"]
    assert gz and gz[0]["canonical"] == "广州市"
    for rel in rec["relations"]:
        assert rel["type"] in {"ISSUED_BY", "TARGETS", "IMPLEMENTED_IN", "HAS_AMOUNT", "PART_OF"}
        assert {"label", "text"} <= set(rel["head"]) and {"label", "text"} <= set(rel["tail"])
        assert 0 <= rel["evidence"]["start"] < rel["evidence"]["end"] <= len(text)


def test_extract_table_for_people(runner, samples_dir):
    res = runner.invoke(main, ["extract", str(samples_dir / "single-article-2023-08-guangdong.md"),
                               "--format", "table"])
    assert res.exit_code == 0
    assert res.stdout.startswith("== single-article-2023-08-guangdong.md a01: ")
    assert re.search(r"REGION\s+广州\s+广州市 \[440100\]", res.stdout)


def test_build_reports_bad_file_and_builds_the_rest(runner, tmp_path, samples_dir):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(main, ["build", str(empty), str(samples_dir / "single-article-2023-08-guangdong.md"),
                               "-o", str(out)])
    assert res.exit_code == 1
    assert f"Error: {empty}: file is empty\n" in res.stderr
    assert "articles:  1\n" in res.stdout
    assert re.search(r"triples:\s+\d+ \(graph\.ttl\)", res.stdout)
    for name in ("graph.trig", "graph.ttl", "graph.html", "summary.json"):
        assert (out / name).is_file()


def test_build_with_nothing_readable_fails_cleanly(runner, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\xff" * 64)
    res = runner.invoke(main, ["build", str(binary), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert res.stderr == (f"Error: no input could be read: {binary}: looks like a binary file, not text\n")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_query_without_a_build_says_what_to_do(runner, tmp_path):
    res = runner.invoke(main, ["query", str(tmp_path), "SELECT * WHERE { ?s ?p ?o }"])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {tmp_path}: no graph.trig here (run `kg build` first)\n"


def test_date_option_sets_the_reference_date_of_undated_files(runner, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("今年1至6月，合肥市开发公益性岗位2000个。\n", encoding="utf-8")

    def dates(*extra):
        res = runner.invoke(main, ["extract", str(path), *extra])
        assert res.exit_code == 0, res.output
        return [(e["text"], e.get("value"), e.get("datatype"))
                for line in res.stdout.splitlines() for e in json.loads(line)["entities"]
                if e["label"] == "DATE"]

    assert dates() == [("今年1至6月", None, None)]
    assert dates("--date", "2020-05") == [("今年1至6月", "2020", "gYear")]
    res = runner.invoke(main, ["extract", str(path), "--date", "2020-13"])
    assert res.exit_code == 2
    assert "Invalid value for '--date': '2020-13' is not YYYY, YYYY-MM or YYYY-MM-DD" in res.stderr
