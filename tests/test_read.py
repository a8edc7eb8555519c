"""Tests of kg.read: decoding, HTML blanking, digest splitting, dates and file lists.

All inputs are written here (invented policy news); the real corpus is only read
by the `shared` test."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.read import (Article, Document, decode_bytes, html_to_text, iter_input_files,
                     read_document, read_text, split_articles)
from kg.read.split import date_from_name, date_from_text, known_themes

PLAIN = "安徽合肥 | 合肥发放稳岗返还资金\n\n合肥市向 1200 家企业发放稳岗返还资金，惠及职工 8 万人。\n"

DIGEST = """就业周报
2021年6月4日

宏观形势

人力资源社会保障部 | 部署开展就业服务专项行动

公益性岗位

江苏南京 | 南京开发 500 个社区公益性岗位
湖北｜湖北扩大乡村公益性岗位规模

人才引进

四川成都 | 成都出台青年人才驿站办法

宏观形势

人力资源社会保障部 | 部署开展就业服务专项行动

近日，人力资源社会保障部印发通知，部署开展为期一个月的就业服务专项行动。

各地要组织线上线下招聘活动，

帮助求职者尽快实现就业。

公益性岗位

江苏南京 | 南京开发 500 个社区公益性岗位

南京市今年将开发 500 个社区公益性岗位，优先安置就业困难人员。

措施一 明确安置对象

岗位补贴按每人每月 300 元标准发放。

编辑 李明

湖北｜湖北扩大乡村公益性岗位规模

湖北省将乡村公益性岗位规模扩大到 2 万个。

人才引进

四川成都 | 成都出台青年人才驿站办法

成都市为来蓉求职的高校毕业生提供最长 7 天免费住宿。

河南郑州 | 郑州举办退役军人专场招聘会
"""

# (region hint, title, theme, last body line or None)
DIGEST_EXPECTED = [
    ("人力资源社会保障部", "部署开展就业服务专项行动", "宏观形势", "帮助求职者尽快实现就业。"),
    ("江苏南京", "南京开发 500 个社区公益性岗位", "公益性岗位", "编辑 李明"),
    ("湖北", "湖北扩大乡村公益性岗位规模", "公益性岗位", "湖北省将乡村公益性岗位规模扩大到 2 万个。"),
    ("四川成都", "成都出台青年人才驿站办法", "人才引进", "成都市为来蓉求职的高校毕业生提供最长 7 天免费住宿。"),
    ("河南郑州", "郑州举办退役军人专场招聘会", "人才引进", None),
]

MARKDOWN = """# 就业周报 2021年6月

## 目录

- 创业带动就业
  - 广东深圳 | 深圳发放创业担保贷款
- 青年就业
  - 四川成都 | 成都推出青年见习岗位

## 创业带动就业

### 广东深圳 | 深圳发放创业担保贷款

深圳市今年已发放创业担保贷款 3 亿元，扶持创业者 4000 人。

---

## 青年就业

### 四川成都 | 成都推出青年见习岗位

成都市募集青年见习岗位 1 万个。
"""

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>就业周报</title>
<style>p { color: red; }</style></head>
<body>
<!-- 导航 -->
<h2>灵活就业</h2>
<p>浙江杭州 | 杭州为外卖骑手提供职业伤害保障</p>
<p>杭州市人社局联合平台企业，为 3 万名外卖骑手办理职业伤害保障&nbsp;手续。</p>
<p>参保费用由平台企业承担&amp;政府给予补贴。</p>
<h2>劳动关系</h2>
<p>广东广州&#65372;广州推广电子劳动合同</p>
<p>广州市已有 1200 家企业使用电子劳动合同。</p>
<script>var x = "安徽 | 假标题";</script>
</body></html>
"""

SINGLE = "关于做好高校毕业生就业工作的通知\n\n各地要拓宽高校毕业生就业渠道。\n\n要加强就业指导服务。\n\n"


def write(tmp_path, name, data):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def check_offsets(doc: Document):
    for a in doc.articles:
        assert isinstance(a, Article)
        assert doc.text[a.start:a.end] == a.text
        assert a.text == a.text.strip()
        assert a.source == doc.source and a.date == doc.date


# ---------------------------------------------------------------- decoding

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_decode_encodings(tmp_path, encoding):
    data = PLAIN.encode(encoding)
    assert decode_bytes(data, "x.txt") == PLAIN
    assert read_text(write(tmp_path, "x.txt", data)) == PLAIN


def test_bom_is_dropped_and_offsets_follow(tmp_path):
    doc = read_document(write(tmp_path, "bom.txt", PLAIN.encode("utf-8-sig")))
    assert doc.text == PLAIN
    assert doc.articles[0].start == 0


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb\r\n", "a\nb\n"),
    ("a\rb\rc", "a\nb\nc"),
    ("a\r\n\r\nb", "a\n\nb"),
])
def test_newlines_normalised(raw, expected):
    assert decode_bytes(raw.encode("utf-8"), "x.txt") == expected


def test_crlf_digest_offsets(tmp_path):
    p = write(tmp_path, "crlf.txt", DIGEST.replace("\n", "\r\n").encode("gb18030"))
    doc = read_document(p)
    assert "\r" not in doc.text
    assert [a.title for a in doc.articles] == [e[1] for e in DIGEST_EXPECTED]
    check_offsets(doc)


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\t\r\n ", "file is empty"),
    ("bom-only.txt", b"\xef\xbb\xbf\n", "file is empty"),
    ("wide-space.txt", "\u3000\n".encode("utf-8"), "file is empty"),
    ("zip.txt", b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(40)), "looks like a binary file, not text"),
    ("ctl.txt", bytes([1, 2, 3, 4, 5, 6]) * 10 + b"abc", "looks like a binary file, not text"),
    ("bad.txt", "就业".encode("gbk") + b"\x80\xff\x80", "cannot decode text as UTF-8 or GB18030 (save it as UTF-8)"),
    ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf' (use .txt, .md or .html)"),
    ("sheet.DOCX", b"abc", "unsupported file type '.docx' (use .txt, .md or .html)"),
])
def test_read_errors(tmp_path, name, data, problem):
    p = write(tmp_path, name, data)
    with pytest.raises(InputError) as excinfo:
        read_document(p)
    assert str(excinfo.value) == f"{p}: {problem}"


def test_missing_file(tmp_path):
    p = tmp_path / "nope.txt"
    with pytest.raises(InputError) as excinfo:
        read_text(p)
    assert str(excinfo.value) == f"{p}: no such file or directory (check the path)"


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_html_without_text(tmp_path):
    p = write(tmp_path, "empty.html", "<html><body><div></div></body></html>")
    with pytest.raises(InputError, match="no text outside the HTML markup"):
        read_document(p)


# ---------------------------------------------------------------- digests

def test_digest_articles(tmp_path):
    doc = read_document(write(tmp_path, "weekly.txt", DIGEST))
    assert doc.source == "weekly.txt" and doc.date == "2021-06-04"
    got = [(a.region_hint, a.title, a.theme) for a in doc.articles]
    assert got == [e[:3] for e in DIGEST_EXPECTED]
    assert [a.id for a in doc.articles] == ["a01", "a02", "a03", "a04", "a05"]
    check_offsets(doc)


def test_digest_spans_skip_toc_and_keep_bodies():
    arts = split_articles(DIGEST, "w.txt", None)
    for a, (_, title, _, sentence) in zip(arts, DIGEST_EXPECTED, strict=True):
        headline_line = DIGEST[a.start:DIGEST.index("\n", a.start)]
        assert title in headline_line
        # the article headline is the last occurrence (the first is the TOC entry),
        # except for the one item that has no TOC entry
        assert a.start == DIGEST.rindex(headline_line)
        if sentence is None:
            assert a.text == headline_line
        else:
            at = DIGEST.index(sentence)
            assert a.start < at and at + len(sentence) <= a.end
            assert a.text.index(sentence) + a.start == at
            assert a.text.endswith(sentence)


def test_digest_body_keeps_stray_blank_and_subheadings():
    arts = split_articles(DIGEST, "w.txt", None)
    sentence = "岗位补贴按每人每月 300 元标准发放。"
    assert arts[1].text.index(sentence) + arts[1].start == DIGEST.index(sentence)
    assert "各地要组织线上线下招聘活动，\n\n帮助求职者尽快实现就业。" in arts[0].text
    assert "措施一 明确安置对象" in arts[1].text
    assert "编辑 李明" in arts[1].text  # a short last body line is not a theme


def test_unknown_theme_is_recognised():
    assert "人才引进" not in known_themes()
    assert split_articles(DIGEST, "w.txt", None)[3].theme == "人才引进"


def test_markdown_digest(tmp_path):
    doc = read_document(write(tmp_path, "weekly.md", MARKDOWN))
    assert doc.date == "2021-06"
    got = [(a.region_hint, a.title, a.theme) for a in doc.articles]
    assert got == [("广东深圳", "深圳发放创业担保贷款", "创业带动就业"),
                   ("四川成都", "成都推出青年见习岗位", "青年就业")]
    first, second = doc.articles
    assert first.text.startswith("### 广东深圳")
    assert first.text.endswith("扶持创业者 4000 人。")  # the "---" rule is not body
    assert second.start == MARKDOWN.index("### 四川成都")
    check_offsets(doc)


def test_markdown_headings_without_blank_lines():
    text = ("# 就业周报\n## 稳岗扩岗\n### 甲市 | 甲市发放稳岗补贴\n甲市发放稳岗补贴 800 万元。\n"
            "### 乙市｜乙市开展技能培训\n乙市培训 2 万人次。\n")
    arts = split_articles(text, "w.md", None)
    assert [(a.theme, a.region_hint, a.title) for a in arts] == [
        ("稳岗扩岗", "甲市", "甲市发放稳岗补贴"), ("稳岗扩岗", "乙市", "乙市开展技能培训")]
    assert arts[0].text == "### 甲市 | 甲市发放稳岗补贴\n甲市发放稳岗补贴 800 万元。"


def test_html_to_text_keeps_length_and_offsets():
    out = html_to_text(HTML)
    assert len(out) == len(HTML)
    for phrase in ["杭州市人社局", "外卖骑手", "广州市已有 1200 家企业", "就业周报"]:
        i = out.index(phrase)
        assert HTML[i:i + len(phrase)] == phrase
    i = out.index("承担&")
    assert HTML[i + 2:i + 7] == "&amp;" and out[i + 2:i + 7] == "&    "
    assert "\u00a0" in out and "｜" in out
    assert "假标题" not in out and "color" not in out and "导航" not in out and "<" not in out


@pytest.mark.parametrize("html, expected", [
    ("<p>甲</p><p>乙</p>", "\n  甲\n   \n  乙\n   "),
    ("甲<br>乙", "甲\n   乙"),
    ("<b>甲</b>", "   甲    "),
    ("&lt;&#20154;&#x4EBA;", "<   人       人       "),
    ("&unknown; a < b &", "&unknown; a < b &"),
    ("<script>\nx<1\n</script>甲", "        \n   \n         甲"),
    ("<DIV class='a>b'>甲</DIV>", "\n                甲\n     "),
])
def test_html_to_text_table(html, expected):
    assert html_to_text(html) == expected


def test_html_digest(tmp_path):
    p = write(tmp_path, "weekly-2021-06-11.html", HTML)
    doc = read_document(p)
    assert len(doc.text) == len(HTML) and doc.date == "2021-06-11"
    got = [(a.region_hint, a.title, a.theme) for a in doc.articles]
    assert got == [("浙江杭州", "杭州为外卖骑手提供职业伤害保障", "灵活就业"),
                   ("广东广州", "广州推广电子劳动合同", "劳动关系")]
    check_offsets(doc)
    a = doc.articles[0]
    i = doc.text.index("外卖骑手办理")
    assert a.start < i < a.end and HTML[i:i + 6] == "外卖骑手办理"
    assert a.text.endswith("政府给予补贴。")


@pytest.mark.parametrize("text, title", [
    (SINGLE, "关于做好高校毕业生就业工作的通知"),
    ("\n\n# 关于做好高校毕业生就业工作的通知\n\n正文。", "关于做好高校毕业生就业工作的通知"),
    ("只有一行。", "只有一行。"),
])
def test_single_article(text, title):
    (a,) = split_articles(text, "one.txt", None)
    assert (a.id, a.title, a.theme, a.region_hint) == ("a01", title, None, None)
    assert a.text == text[a.start:a.end] == text.strip()


def test_whitespace_text_has_no_articles():
    assert split_articles(" \n\n", "x.txt", None) == ()


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("name, date", [
    ("employment-digest-2021-05.txt", "2021-05"),
    ("digest_2021_05.md", "2021-05"),
    ("digest202105.txt", "2021-05"),
    ("digest-2021-05-28.txt", "2021-05-28"),
    ("20210528.html", "2021-05-28"),
    ("就业周报2021年5月.txt", "2021-05"),
    ("就业周报2021年5月28日.txt", "2021-05-28"),
    ("report-2021.txt", "2021"),
    ("digest-2021-13.txt", "2021"),
    ("notes.txt", None),
    ("/some/dir-2020-01/notes.txt", None),
])
def test_date_from_name(name, date):
    assert date_from_name(name) == date


@pytest.mark.parametrize("text, date", [
    ("就业周报\n2021年5月28日\n正文", "2021-05-28"),
    ("\n\n发布日期：2021-05-28\n正文", "2021-05-28"),
    ("就业周报（2021年5月）\n正文", "2021-05"),
    ("周报 2021年5月\n2021年5月28日\n", "2021-05-28"),
    ("一\n二\n三\n四\n五\n2021年5月28日", None),
    ("5月28日，某市召开会议。", None),
])
def test_date_from_text(text, date):
    assert date_from_text(text) == date


def test_date_on_every_article(tmp_path):
    doc = read_document(write(tmp_path, "digest-2021-07.txt", DIGEST))
    assert doc.date == "2021-07"  # the file name wins over the date line
    assert {a.date for a in doc.articles} == {"2021-07"}


# ---------------------------------------------------------------- file lists

def test_iter_input_files(tmp_path):
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/f.HTM", "sub/z.markdown", "d.pdf",
                ".hidden/e.txt", "sub/.g.txt"]:
        write(tmp_path, rel, "x")
    single = tmp_path / "d.pdf"
    got = iter_input_files([single, tmp_path, tmp_path / "b.txt"])
    rel = [p.relative_to(tmp_path).as_posix() for p in got]
    assert rel == ["d.pdf", "a.md", "b.txt", "sub/c.html", "sub/f.HTM", "sub/z.markdown"]
    assert iter_input_files(str(tmp_path / "a.md")) == [tmp_path / "a.md"]


def test_iter_input_files_missing(tmp_path):
    p = tmp_path / "missing"
    with pytest.raises(InputError) as excinfo:
        iter_input_files([tmp_path, p])
    assert str(excinfo.value) == f"{p}: no such file or directory (check the path)"


def test_known_themes_file():
    themes = known_themes()
    for t in ["宏观形势", "公益性岗位", "创业带动就业", "灵活就业", "劳动关系", "职业技能提升",
              "农村劳动力转移就业", "失业人员再就业与充分就业"]:
        assert t in themes
    assert not any(t.startswith("#") for t in themes)


# ---------------------------------------------------------------- the real corpus

@pytest.mark.shared
def test_shared_corpus_digest(shared_dir):
    path = shared_dir / "corpus" / "employment-digest-2021-05.txt"
    doc = read_document(path)
    # The digest's table of contents lists 14 items under 8 themes; each has one body.
    assert len(doc.articles) == 14
    assert doc.date == "2021-05"
    first = doc.articles[0]
    assert first.title == "扩大院校毕业年度毕业生参加职业技能培训政策范围"
    assert first.theme == "宏观形势"
    hints = [a.region_hint for a in doc.articles]
    assert "安徽合肥" in hints and "陕西西安" in hints
    assert len({(a.region_hint, a.title) for a in doc.articles}) == len(doc.articles)
    assert {a.theme for a in doc.articles} >= {"公益性岗位", "失业人员再就业与充分就业"}
    check_offsets(doc)
    xian = doc.articles[hints.index("陕西西安")]
    heads = [line for line in xian.text.split("\n") if line.startswith("措施")]
    assert [h[:3] for h in heads] == ["措施一", "措施二", "措施三", "措施四", "措施五", "措施六"]
    assert xian.end == len(doc.text.rstrip())
    for a in doc.articles:  # TOC entries precede every article: all starts are past the TOC
        assert a.start > doc.text.index("陕西西安")


def test_source_line_does_not_make_a_digest():
    text = "某市出台稳岗措施\n\n某市发布稳岗措施十条，支持企业吸纳就业。\n\n来源 | 某市日报\n"
    (a,) = split_articles(text, "one.txt", None)
    assert a.title == "某市出台稳岗措施" and a.region_hint is None
    assert a.text.endswith("来源 | 某市日报")


def test_numbered_toc_themes_still_match_body_themes():
    text = ("一、就业服务\n\n甲市 | 甲市开展招聘月活动\n\n二、社区服务\n\n乙市 | 乙市开发社区岗位\n\n"
            "就业服务\n\n甲市 | 甲市开展招聘月活动\n\n甲市举办招聘会 20 场。\n\n"
            "社区服务\n\n乙市 | 乙市开发社区岗位\n\n乙市开发社区岗位 300 个。\n")
    a, b = split_articles(text, "w.txt", None)
    assert (a.theme, b.theme) == ("就业服务", "社区服务")
    assert a.text.endswith("20 场。") and b.text.endswith("300 个。")


@pytest.mark.parametrize("last_line", ["编辑 李明", "（记者 王芳）", "来源 某市日报"])
def test_byline_before_next_item_is_not_a_theme(last_line):
    text = (f"甲市 | 甲市开展招聘月活动\n\n甲市举办招聘会 20 场。\n\n{last_line}\n\n"
            "乙市 | 乙市开发社区岗位\n\n乙市开发社区岗位 300 个。\n")
    a, b = split_articles(text, "w.txt", None)
    assert a.text.endswith(last_line) and (a.theme, b.theme) == (None, None)


@pytest.mark.parametrize("head, expected", [
    ('<meta name="PubDate" content="2022/07/12 10:00">', "2022-07-12"),
    ('<meta property="article:published_time" content="2019-03-05T08:00:00+08:00">', "2019-03-05"),
    ("<meta itemprop='datePublished' content='2016年9月'>", "2016-09"),
    ('<meta name="description" content="2021-01-01 的通知">', None),
])
def test_html_meta_date_is_the_reference_date(tmp_path, head, expected):
    from kg.read import read_document

    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{head}</head><body><p>今年合肥市开发公益性岗位。</p></body></html>",
                    encoding="utf-8")
    assert read_document(path).date == expected
    assert read_document(path, date="2000").date == (expected or "2000")
