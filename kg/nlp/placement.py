"""IMPLEMENTED_IN: where a programme or document is carried out.

* the article's region (a digest item's headline region; a single article's region unless
  every sentence naming the programme places it in one of its cities or counties, or its
  province does it in a sentence naming no place of the article's own: 我省将…);
* a region named in the programme's clause, or opening an earlier clause (在X，/ X、Y等地，),
  or a later programme-less clause of the sentence; the region of an agency in its sentence;
* the paragraph's topic programme in places a programme-less sentence opens with, and the
  place (or the agency of a place) a paragraph opens with for the programmes of its later sentences;
* never a partner, origin or destination region (与/从/赴 X), and no place for a national
  document.
"""
from __future__ import annotations

import re

from kg.nlp.candidates import Candidate
from kg.nlp.divisions import DivisionTable
from kg.nlp.evidence import ACTIONS, CLAUSE, LIST_GAP, Relation, inside, region_end, spans

_SUBJECT_GAP = re.compile(r"^\s*(?:其中|同时)?[\s在据]*$")
_LOCATIVE = re.compile(r"^\s*(?:其中|同时)?\s*在[\u4e00-\u9fff]{1,10}$")
#: a region after these words is a partner, origin or destination, not where the programme
#: runs (开展与福建省劳务对接, 从江西、贵州等地开行返岗专列, 赴广东务工)
_PARTNER = re.compile(r"(?:与|同|从|赴|往|向|到|来自|对口)\s*$")
#: 浙江与天津、河北等省份一道纳入试点: 与 … 一道 lists places that do the same thing
_TOGETHER = re.compile(r"[^，。；]{0,12}?(?:一道|一起|一同|一并)")
NATIONAL_TITLE = ("国务院", "国家", "中共中央", "中央", "全国", "中华人民共和国")


def is_national_title(title: str) -> bool:
    """A title only national bodies issue: 国务院…/中华人民共和国…, or a law (就业促进法; not
    a local 实施办法)."""
    return title.startswith(NATIONAL_TITLE) or (title.endswith("法") and not title.endswith("办法"))


def _subject_regions(text: str, sent: list[Candidate], clause: tuple[int, int]) -> list[Candidate]:
    """Regions that open a clause without a programme (在X，/ X、Y等地，/ X市人社局介绍，)."""
    regs = [e for e in sent if e.label == "REGION" and inside(e, clause)]
    if not regs or any(e.label in ACTIONS and inside(e, clause) and e.start < regs[0].start for e in sent):
        return []
    if not _SUBJECT_GAP.match(text[clause[0]:regs[0].start]) and not (
            _LOCATIVE.match(text[clause[0]:regs[0].start]) and not text[regs[-1].end:clause[1]].strip()):
        return []  # (在劳务输出大市湖北黄冈，: a clause that only says where is a subject too)
    out = [regs[0]]
    for prev, r in zip(regs, regs[1:]):
        if prev.end == r.start:  # 信阳市固始县, 安徽合肥: a compound names its last place
            out[-1] = r
        elif LIST_GAP.match(text[prev.end:r.start]):
            out.append(r)
        else:
            break
    return out


def _is_partner(text: str, r: Candidate, regions: list[Candidate]) -> bool:
    """Whether `r` (or the list of regions it ends: 江西、贵州、云南等地) follows a partner
    word such as 与/从/赴."""
    first = r
    for prev in sorted((x for x in regions if x.end <= r.start), key=lambda x: -x.end):
        gap = text[prev.end:first.start].strip()
        if gap in ("与", "同") and not _TOGETHER.match(text, r.end):
            return True  # 瑞金市与广东东莞建立劳务协作关系: 与 joins two parties, not a list
        if LIST_GAP.match(gap):
            first = prev
        else:
            break
    return bool(_PARTNER.search(text[max(0, first.start - 4):first.start]))


def national_docs(rels: list["Relation"]) -> set[str]:
    """Documents issued by a national body (one without a jurisdiction)."""
    return {r.head.canonical for r in rels if r.type == "ISSUED_BY" and not r.tail.jurisdiction
            and r.tail.canonical}


class Placement:
    def __init__(self, table: DivisionTable):
        self.table = table

    def implemented(self, text, sent, clauses, span, ctx, regions):
        out = []
        actions = [e for e in sent if e.label in ACTIONS]
        if not actions:
            return out
        home = region_end(ctx.region, regions, span[0]) if ctx.region is not None else None
        # a national body's branch (人民银行成都分行) serves more than its city
        agencies = [e for e in sent if e.label == "AGENCY" and e.jurisdiction and e.source != "branch"]
        # a single article's province doing it (我省将…, 省人社厅推行…) in a sentence that names
        # no place of the article's own: the province's programme, not the city's; otherwise a
        # wider place adds nothing to the article's (安徽 in a 安徽合肥 | … item)
        wider_only = ctx.inferred and home is not None and home.code and not any(
            e.label == "REGION" and e.code and self.table.is_within(e.code, home.code) for e in sent)

        def placeable(code):
            return not self._wider_than_home(code, home) or (wider_only and self._is_province(code))

        for a in actions:
            start = len(out)
            ci = next((i for i, c in enumerate(clauses) if inside(a, c)), None)
            near = []
            if ci is not None:
                near = [e for e in sent if e.label == "REGION" and inside(e, clauses[ci])]
                for cj in range(ci):  # 在定西市，… / 十堰市、恩施州等地，…开发P: subjects of earlier clauses
                    near += _subject_regions(text, sent, clauses[cj])
                if home is not None and home.code:  # …新增见习岗位1200个，兴庆区、金凤区的企业占比过半
                    near += [r for cj in range(ci + 1, len(clauses)) for r in _subject_regions(text, sent, clauses[cj])
                             if r.code and self.table.is_within(r.code, home.code)
                             and not any(e.label in ACTIONS and inside(e, clauses[cj]) for e in sent)]
            near = [r for r in near if not _is_partner(text, r, near)]
            for r in near:
                if r is not home and not (r.start >= a.start and r.end <= a.end) \
                        and placeable(r.code):
                    out.append(Relation("IMPLEMENTED_IN", a, r, *span))
            for ag in agencies:
                if _PARTNER.search(text[max(0, ag.start - 4):ag.start]):
                    continue  # 临夏州人社局与厦门市人社局签订协议: the partner's city is not a place of it
                div = self.table.get(ag.jurisdiction)
                if div is not None and (home is None or div.code != home.code) \
                        and placeable(div.code):
                    out.append(Relation("IMPLEMENTED_IN", a, region_end(div, regions, ag.start), *span))
            # the article's region, unless the sentence carries the programme out elsewhere
            # (佛山市对…凉山籍贫困劳动力…给予稳岗补贴 in a 四川 article)
            elsewhere = any(r.tail.code and home is not None and home.code
                            and not self.table.is_within(r.tail.code, home.code) for r in out[start:])
            if home is not None and not elsewhere:
                out.insert(start, Relation("IMPLEMENTED_IN", a, home, *span))
        return out

    def topic_places(self, text, ents, sent, clauses, span, ctx, regions):
        """A sentence without a programme whose subject is places inside the article's region
        (其中，绥德县、米脂县各安排600万元 / 铁东区已组织…进入见习岗位): the paragraph's topic,
        its first programme, is carried out there."""
        if ctx.region is None or ctx.region.level != "prefecture" or any(e.label in ACTIONS for e in sent):
            return []
        places = [r for c in clauses for r in _subject_regions(text, sent, c)
                  if r.code and r.code != ctx.region.code and self.table.is_within(r.code, ctx.region.code)]
        if not places:
            return []
        para = text.rfind("\n", 0, span[0]) + 1
        topic = next((e for e in ents if e.label == "PROGRAM" and para <= e.start < span[0]), None)
        if topic is None:
            return []
        return [Relation("IMPLEMENTED_IN", topic, r, *span) for r in places]

    def paragraph_places(self, text, by_sentence, ctx, regions):
        """A paragraph that opens with a place inside the article's region (定西市安定区今年新开发
        公益性岗位…), or with the agency of one (县政府把…, 化隆县人社局还…), is about that place:
        the programmes its later sentences name without naming another place run there too."""
        if ctx.region is None or ctx.region.code is None:
            return []
        home = ctx.region.code
        out, subject, para = [], [], -1
        for (s0, s1), sent in by_sentence:
            p0 = text.rfind("\n", 0, s0) + 1
            if p0 != para:  # the paragraph's first sentence
                para = p0
                clauses = spans(CLAUSE, text[s0:s1], s0)
                subject = [r for r in (self._paragraph_subject(text, sent, clauses[0], regions)
                                       if clauses else [])
                           if r.code and r.code != home and self.table.is_within(r.code, home)]
                continue
            codes = {r.code for r in subject}
            if not subject or any(e.label == "REGION" and e.code not in codes for e in sent):
                continue
            out.extend(Relation("IMPLEMENTED_IN", a, r, s0, s1) for a in sent if a.label in ACTIONS
                       for r in subject)
        return out

    def _paragraph_subject(self, text, sent, clause, regions) -> list[Candidate]:
        subject = _subject_regions(text, sent, clause)
        if subject:
            return subject
        first = min((e for e in sent if inside(e, clause)), key=lambda e: e.start, default=None)
        if first is None or first.label != "AGENCY" or not first.jurisdiction \
                or not _SUBJECT_GAP.match(text[clause[0]:first.start]):
            return []
        div = self.table.get(first.jurisdiction)
        return [region_end(div, regions, first.start)] if div is not None else []

    def drop_home_where_placed(self, rels, ctx):
        """In a single article about a province or city, a programme that every sentence
        naming it places in one of its cities, counties or districts (杭州市人社局推出…计划,
        顺德区还提供创业担保贷款贴息) is that place's, not also the article's. Digest items keep
        their headline region (the dev convention)."""
        home = ctx.region.code
        by_head: dict = {}
        for r in rels:
            if r.type == "IMPLEMENTED_IN" and r.head.label == "PROGRAM":
                by_head.setdefault(r.head.kb or r.head.canonical, []).append(r)
        drop = set()
        for key, rs in by_head.items():
            spans = {(r.start, r.end) for r in rs}
            placed = {(r.start, r.end) for r in rs if r.tail.code and r.tail.code != home
                      and self.table.is_within(r.tail.code, home)}
            if spans and spans == placed:
                drop.add(key)
        return [r for r in rels if not (r.type == "IMPLEMENTED_IN" and r.tail.code == home
                                        and (r.head.kb or r.head.canonical) in drop)]

    def _is_province(self, code: str | None) -> bool:
        div = self.table.get(code) if code else None
        return div is not None and div.level == "province"

    def _wider_than_home(self, code: str | None, home: Candidate | None) -> bool:
        """A province named in a city item (安徽 in 安徽合肥 | …) adds nothing to the item's city."""
        return bool(code and home is not None and home.code and code != home.code
                    and self.table.is_within(home.code, code))
