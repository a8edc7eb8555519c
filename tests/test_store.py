"""The persistent store (`kg build --store`, `kg remove`): every state it reaches by adding,
replacing and removing files equals a from-scratch build of the same files, quad for quad
(no blank nodes, so sorted N-Quads are canonical). Oxigraph stores are compared with
Oxigraph stores, since a store normalises derived integer datatypes
(xsd:nonNegativeInteger is read back as xsd:integer) whichever way the data came in."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import KGError
from kg.nlp.pipeline import IRI_BASE
from kg.store import dataset_quads, list_sources, open_store, remove_sources, update_store

DIGEST = "employment-digest-2024-03.txt"
SINGLE = "single-article-2023-08-guangdong.md"
DIVISIONS = ox.NamedNode(IRI_BASE + "graph/divisions")
SOURCES = ox.NamedNode(IRI_BASE + "graph/sources")


def nquads(quads) -> list[str]:
    return sorted(str(q) for q in quads)


def assert_same_dataset(actual: list[str], expected: list[str]) -> None:
    """Equal sorted N-Quads, else a readable diff of what is missing and what is extra."""
    if actual == expected:
        return
    a, e = set(actual), set(expected)
    lines = [f"store has {len(actual)} quads, from-scratch build {len(expected)}",
             f"duplicates in store: {len(actual) - len(a)}"]
    lines += ["missing: " + q for q in sorted(e - a)[:15]]
    lines += ["extra:   " + q for q in sorted(a - e)[:15]]
    pytest.fail("\n".join(lines), pytrace=False)


def scratch(paths, tmp_path_factory) -> list[str]:
    """N-Quads of a from-scratch `kg build` of ``paths``, read through an Oxigraph store."""
    out = tmp_path_factory.mktemp("scratch")
    build(paths, out)
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    return nquads(store)


def stored(path) -> list[str]:
    return nquads(dataset_quads(open_store(path, read_only=True)))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, samples_dir):
    """Copies of the two sample files (tests edit them)."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in (DIGEST, SINGLE):
        shutil.copy(samples_dir / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def digest_only(tmp_path_factory, samples_dir):
    return scratch([samples_dir / DIGEST], tmp_path_factory)


@pytest.fixture(scope="module")
def full(sample_build):
    store = ox.Store()
    store.bulk_load(path=str(sample_build[0].out_dir / "graph.trig"), format=ox.RdfFormat.TRIG)
    return nquads(store)


def test_store_equals_from_scratch_build(tmp_path, samples_dir, full):
    result = update_store([samples_dir], tmp_path / "st")
    assert sorted(result.added) == [DIGEST, SINGLE] and not result.replaced
    assert_same_dataset(stored(tmp_path / "st"), full)
    store = open_store(tmp_path / "st", read_only=True)
    assert result.quads == len(store) == len(full) + 2 * len(result.added)  # + the sources graph
    hashes = {s.name: s.content_hash for s in list_sources(store, IRI_BASE).values()}
    del store
    assert set(hashes) == {DIGEST, SINGLE}
    assert all(h.startswith("sha256:") and len(h) == 71 for h in hashes.values())


def test_adding_files_one_by_one_and_rebuilding_changes_nothing(tmp_path, samples_dir, full,
                                                                 digest_only):
    st = tmp_path / "st"
    update_store([samples_dir / DIGEST], st)
    assert_same_dataset(stored(st), digest_only)
    second = update_store([samples_dir / SINGLE], st)
    assert second.added == [SINGLE] and second.reference_changed
    assert_same_dataset(stored(st), full)
    before = nquads(open_store(st, read_only=True))
    again = update_store([samples_dir], st)
    assert sorted(again.unchanged) == [DIGEST, SINGLE]
    assert again.added == again.replaced == [] and again.articles == 0
    assert not again.reference_changed
    assert nquads(open_store(st, read_only=True)) == before


def test_changed_file_replaces_its_graphs(tmp_path, inputs, tmp_path_factory, full):
    st = tmp_path / "st"
    update_store([inputs], st)
    assert_same_dataset(stored(st), full)
    digest = inputs / DIGEST
    original = digest.read_text(encoding="utf-8")
    # keep only the first half of the digest: articles disappear, their divisions too
    lines = original.splitlines(keepends=True)
    digest.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    try:
        expected = scratch([inputs], tmp_path_factory)
        result = update_store([inputs], st)
        assert result.replaced == [DIGEST] and result.unchanged == [SINGLE]
        assert_same_dataset(stored(st), expected)
        assert len(expected) < len(full)
        # and back: the store follows the file again
        digest.write_text(original, encoding="utf-8")
        assert update_store([inputs], st).replaced == [DIGEST]
        assert_same_dataset(stored(st), full)
    finally:
        digest.write_text(original, encoding="utf-8")


def test_changed_file_that_cannot_be_read_keeps_its_graphs(tmp_path, samples_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples_dir / SINGLE, folder / SINGLE)
    st = tmp_path / "st"
    update_store([folder], st)
    before = nquads(open_store(st, read_only=True))
    (folder / SINGLE).write_bytes(b"")
    result = update_store([folder], st)
    assert result.errors == [f"{folder / SINGLE}: file is empty"] and not result.replaced
    assert nquads(open_store(st, read_only=True)) == before

def test_remove_recomputes_reference_graphs(tmp_path, samples_dir, digest_only, full):
    st = tmp_path / "st"
    update_store([samples_dir], st)
    divisions_before = {q.subject for q in open_store(st, read_only=True)
                        .quads_for_pattern(None, None, None, DIVISIONS)}
    result = remove_sources([SINGLE], st)
    assert result.removed == [SINGLE] and result.articles >= 1
    assert_same_dataset(stored(st), digest_only)
    divisions_after = {q.subject for q in open_store(st, read_only=True)
                       .quads_for_pattern(None, None, None, DIVISIONS)}
    assert divisions_after < divisions_before  # Guangdong's divisions went with the article
    remove_sources([f"some/folder/{DIGEST}"], st)  # a path names its file
    store = open_store(st, read_only=True)
    assert {g.value for g in store.named_graphs()} == {IRI_BASE + "graph/ontology"}
    assert list(store.quads_for_pattern(None, None, None, SOURCES)) == []
    del store  # a read-only handle must not outlive a write
    update_store([samples_dir], st)
    assert_same_dataset(stored(st), full)


def test_remove_unknown_source_changes_nothing(tmp_path, samples_dir):
    st = tmp_path / "st"
    update_store([samples_dir / DIGEST], st)
    before = nquads(open_store(st, read_only=True))
    with pytest.raises(KGError) as exc:
        remove_sources([DIGEST, "nope.txt"], st)
    assert str(exc.value) == f"nope.txt: not a source of the store {st} (its sources: {DIGEST})"
    assert nquads(open_store(st, read_only=True)) == before


def test_same_file_name_twice_in_a_batch(tmp_path, samples_dir):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(samples_dir / SINGLE, other / SINGLE)
    result = update_store([samples_dir / SINGLE, other / SINGLE], tmp_path / "st")
    assert result.added == [SINGLE]
    assert result.errors == [f"{other / SINGLE}: same file name as {samples_dir / SINGLE} "
                             "(article IRIs come from the file name: rename one)"]


def test_base_must_match_the_store(tmp_path, samples_dir):
    st = tmp_path / "st"
    update_store([samples_dir / SINGLE], st, base="http://example.org/kg/")
    assert {g.value for g in open_store(st, read_only=True).named_graphs()} >= {
        "http://example.org/kg/graph/sources", "http://example.org/kg/graph/divisions"}
    with pytest.raises(KGError) as exc:
        update_store([samples_dir / SINGLE], st, base=IRI_BASE)
    assert str(exc.value) == (f"{st}: the store was built with --base http://example.org/kg/; "
                              "use the same base or another store")


# -- CLI -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_cli_build_query_remove(runner, tmp_path, samples_dir, sample_build):
    st = tmp_path / "st"
    r = runner.invoke(main, ["build", str(samples_dir), "--store", str(st)])
    assert r.exit_code == 0, r.output
    assert f"added:     2 ({DIGEST}, {SINGLE})" in r.output
    r = runner.invoke(main, ["build", str(samples_dir), "--store", str(st)])
    assert r.exit_code == 0 and f"unchanged: 2 ({DIGEST}, {SINGLE})" in r.output
    for name in ("documents-by-agency", "regions-hierarchy"):
        via_store = runner.invoke(main, ["query", "--store", str(st), name, "--format", "csv"])
        via_dir = runner.invoke(main, ["query", str(sample_build[0].out_dir), name, "--format", "csv"])
        assert via_store.exit_code == 0 and via_store.output == via_dir.output
    r = runner.invoke(main, ["remove", SINGLE, "--store", str(st)])
    assert r.exit_code == 0 and f"removed:   1 ({SINGLE})" in r.output
    r = runner.invoke(main, ["remove", SINGLE, "--store", str(st)])
    assert r.exit_code == 1
    assert r.output == f"Error: {SINGLE}: not a source of the store {st} (its sources: {DIGEST})\n"


def test_cli_store_errors(runner, tmp_path, samples_dir):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    r = runner.invoke(main, ["build", str(samples_dir / SINGLE), "--store", str(a_file)])
    assert r.exit_code == 1
    assert r.output.endswith(f"Error: {a_file}: is a file, not a store folder (give a folder "
                             "to --store)\n")
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(b"%PDF")
    r = runner.invoke(main, ["query", "--store", str(folder), "documents-by-agency"])
    assert r.exit_code == 1
    assert r.output == (f"Error: {folder}: is a folder but not a kg store (give an empty or new "
                        "folder to --store)\n")
    missing = tmp_path / "nowhere"
    r = runner.invoke(main, ["remove", "a.txt", "--store", str(missing)])
    assert r.exit_code == 1
    assert r.output == (f"Error: {missing}: no store here (create one with "
                        f"`kg build INPUT... --store {missing}`)\n")
    assert not missing.exists()
    r = runner.invoke(main, ["build", str(samples_dir), "--store", str(folder), "-o", "out"])
    assert r.exit_code == 2
    assert r.output.endswith("Error: give either -o DIR (files) or --store DIR (a store), not both\n")


@pytest.mark.shared
def test_corpus_store_equals_corpus_build(tmp_path, corpus_build, shared_dir):
    store = ox.Store()
    store.bulk_load(path=str(corpus_build[0].out_dir / "graph.trig"), format=ox.RdfFormat.TRIG)
    update_store([shared_dir / "corpus"], tmp_path / "st")
    assert_same_dataset(stored(tmp_path / "st"), nquads(store))
