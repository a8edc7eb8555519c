"""Unit tests of kg.query over tests/data/mini.trig, a small hand-written graph in the
shape `kg build` writes (two articles, divisions, vocabulary and ontology graphs)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from kg.errors import KGError, QueryError
from kg.query import (QueryResult, format_result, list_queries, load_store, read_query,
                      run_query)

MINI = Path(__file__).resolve().parent / "data" / "mini.trig"
ID = "https://w3id.org/employment-policy/id/"
A01 = ID + "article/mini-digest/a01"
A02 = ID + "article/mini-digest/a02"
EV01 = "合肥市人社局介绍，今年合肥市公益性岗位每人每月补贴300元，重点安置就业困难人员。"
EV02 = "西安市在西安高新区为返乡农民工开设技能培训补贴项目，补贴标准由每人500元提高至每人800元。"
TITLE01 = "合肥市扩大公益性岗位规模"
TITLE02 = "西安高新区为返乡农民工提供技能培训补贴"

REQUIRED = ["documents-by-agency", "programmes-amounts-by-region", "programmes-targeting-group",
            "places-in-province", "relation-provenance", "regions-hierarchy"]


@pytest.fixture()
def build_dir(tmp_path: Path) -> Path:
    shutil.copy(MINI, tmp_path / "graph.trig")
    return tmp_path


def table(result: QueryResult) -> list[tuple]:
    return [tuple(row[v] for v in result.variables) for row in result.rows]


# -- the test graph itself ---------------------------------------------------------------

def test_mini_trig_parses_strictly_in_oxigraph():
    quads = list(pyoxigraph.parse(path=str(MINI), format=pyoxigraph.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {A01, A02, ID + "graph/divisions", ID + "graph/vocabulary",
                      ID + "graph/ontology"}
    assert not any(isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in quads)


def test_load_store(build_dir):
    store = load_store(build_dir)
    assert isinstance(store, pyoxigraph.Store)
    assert len(store) == sum(1 for _ in pyoxigraph.parse(path=str(MINI),
                                                         format=pyoxigraph.RdfFormat.TRIG))
    assert len(load_store(build_dir / "graph.trig")) == len(store)  # the file itself


def test_missing_graph_trig_exact_message(tmp_path):
    with pytest.raises(QueryError) as exc:
        load_store(tmp_path)
    assert str(exc.value) == f"{tmp_path}: no graph.trig here (run `kg build` first)"
    with pytest.raises(QueryError) as exc:
        run_query(tmp_path / "nope", "documents-by-agency")
    assert str(exc.value) == f"{tmp_path / 'nope'}: no graph.trig here (run `kg build` first)"
    assert isinstance(exc.value, KGError)


def test_invalid_trig_is_a_query_error(tmp_path):
    (tmp_path / "graph.trig").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(QueryError, match="not valid TriG") as exc:
        load_store(tmp_path)
    assert "\n" not in str(exc.value)


# -- bundled queries ----------------------------------------------------------------------

def test_list_queries_has_the_bundled_queries():
    queries = list_queries()
    assert len(queries) >= 6
    for name in REQUIRED + ["raised-limits"]:
        assert name in queries
        assert queries[name].is_file() and queries[name].suffix == ".rq"


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_bundled_query_headers(name):
    text = list_queries()[name].read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# question: ")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[1])  # Chinese
    assert any(ch.isascii() and ch.isalpha() for ch in lines[1])  # and English
    assert any(line.startswith("PREFIX ") for line in lines)
    assert "ORDER BY" in text


def test_documents_by_agency(build_dir):
    r = run_query(build_dir, "documents-by-agency")
    assert r.variables == ["agencyLabel", "documentLabel", "article"]
    assert table(r) == [("财政部", "就业补助资金管理办法", A01)]


def test_programmes_amounts_by_region(build_dir):
    r = run_query(build_dir, "programmes-amounts-by-region")
    assert r.variables == ["regionLabel", "code", "programmeLabel", "value", "amountLabel"]
    # the previous amount (500) of 技能培训补贴 is not an ep:amount
    assert table(r) == [("合肥市", "340100", "公益性岗位", "300", "300元"),
                        ("西安市", "610100", "技能培训补贴", "800", "每人800元")]


def test_programmes_targeting_group_unbound_lists_every_group_and_its_broader(build_dir):
    r = run_query(build_dir, "programmes-targeting-group")
    assert r.variables == ["groupLabel", "targetLabel", "programmeLabel", "regionLabel", "article"]
    assert table(r) == [("农民工", "返乡农民工", "技能培训补贴", "西安市", A02),
                        ("就业困难人员", "就业困难人员", "公益性岗位", "合肥市", A01),
                        ("返乡农民工", "返乡农民工", "技能培训补贴", "西安市", A02)]


def test_programmes_targeting_group_bound_through_skos_broader(build_dir):
    r = run_query(build_dir, "programmes-targeting-group", {"groupLabel": "农民工"})
    assert table(r) == [("农民工", "返乡农民工", "技能培训补贴", "西安市", A02)]
    r = run_query(build_dir, "programmes-targeting-group", {"?groupLabel": "就业困难人员"})
    assert table(r) == [("就业困难人员", "就业困难人员", "公益性岗位", "合肥市", A01)]
    assert run_query(build_dir, "programmes-targeting-group", {"groupLabel": "高校毕业生"}).rows == []


def test_places_in_province(build_dir):
    r = run_query(build_dir, "places-in-province")
    assert r.variables == ["provinceLabel", "provinceCode", "placeLabel", "code", "article", "title"]
    assert table(r) == [
        ("安徽省", "340000", "安徽省", "340000", A01, TITLE01),
        ("安徽省", "340000", "合肥市", "340100", A01, TITLE01),
        ("陕西省", "610000", "西安高新区", None, A02, TITLE02),  # a locality (no code)
        ("陕西省", "610000", "西安市", "610100", A02, TITLE02),
    ]


def test_places_in_province_bound(build_dir):
    expected = [("陕西省", "610000", "西安高新区", None, A02, TITLE02),
                ("陕西省", "610000", "西安市", "610100", A02, TITLE02)]
    assert table(run_query(build_dir, "places-in-province", {"provinceLabel": "陕西省"})) == expected
    # a digits-only value is a plain string literal, like ep:divisionCode
    assert table(run_query(build_dir, "places-in-province", {"provinceCode": "610000"})) == expected


def test_relation_provenance(build_dir):
    r = run_query(build_dir, "relation-provenance")
    assert r.variables == ["article", "title", "subjectLabel", "relation", "objectLabel",
                           "start", "end", "evidence"]
    assert table(r) == [
        (A01, TITLE01, "合肥市", "containedInPlace", "安徽省", "13", "32",
         "安徽合肥 | 合肥市扩大公益性岗位规模"),
        (A01, TITLE01, "就业补助资金管理办法", "issuedBy", "财政部", "33", "54",
         "日前，财政部发布《就业补助资金管理办法》。"),
        (A01, TITLE01, "公益性岗位", "amount", "300元", "54", "95", EV01),
        (A01, TITLE01, "公益性岗位", "implementedIn", "合肥市", "54", "95", EV01),
        (A01, TITLE01, "公益性岗位", "targets", "就业困难人员", "54", "95", EV01),
        (A02, TITLE02, "技能培训补贴", "amount", "每人800元", "122", "169", EV02),
        (A02, TITLE02, "西安高新区", "containedInPlace", "西安市", "122", "169", EV02),
        (A02, TITLE02, "技能培训补贴", "implementedIn", "西安市", "122", "169", EV02),
        (A02, TITLE02, "技能培训补贴", "targets", "返乡农民工", "122", "169", EV02),
    ]


def test_relation_provenance_bound_by_iri_and_ascii_value(build_dir):
    r = run_query(build_dir, "relation-provenance", {"article": A02, "relation": "targets"})
    assert table(r) == [(A02, TITLE02, "技能培训补贴", "targets", "返乡农民工", "122", "169", EV02)]
    r = run_query(build_dir, "relation-provenance", {"article": f"<{A01}>", "relation": "issuedBy"})
    assert [row["objectLabel"] for row in r.rows] == ["财政部"]


def test_regions_hierarchy(build_dir):
    r = run_query(build_dir, "regions-hierarchy")
    assert r.variables == ["code", "label", "level", "parentCode", "parentLabel", "articles"]
    assert table(r) == [("340000", "安徽省", "province", None, None, "1"),
                        ("340100", "合肥市", "prefecture", "340000", "安徽省", "1"),
                        ("610000", "陕西省", "province", None, None, "0"),
                        ("610100", "西安市", "prefecture", "610000", "陕西省", "1")]
    r = run_query(build_dir, "regions-hierarchy", {"level": "prefecture"})
    assert [row["code"] for row in r.rows] == ["340100", "610100"]


def test_raised_limits(build_dir):
    r = run_query(build_dir, "raised-limits")
    assert r.variables == ["programmeLabel", "regionLabel", "previousValue", "value",
                           "evidence", "article"]
    assert table(r) == [("技能培训补贴", "西安市", "500", "800",
                         "西安市在西安高新区为返乡农民工开设技能培训补贴项目，补贴标准由每人500元提高至每人800元。",
                         A02)]


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_bundled_queries_are_deterministic(build_dir, name):
    assert run_query(build_dir, name).rows == run_query(build_dir, name).rows


# -- running queries ----------------------------------------------------------------------

def test_union_default_graph_and_graph_clauses(build_dir):
    q = "SELECT ?t WHERE { ?a a ep:Article ; dct:title ?t } ORDER BY ?t"  # predeclared prefixes
    assert [row["t"] for row in run_query(build_dir, q).rows] == [TITLE01, TITLE02]
    q = ("SELECT ?g WHERE { GRAPH ?g { ?p ep:targets ?t } } ORDER BY ?g")
    assert [row["g"] for row in run_query(build_dir, q).rows] == [A01, A02]
    q = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
         f"SELECT ?b WHERE {{ GRAPH <{ID}graph/vocabulary> {{ ?g skos:broader ?b }} }}")
    assert table(run_query(build_dir, q)) == [(ID + "group/migrant-workers",)]


def test_values_are_plain_strings(build_dir):
    q = ("SELECT ?v ?l ?cur WHERE { GRAPH ?g { ?a schema:value ?v ; rdfs:label ?l ; "
         "schema:currency ?cur } } ORDER BY ?v")
    r = run_query(build_dir, q)
    assert table(r) == [("300", "300元", "CNY"), ("500", "每人500元", "CNY"),
                        ("800", "每人800元", "CNY")]
    assert r.bindings[0]["v"] == {"type": "literal", "value": "300",
                                  "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert r.bindings[0]["l"] == {"type": "literal", "value": "300元", "xml:lang": "zh"}
    assert r.bindings[0]["cur"] == {"type": "literal", "value": "CNY"}


def test_bindings_are_substituted_not_formatted(build_dir):
    # a value with quotes and braces is just a literal: no injection, no syntax error
    r = run_query(build_dir, "programmes-targeting-group",
                  {"groupLabel": '农民工" } UNION { ?x ?y ?z'})
    assert r.rows == []


def test_binding_an_unselected_variable_is_an_error(build_dir):
    with pytest.raises(QueryError) as exc:
        run_query(build_dir, "documents-by-agency", {"nope": "x"})
    assert str(exc.value) == "documents-by-agency: cannot bind ?nope: the query does not select it"


def test_binding_a_bad_variable_name(build_dir):
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        run_query(build_dir, "documents-by-agency", {"a b": "x"})


def test_malformed_query_one_line_error(build_dir):
    with pytest.raises(QueryError) as exc:
        run_query(build_dir, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(\n}")
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith("query: SPARQL syntax error at 4:")


def test_malformed_query_file_names_the_file(build_dir, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(QueryError) as exc:
        run_query(build_dir, str(bad))
    assert str(exc.value).startswith(f"{bad}: SPARQL syntax error at ")
    assert "\n" not in str(exc.value)


def test_ask_and_construct(build_dir):
    r = run_query(build_dir, "ASK { ?p ep:previousAmount ?a }")
    assert r.boolean is True and r.kind == "ask"
    assert format_result(r, "table") == "true\n"
    assert json.loads(format_result(r, "json")) == {"head": {}, "boolean": True}
    assert run_query(build_dir, "ask { ?p ep:previousAmount ?p }").boolean is False

    r = run_query(build_dir, f"CONSTRUCT {{ ?d <{ID}by> ?a }} WHERE {{ ?d ep:issuedBy ?a }}")
    assert r.kind == "graph"
    expected = (f"<{ID}document/employment-subsidy-funds-measures> <{ID}by> "
                f"<{ID}agency/mof> .\n")
    assert r.triples == expected
    assert format_result(r, "json") == expected
    r = run_query(build_dir, f"DESCRIBE <{ID}group/migrant-workers>")
    assert f'<{ID}group/migrant-workers> <http://www.w3.org/2000/01/rdf-schema#label> "农民工"@zh .' \
        in r.triples.splitlines()


# -- read_query ---------------------------------------------------------------------------

def test_read_query_by_name_file_and_text(tmp_path, monkeypatch):
    bundled = list_queries()["documents-by-agency"].read_text(encoding="utf-8")
    assert read_query("documents-by-agency") == bundled
    assert read_query("documents-by-agency.rq") == bundled
    f = tmp_path / "mine.rq"
    f.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    assert read_query(str(f)) == "ASK { ?s ?p ?o }\n"
    assert read_query(f) == "ASK { ?s ?p ?o }\n"
    monkeypatch.chdir(tmp_path)
    assert read_query("mine.rq") == "ASK { ?s ?p ?o }\n"
    text = "select * where { ?s ?p ?o } limit 1"
    assert read_query(text) == text
    assert read_query("DESCRIBE <http://example.org/x>") == "DESCRIBE <http://example.org/x>"


@pytest.mark.parametrize("nonsense", ["hello world", "no-such-query", "missing.rq", "graph.trig"])
def test_read_query_rejects_nonsense(nonsense):
    with pytest.raises(QueryError) as exc:
        read_query(nonsense)
    assert str(exc.value) == (f"{nonsense}: not a SPARQL query, a .rq file or a bundled query "
                              "name (see `kg query --list`)")


# -- format_result ------------------------------------------------------------------------

SMALL = (f"SELECT ?code ?label ?parent WHERE {{ GRAPH <{ID}graph/divisions> {{\n"
         "  ?d ep:divisionCode ?code ; rdfs:label ?label .\n"
         "  OPTIONAL { ?d schema:containedInPlace ?parent }\n"
         '  FILTER(?code IN ("340000", "340100"))\n'
         "} } ORDER BY ?code")
PARENT = ID + "region/340000"


def test_format_table(build_dir):
    r = run_query(build_dir, SMALL)
    assert format_result(r, "table") == (
        "code    label   parent\n"
        "------  ------  " + "-" * len(PARENT) + "\n"
        "340000  安徽省\n"
        f"340100  合肥市  {PARENT}\n"
        "(2 rows)\n")


def test_format_table_width_and_one_row():
    r = QueryResult(variables=["名称", "n"], rows=[{"名称": "ab", "n": "1"}])
    assert format_result(r, "table") == "名称  n\n----  -\nab    1\n(1 row)\n"
    r = QueryResult(variables=["x"], rows=[])
    assert format_result(r, "table") == "x\n-\n(0 rows)\n"
    r = QueryResult(variables=["x", "y"], rows=[{"x": "多行\n文本", "y": None}])
    assert format_result(r, "table") == "x           y\n----------  -\n多行\\n文本\n(1 row)\n"


def test_format_csv(build_dir):
    r = run_query(build_dir, SMALL)
    assert format_result(r, "csv") == ("code,label,parent\n"
                                       "340000,安徽省,\n"
                                       f"340100,合肥市,{PARENT}\n")
    r = QueryResult(variables=["a"], rows=[{"a": 'say "hi", 你好'}])
    assert format_result(r, "csv") == 'a\n"say ""hi"", 你好"\n'


def test_format_tsv(build_dir):
    r = run_query(build_dir, SMALL)
    assert format_result(r, "tsv") == ("?code\t?label\t?parent\n"
                                       '"340000"\t"安徽省"@zh\t\n'
                                       f'"340100"\t"合肥市"@zh\t<{PARENT}>\n')


def test_format_json_exact(build_dir):
    r = run_query(build_dir, SMALL)
    expected = {"head": {"vars": ["code", "label", "parent"]},
                "results": {"bindings": [
                    {"code": {"type": "literal", "value": "340000"},
                     "label": {"type": "literal", "value": "安徽省", "xml:lang": "zh"}},
                    {"code": {"type": "literal", "value": "340100"},
                     "label": {"type": "literal", "value": "合肥市", "xml:lang": "zh"},
                     "parent": {"type": "uri", "value": PARENT}}]}}
    out = format_result(r, "json")
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert "安徽省" in out  # not \u-escaped


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_format_json_is_sparql_results_json(build_dir, name):
    r = run_query(build_dir, name)
    doc = json.loads(format_result(r, "json"))
    assert set(doc) == {"head", "results"}
    assert doc["head"]["vars"] == r.variables
    assert set(doc["results"]) == {"bindings"}
    assert len(doc["results"]["bindings"]) == len(r.rows) > 0
    for binding, row in zip(doc["results"]["bindings"], r.rows):
        assert set(binding) == {k for k, v in row.items() if v is not None}
        for var, term in binding.items():
            assert term["type"] in ("uri", "literal", "bnode")
            assert term["value"] == row[var]
            assert set(term) <= {"type", "value", "xml:lang", "datatype"}
            assert not ("xml:lang" in term and "datatype" in term)
            if term["type"] != "literal":
                assert set(term) == {"type", "value"}
    # a hand-made result still gives valid JSON (IRIs recognised)
    hand = QueryResult(variables=["a", "b"], rows=[{"a": "http://x.org/1", "b": "文本"}])
    assert json.loads(format_result(hand, "json"))["results"]["bindings"] == [
        {"a": {"type": "uri", "value": "http://x.org/1"}, "b": {"type": "literal", "value": "文本"}}]


def test_format_unknown():
    with pytest.raises(QueryError, match="unknown format"):
        format_result(QueryResult(), "xml")


def test_binding_value_forms(build_dir):
    q = "SELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY ?c"
    programme = "https://w3id.org/employment-policy/ontology#Programme"
    assert table(run_query(build_dir, q, {"l": '"Programme"@en'})) == [(programme, "Programme")]
    assert table(run_query(build_dir, q, {"l": "政策项目"})) == [(programme, "政策项目")]
    assert run_query(build_dir, q, {"l": "Programme"}).rows == []  # plain ≠ @en
    q = "SELECT ?a ?v WHERE { ?a schema:value ?v }"
    decimal = '"800"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert table(run_query(build_dir, q, {"v": decimal})) == [(ID + "amount/800-CNY", "800")]
    with pytest.raises(QueryError, match="not a valid IRI or literal"):
        run_query(build_dir, q, {"a": "<not an iri>"})
