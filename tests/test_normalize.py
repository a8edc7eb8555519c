"""Tests for kg.nlp.normalize: money/date finder patterns and their parsers."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.nlp.normalize import (
    DATE_RE, MONEY_PREFIXES, MONEY_RE, DateValue, Money, parse_date, parse_money,
)

D = Decimal
REF = "2021-05"

# ----------------------------------------------------------------------------- money
MONEY_CASES = [
    ("300元", Money(D("300"))),
    ("每人每月300元", Money(D("300"), per="person-month")),
    ("每人每年6000元", Money(D("6000"), per="person-year")),
    ("每户2000元", Money(D("2000"), per="household")),
    ("15万元", Money(D("150000"))),
    ("56.29亿元", Money(D("5629000000"))),
    ("1.5万亿元", Money(D("1500000000000"))),
    ("3000余万元", Money(D("30000000"), qualifier="approx")),
    ("1800多万元", Money(D("18000000"), qualifier="approx")),
    ("300余元", Money(D("300"), qualifier="approx")),
    ("最高共2.1万元", Money(D("21000"), qualifier="max")),
    ("不超过3000元", Money(D("3000"), qualifier="max")),
    ("不低于1000元", Money(D("1000"), qualifier="min")),
    ("约5亿元", Money(D("500000000"), qualifier="approx")),
    ("共12.5亿元", Money(D("1250000000"), qualifier="total")),
    ("10万元以下", Money(D("100000"), qualifier="max")),
    ("45亿元以上", Money(D("4500000000"), qualifier="min")),
    ("5000元左右", Money(D("5000"), qualifier="approx")),
    ("每户最高不超过3万元", Money(D("30000"), qualifier="max", per="household")),
    ("三千元", Money(D("3000"))),
    ("两万元", Money(D("20000"))),
    ("一百二十元", Money(D("120"))),
    ("十五万元", Money(D("150000"))),
    ("一万二千元", Money(D("12000"))),
    ("1,200元", Money(D("1200"))),
    ("３００元", Money(D("300"))),
    ("300 元", Money(D("300"))),
    ("15 万元", Money(D("150000"))),
    ("500块", Money(D("500"))),
    ("3千元", Money(D("3000"))),
    ("2.5百万元", Money(D("2500000"))),
    ("200万美元", Money(D("2000000"), currency="USD")),
    ("1500元/人/月", Money(D("1500"), per="person-month")),
    ("0.5元", Money(D("0.5"))),
    ("2020年投入3000万元", Money(D("30000000"))),
]


@pytest.mark.parametrize("text,expected", MONEY_CASES, ids=[c[0] for c in MONEY_CASES])
def test_parse_money(text, expected):
    got = parse_money(text)
    assert got == expected
    assert "E" not in str(got.value)
    assert str(got.value) == str(expected.value)


NOT_MONEY = ["35 万人", "10800 个", "15%", "数十万元", "一块", "万元", "2021年", ""]


@pytest.mark.parametrize("text", NOT_MONEY, ids=NOT_MONEY)
def test_parse_money_rejects(text):
    assert parse_money(text) is None


def test_money_prefixes_constant():
    assert isinstance(MONEY_PREFIXES, tuple)
    assert {"每人每月", "最高共", "不超过", "约", "近", "共"} <= set(MONEY_PREFIXES)


MONEY_FINDS = [
    ("对返乡创业人员给予每人不超过5000元的一次性补贴，全年发放创业担保贷款12.5亿元。",
     ["每人不超过5000元", "12.5亿元"]),
    ("2020年投入3000万元，帮助35 万人实现就业，新增岗位10800 个，失业率下降15%。",
     ["3000万元"]),
    ("离校2年内未就业高校毕业生可领取每人每月300元生活补贴，最高共2.1万元。",
     ["每人每月300元", "最高共2.1万元"]),
    ("今年1至4月，全市发放稳岗返还资金3000余万元，惠及企业1800多家、职工5.6万人。",
     ["3000余万元"]),
    ("对吸纳就业的小微企业给予每户1,200元奖励，贷款额度10万元以下的免于担保。",
     ["每户1,200元", "10万元以下"]),
    ("为老年人和青年提供年度职业技能培训，补贴标准为三千元左右，一块组织实施。",
     ["三千元左右"]),
    ("全省累计为企业减负近1.5万亿元，其中外资企业获得200万美元。",
     ["近1.5万亿元", "200万美元"]),
    ("见习补贴按１５００元/人/月发放，另有300 元交通补助和15 万元专项资金。",
     ["１５００元/人/月", "300 元", "15 万元"]),
]


@pytest.mark.parametrize("text,spans", MONEY_FINDS, ids=[f"money-find-{i}" for i in range(len(MONEY_FINDS))])
def test_money_finder(text, spans):
    assert [m.group() for m in MONEY_RE.finditer(text)] == spans


# ----------------------------------------------------------------------------- dates
def dv(value, datatype, start=None, end=None, relative=False):
    return DateValue(value, datatype, start, end, relative)


UNRESOLVED = dv(None, None, relative=True)

DATE_CASES = [
    # periods, holidays, seasons and fiscal years (found on texts of other years)
    ("2023年4月24日—4月30日", None, dv(None, None, "2023-04-24", "2023-04-30")),
    ("7月11日至17日", REF, dv(None, None, "2021-07-11", "2021-07-17", relative=True)),
    ("2019年至2021年", None, dv(None, None, "2019", "2021")),
    ("今年2月至6月", REF, dv("2021", "gYear", "2021-02", "2021-06", relative=True)),
    ("今年前8个月", REF, dv("2021", "gYear", "2021-01", "2021-08", relative=True)),
    ("2024年前三个月", None, dv("2024", "gYear", "2024-01", "2024-03")),
    ("今年前两个月", REF, dv("2021", "gYear", "2021-01", "2021-02", relative=True)),
    ("2019年1月1日至2020年12月31日", None, dv(None, None, "2019-01-01", "2020-12-31")),
    ("春节前", REF, dv("2021", "gYear", relative=True)),
    ("今年冬季", REF, dv("2021", "gYear", relative=True)),
    ("今冬明春", REF, dv("2021", "gYear", relative=True)),
    ("入冬以来", REF, dv("2021", "gYear", relative=True)),
    ("去年同期", REF, dv("2020", "gYear", relative=True)),
    ("二季度末", REF, dv("2021-06", "gYearMonth", relative=True)),
    ("2024年三季度初", None, dv("2024-07", "gYearMonth")),
    ("上年", REF, dv("2020", "gYear", relative=True)),
    ("上年度", REF, dv("2020", "gYear", relative=True)),
    ("当年", REF, dv("2021", "gYear", relative=True)),
    ("3月底前", REF, dv("2021-03", "gYearMonth", None, "2021-03", relative=True)),
    ("2021年5月25日", None, dv("2021-05-25", "date")),
    ("5月25日", REF, dv("2021-05-25", "date", relative=True)),
    ("5 月 25 日", REF, dv("2021-05-25", "date", relative=True)),
    ("５月２５号", REF, dv("2021-05-25", "date", relative=True)),
    ("2020年12月", None, dv("2020-12", "gYearMonth")),
    ("2020 年 12 月", None, dv("2020-12", "gYearMonth")),
    ("2021年", None, dv("2021", "gYear")),
    ("2021届", None, dv("2021", "gYear")),
    ("2021 届", REF, dv("2021", "gYear")),
    ("今年", REF, dv("2021", "gYear", relative=True)),
    ("去年", REF, dv("2020", "gYear", relative=True)),
    ("前年", REF, dv("2019", "gYear", relative=True)),
    ("明年", REF, dv("2022", "gYear", relative=True)),
    ("今年以来", REF, dv("2021", "gYear", "2021-01-01", "2021-05", True)),
    ("今年来", "2021-05-25", dv("2021", "gYear", "2021-01-01", "2021-05-25", True)),
    ("2020年以来", REF, dv("2020", "gYear", "2020-01-01", "2021-05")),
    ("2020年以来", None, dv("2020", "gYear", "2020-01-01", None)),
    ("今年1至4月", REF, dv("2021", "gYear", "2021-01", "2021-04", True)),
    ("1至4月", "2021", dv("2021", "gYear", "2021-01", "2021-04", True)),
    ("1-4月", REF, dv("2021", "gYear", "2021-01", "2021-04", True)),
    ("2020年1-11月", None, dv("2020", "gYear", "2020-01", "2020-11")),
    ("今年4月底", REF, dv("2021-04", "gYearMonth", relative=True)),
    ("截至今年4月底", REF, dv("2021-04", "gYearMonth", end="2021-04", relative=True)),
    ("截至2020年12月", None, dv("2020-12", "gYearMonth", end="2020-12")),
    ("到2023年", REF, dv("2023", "gYear", end="2023")),
    ("5月起", REF, dv("2021-05", "gYearMonth", start="2021-05", relative=True)),
    ("自2021年6月1日起", None, dv("2021-06-01", "date", start="2021-06-01")),
    ("即日起至8月", REF, dv(None, None, "2021-05", "2021-08", True)),
    ("即日起至2021年8月31日", None, dv(None, None, None, "2021-08-31", True)),
    ("上半年", REF, dv("2021", "gYear", "2021-01", "2021-06", True)),
    ("今年上半年", REF, dv("2021", "gYear", "2021-01", "2021-06", True)),
    ("2020年下半年", None, dv("2020", "gYear", "2020-07", "2020-12")),
    ("一季度", REF, dv("2021", "gYear", "2021-01", "2021-03", True)),
    ("第三季度", REF, dv("2021", "gYear", "2021-07", "2021-09", True)),
    ("前三季度", REF, dv("2021", "gYear", "2021-01", "2021-09", True)),
    ("全年", REF, dv("2021", "gYear", relative=True)),
    ("年内", REF, dv("2021", "gYear", relative=True)),
    ("2021年底", None, dv("2021", "gYear")),
    ("未来三年", REF, dv(None, None, "2021", "2024", True)),
    ("近三年", REF, dv(None, None, "2018", "2021", True)),
    ("十四五期间", None, dv(None, None, "2021", "2025")),
    ("“十四五”时期", REF, dv(None, None, "2021", "2025")),
    ("十三五时期", None, dv(None, None, "2016", "2020")),
    ("2021-05-25", None, dv("2021-05-25", "date")),
    # without a reference date, relative expressions are never guessed
    ("今年", None, UNRESOLVED),
    ("5月25日", None, UNRESOLVED),
    ("今年以来", None, UNRESOLVED),
    ("1至4月", None, UNRESOLVED),
    ("5月起", None, UNRESOLVED),
    ("即日起至8月", None, UNRESOLVED),
    ("全年", None, UNRESOLVED),
    ("未来三年", None, UNRESOLVED),
    # invalid
    ("13月", REF, None),
    ("2月30日", REF, None),
    ("2021年2月29日", None, None),
    ("4至1月", REF, None),
]


@pytest.mark.parametrize(
    "text,ref,expected", DATE_CASES,
    ids=[f"{c[0]}@{c[1] or 'noref'}" for c in DATE_CASES],
)
def test_parse_date(text, ref, expected):
    assert parse_date(text, ref) == expected


def test_parse_date_leap_day_without_ref_is_unresolved_not_invalid():
    assert parse_date("2月29日", None) == UNRESOLVED
    assert parse_date("2月29日", "2020") == dv("2020-02-29", "date", relative=True)
    assert parse_date("2月29日", "2021") is None


NOT_DATES = ["离校2年内", "老年人", "青年", "年度", "年龄", "每年", "2021", "35", "12个月", "3000万元"]


@pytest.mark.parametrize("text", NOT_DATES, ids=NOT_DATES)
def test_parse_date_rejects(text):
    assert parse_date(text, REF) is None


DATE_FINDS = [
    ("今年1至4月，全市城镇新增就业5.6万人，比去年同期增长15%。", ["今年1至4月", "去年同期"]),
    ("今冬明春，各地将组织返乡农民工参加培训。", ["今冬明春"]),
    ("今春以来，春节前后开展春风行动。", ["今春以来", "春节前后"]),
    ("截至今年4月底，已为2021届高校毕业生发放求职创业补贴56.29亿元。", ["截至今年4月底", "2021届"]),
    ("2020年投入3000万元，离校2年内未就业的青年和老年人均可参加年度培训。", ["2020年"]),
    ("自2021年5月25日起实施，5 月 25 日前已申请的按原标准执行。", ["自2021年5月25日起", "5 月 25 日前"]),
    ("即日起至8月，开展“十四五”时期首场招聘，未来三年新增技能人才10万人。",
     ["即日起至8月", "“十四五”时期", "未来三年"]),
    ("2020 年 12 月发布的通知明确，到2023年，全年新增就业不少于11万人。",
     ["2020 年 12 月", "到2023年", "全年"]),
    ("今年以来，一季度和上半年就业形势稳定，年内将完成目标，5月起发放补贴。",
     ["今年以来", "一季度", "上半年", "年内", "5月起"]),
]


@pytest.mark.parametrize("text,spans", DATE_FINDS, ids=[f"date-find-{i}" for i in range(len(DATE_FINDS))])
def test_date_finder(text, spans):
    assert [m.group() for m in DATE_RE.finditer(text)] == spans


def test_finder_spans_round_trip_through_parsers():
    for text, _ in DATE_FINDS:
        for m in DATE_RE.finditer(text):
            assert parse_date(m.group(), REF) is not None, m.group()
    for text, _ in MONEY_FINDS:
        for m in MONEY_RE.finditer(text):
            assert parse_money(m.group()) is not None, m.group()


@pytest.mark.parametrize("prefix", MONEY_PREFIXES, ids=list(MONEY_PREFIXES))
def test_every_money_prefix_belongs_to_the_span(prefix):
    text = f"给予{prefix}300元补贴"
    assert [m.group() for m in MONEY_RE.finditer(text)] == [f"{prefix}300元"]


ADVERSARIAL = {
    "prefix-run": "每人每月" * 3000 + "x",
    "digit-run": "1" * 20000 + "年年年",
    "space-run": "1" + " " * 20000 + "x",
    "numeral-run": "一二三" * 5000 + "x",
    "comma-run": "1" + ",000" * 5000 + "x",
    "year-run": "2021年" * 4000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_finders_handle_pathological_input(text):
    # Catastrophic backtracking would hang here (speed itself is measured in benchmarks/,
    # not asserted in unit tests); every span found must still parse.
    for rx, parse in ((MONEY_RE, parse_money), (DATE_RE, lambda t: parse_date(t, "2021-05"))):
        for m in rx.finditer(text):
            assert 0 <= m.start() < m.end() <= len(text)
            parse(m.group())
