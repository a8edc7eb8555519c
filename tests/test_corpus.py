"""The pipeline on the development corpus of ../shared (runs only where ../shared exists)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ask, sparql

pytestmark = pytest.mark.shared
R = "https://w3id.org/employment-policy/id/region/"


def test_hefei_has_code_340100_and_lies_in_anhui(corpus_build):
    _, store = corpus_build
    assert ask(store, f"""ASK {{ ?m ep:mentionOf <{R}340100> .
        <{R}340100> ep:divisionCode "340100" ; rdfs:label "合肥市"@zh ;
                    schema:containedInPlace <{R}340000> .
        <{R}340000> rdfs:label "安徽省"@zh ; ep:divisionLevel "province" }}""")


def test_training_notice_was_issued_by_the_ministry_of_finance(corpus_build):
    _, store = corpus_build
    rows = sparql(store, """SELECT DISTINCT ?al WHERE {
        ?d a ep:PolicyDocument ;
           rdfs:label "关于扩大院校毕业年度毕业生参加职业技能培训有关政策范围的通知"@zh ;
           ep:issuedBy ?a . ?a rdfs:label ?al }""")
    assert {r[0] for r in rows} == {"财政部", "人力资源和社会保障部", "教育部"}


def test_taiyuan_business_loan_amount_is_300000_cny(corpus_build):
    _, store = corpus_build
    rows = sparql(store, f"""SELECT DISTINCT ?v ?cur WHERE {{ GRAPH ?g {{
        ?p ep:implementedIn <{R}140100> ; ep:amount ?m ; rdfs:label ?pl }}
        ?m schema:value ?v ; schema:currency ?cur . FILTER(CONTAINS(STR(?pl), "创业担保贷款")) }}""")
    assert ("300000", "CNY") in rows


def test_digest_is_split_into_its_articles_with_themes(corpus_build):
    result, store = corpus_build
    assert result.articles == 14
    themes = {r[0] for r in sparql(store, "SELECT DISTINCT ?t WHERE { ?a ep:theme ?t }")}
    assert {"宏观形势", "公益性岗位", "农村劳动力转移就业"} <= themes


def test_dev_set_score_does_not_regress(shared_dir):
    """../shared/eval/score.py over `kg extract` (the same contract unseen texts are scored by)."""
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(shared_dir / "eval" / "dev"),
         str(shared_dir / "corpus"), "--kg", f"{sys.executable} -m kg.cli"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    summary = dict(re.findall(r"(\w+)=([0-9.]+)", proc.stdout.strip().splitlines()[-1]))
    # floors just under the scores when the recognisers last changed (0.920 / 0.815 / 1.0 / 1.0)
    assert float(summary["entity_f1"]) >= 0.90, proc.stdout
    assert float(summary["relation_f1"]) >= 0.78, proc.stdout
    assert float(summary["region_link"]) >= 0.97, proc.stdout
    assert float(summary["agency_link"]) >= 0.90, proc.stdout
