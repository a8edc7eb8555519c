"""The whole pipeline on data/samples, checked by SPARQL for specific facts."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from conftest import ask, sparql

from kg.graph.namespaces import EP

R = "https://w3id.org/employment-policy/id/region/"


def test_summary_counts_match_what_an_independent_parser_reads(sample_build):
    result, _ = sample_build
    out = result.out_dir
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    ttl = list(pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    trig = list(pyoxigraph.parse(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    assert summary["triples"] == len(ttl) == result.triples
    assert summary["quads"] == len(trig) == result.quads
    assert summary["articles"] == result.articles >= 9
    assert set(summary["outputs"]) == {"trig", "ttl", "index", "html", "regions", "articles", "summary"}
    assert not list(out.glob(".*.tmp"))


def test_one_named_graph_per_article(sample_build):
    result, store = sample_build
    rows = sparql(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a ep:Article } }")
    assert len(rows) == result.articles


def test_hefei_is_340100_in_anhui(sample_build):
    _, store = sample_build
    assert ask(store, f"""ASK {{ <{R}340100> a ep:AdministrativeDivision ; rdfs:label "合肥市"@zh ;
        ep:divisionCode "340100" ; schema:containedInPlace <{R}340000> .
        <{R}340000> rdfs:label "安徽省"@zh }}""")


def test_relative_agency_resolves_to_the_item_region(sample_build):
    # the 合肥 item says only 市人社局
    _, store = sample_build
    rows = sparql(store, """SELECT DISTINCT ?j ?surface WHERE {
        ?a rdfs:label "合肥市人力资源和社会保障局"@zh ; ep:jurisdiction ?j .
        ?m ep:mentionOf ?a ; ep:surfaceForm ?surface }""")
    assert rows == [(R + "340100", "市人社局")]


def test_jointly_issued_notice_has_all_three_issuers(sample_build):
    _, store = sample_build
    rows = sparql(store, """SELECT DISTINCT ?al WHERE {
        ?d rdfs:label "关于延续实施一次性扩岗补助政策有关工作的通知"@zh ; ep:issuedBy ?a .
        ?a a ep:GovernmentAgency ; rdfs:label ?al } ORDER BY ?al""")
    assert {r[0] for r in rows} == {"人力资源和社会保障部", "教育部", "财政部"}


def test_raised_loan_limit_amounts_in_changsha(sample_build):
    """由20万元提高至30万元: the new amount is ep:amount, the old one ep:previousAmount."""
    _, store = sample_build
    rows = sparql(store, f"""SELECT DISTINCT ?p ?v WHERE {{ GRAPH ?g {{
        ?prog ep:implementedIn <{R}430100> ; ?p ?m . ?prog rdfs:label ?pl
        VALUES ?p {{ ep:amount ep:previousAmount }} }}
        ?m schema:value ?v ; schema:currency "CNY" . FILTER(CONTAINS(STR(?pl), "创业担保贷款")) }}""")
    assert (str(EP.amount), "300000") in rows
    assert (str(EP.previousAmount), "200000") in rows
    assert (str(EP.amount), "200000") not in rows


def test_raised_limits_query_pairs_old_and_new_amount(sample_build):
    from kg.query import run_query

    result, _ = sample_build
    rows = run_query(result.out_dir, "raised-limits").rows
    pairs = {(r["programmeLabel"], r["regionLabel"], r["previousValue"], r["value"]) for r in rows}
    assert ("创业担保贷款", "长沙市", "200000", "300000") in pairs


def test_money_is_decimal_and_labels_are_zh_and_iris_ascii(sample_build):
    _, store = sample_build
    assert not ask(store, "ASK { ?m schema:value ?v FILTER(DATATYPE(?v) != xsd:decimal) }")
    assert not ask(store, """ASK { ?e rdfs:label ?l . ?e a ?c .
        FILTER(STRSTARTS(STR(?c), "https://w3id.org/employment-policy/ontology#") && LANG(?l) != "zh") }""")
    for row in sparql(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"):
        assert row[0].isascii(), row[0]


def test_provenance_reaches_article_and_span(sample_build, samples_dir):
    _, store = sample_build
    rows = sparql(store, """SELECT DISTINCT ?source ?start ?end ?text ?dl ?al WHERE {
        ?d ep:issuedBy ?a .
        ?st rdf:subject ?d ; rdf:predicate ep:issuedBy ; rdf:object ?a ;
            ep:inArticle ?art ; ep:startOffset ?start ; ep:endOffset ?end ; ep:evidenceText ?text .
        ?art dct:source ?source .
        ?d rdfs:label ?dl . ?a rdfs:label ?al }""")
    assert rows
    for source, start, end, text, doc_label, _ in rows:
        file_text = (samples_dir / source).read_text(encoding="utf-8")
        assert file_text[int(start):int(end)] == text
        assert doc_label in text.replace(" ", "")


def test_a_bad_file_is_reported_and_the_rest_still_builds(tmp_path, samples_dir):
    from kg.build import build

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    good = samples_dir / "single-article-2023-08-guangdong.md"
    result = build([empty, tmp_path / "missing.txt", good], tmp_path / "out")
    assert result.errors == [f"{empty}: file is empty",
                             f"{tmp_path / 'missing.txt'}: no such file or directory (check the path)"]
    assert result.files == [str(good)]
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_a_failed_build_leaves_existing_outputs_untouched(tmp_path):
    from kg.build import build
    from kg.errors import KGError

    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("old", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(KGError, match="no input could be read"):
        build([binary], out)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]
