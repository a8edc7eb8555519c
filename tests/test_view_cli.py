"""`kg view` through click's CliRunner: exit codes, exact messages, files written."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture(scope="module")
def built(sample_build, tmp_path_factory):
    """A private copy of the sample build folder (these tests write into it)."""
    result, _ = sample_build
    out = tmp_path_factory.mktemp("view-cli") / "build"
    shutil.copytree(result.out_dir, out)
    return out


def test_view_entity_writes_the_page(built):
    res = CliRunner().invoke(main, ["view", str(built), "--entity", "农民工"])
    assert res.exit_code == 0, res.output
    page = built / "entities" / "group-migrant-workers.html"
    assert res.stdout == f"{page}\n"
    html = page.read_text(encoding="utf-8")
    assert "<title>农民工</title>" in html and 'id="programmes"' in html


def test_view_entity_by_iri(built):
    iri = "https://w3id.org/employment-policy/id/region/340100"
    res = CliRunner().invoke(main, ["view", str(built), "--entity", iri])
    assert res.exit_code == 0, res.output
    assert (built / "entities" / "region-340100.html").is_file()


def test_view_unknown_entity_is_one_line_error(built):
    res = CliRunner().invoke(main, ["view", str(built), "--entity", "火星"])
    assert res.exit_code == 1
    assert res.stderr == "Error: entity '火星' is not in the graph; search graph.html for the exact label\n"


def test_view_without_entity_rewrites_the_pages(built):
    (built / "index.html").unlink()
    res = CliRunner().invoke(main, ["view", str(built)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [str(built / n) for n in ("index.html", "graph.html", "regions.html", "articles")]
    assert (built / "index.html").is_file()


def test_view_of_a_folder_without_a_build(tmp_path):
    res = CliRunner().invoke(main, ["view", str(tmp_path)])
    assert res.exit_code == 1
    assert res.stderr == (f"Error: {tmp_path / 'graph.trig'}: not found; run `kg build INPUT -o {tmp_path}` first\n")
