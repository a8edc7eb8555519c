"""ontology/README.md's term tables are generated from the ontology and up to date."""
from __future__ import annotations

import difflib

import pytest

from kg.graph.namespaces import ONTOLOGY_PATH
from kg.graph.ontology_doc import README_PATH, main, render_sections, update_readme


def test_readme_tables_are_up_to_date():
    current = README_PATH.read_text(encoding="utf-8")
    expected = update_readme(current, render_sections(ONTOLOGY_PATH))
    if expected != current:
        diff = "".join(difflib.unified_diff(current.splitlines(True), expected.splitlines(True),
                                            "ontology/README.md", "rendered from the ontology"))
        pytest.fail("ontology/README.md is out of date; run `python -m kg.graph.ontology_doc`\n"
                    + diff, pytrace=False)


def test_every_generated_section_is_present():
    sections = render_sections(ONTOLOGY_PATH)
    assert set(sections) == {"classes", "object-properties", "datatype-properties", "alignments"}
    text = README_PATH.read_text(encoding="utf-8")
    for name in sections:
        assert f"<!-- BEGIN GENERATED: {name} -->" in text


def test_check_fails_after_an_ontology_edit_and_passes_after_regenerating(tmp_path):
    ttl = tmp_path / "onto.ttl"
    ttl.write_text(ONTOLOGY_PATH.read_text(encoding="utf-8").replace('"新闻条目"@zh', '"新闻"@zh'),
                   encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(README_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--ttl", str(ttl), "--readme", str(readme)]
    assert main(args + ["--check"]) == 1
    assert main(args) == 0
    assert "| `ep:Article` | Article | 新闻 |" in readme.read_text(encoding="utf-8")
    assert main(args + ["--check"]) == 0


def test_missing_markers_are_an_error():
    with pytest.raises(ValueError, match="no markers for section"):
        update_readme("# no markers\n", render_sections(ONTOLOGY_PATH))
