"""Relations between the entities of one article, each with the sentence that supports it.

* PART_OF: a region lies in the nearest region of its chain mentioned in the article
  (同心县 → 宁夏 when 吴忠市 is not mentioned); zones and villages in the region they follow.
* IMPLEMENTED_IN: a programme or document in the article's region, in a region named in
  its clause (or a short 在X clause before it), and in the region of an agency in its sentence.
* ISSUED_BY: a document and the agencies before a trigger (印发/发布/出台 …) in its sentence.
* TARGETS: a programme/document and a target group in one clause, or a group introduced by
  为/对/向/面向 … anywhere in the sentence.
* HAS_AMOUNT: an amount and the nearest programme before it in its clause, else the ones
  after it in the clause, else the nearest one before it in the sentence. In a change
  (额度由15万元提高至30万元) the old amount is marked ``role="previous"`` and the new one
  ``replaces`` it, so the graph can state both ep:previousAmount and ep:amount.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.candidates import Candidate, Context
from kg.nlp.divisions import DivisionTable

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?\n]+")
_ISSUE = re.compile(r"印发|发布(?!会)|出台|制定|公布|下发|颁布|出具|名义")
_CHANGE = re.compile(r"\s*(?:提高|提升|上调|调高|增加|增长|扩大|放宽|调整|降低|下调)(?:到|至|为)")
_FROM = ("由", "从")
_INTRO = ("为", "对", "向", "面向", "针对", "帮助", "支持", "引导", "鼓励", "服务")
_INTRO_RE = re.compile(r"(?:^|[^因作成认以])为|对|向|面向|针对|帮助|扶持|引导|鼓励|吸纳|招用|优先|重点|覆盖|惠及"
                       r"|保障|确保")
#: verbs whose subject is the programme of the clause before (开发公益性岗位，优先安置A，…)
_PLACES = re.compile(r"^(?:优先|重点)?(?:安置|吸纳|带动|让)|安置$")
#: 把A纳入贷款扶持范围: A joins the people of the programme the noun names
_JOINS = re.compile(r"纳入([\u4e00-\u9fff]{2})(?:扶持|支持|补贴|帮扶|保障)?(?:范围|对象)")
#: a clause that serves its group by itself (为A提供就业服务): its programme is the subject
_SERVES = re.compile(r"^\s*(?:等[\u4e00-\u9fff]{0,2})?(?:免费|逐户|上门|集中|及时)?"
                     r"(?:提供|开展|举办|组织|搭建|推送|推荐|安排|走访|实行|帮扶)")
_PURPOSE = re.compile(r"(?:提高|推动|促进|进一步|加快|落实|深入|做好|加强|应对|推进|巩固|确保|贯彻)")
_REPORTS = re.compile(r"^\s*(?:《[^》]{1,12}》|[^，。、\s]{0,6}?(?:通知|意见|方案|办法|措施|报告|规划|细则|条例|文件))"
                      r"\s*(?:还|也|并|同时)?(?:规定|指出|明确|提出|要求|强调|显示|称)")
ACTIONS = ("PROGRAM", "POLICY_DOC")


_CONDITION = re.compile(r"的\s*$")
_MAY = re.compile(r"(?:可|可以|均可|即可|能)(?:按规定)?(?:报名)?(?:申请|享受|领取|获得|参加)")
#: a clause that opens with "may apply" (A和B，均可参加…就业见习): the clause before names who
_MAY_NEXT = re.compile(r"[，,]\s*(?:均|都|也)?(?:可|可以)")
_SUBJECT_GAP = re.compile(r"^\s*(?:其中|同时)?[\s在据]*$")
#: a region after these words is a partner, origin or destination, not where the programme
#: runs (开展与福建省劳务对接, 从江西、贵州等地开行返岗专列, 赴广东务工)
_PARTNER = re.compile(r"(?:与|同|从|赴|往|向|到|来自|对口)\s*$")
_NATIONAL_TITLE = ("国务院", "国家", "中共中央", "中央", "全国")
#: the nouns that end the names of payments, loans and funds (an amount's likely owner)
_PAID = ("补贴", "补助", "贷款", "资金", "奖补", "奖励", "补偿", "津贴", "贴息", "返还", "基金", "券")
_LIST_GAP = re.compile(r"^[、和与及\s]*$")


def _subject_regions(text: str, sent: list[Candidate], clause: tuple[int, int]) -> list[Candidate]:
    """Regions that open a clause without a programme (在X，/ X、Y等地，/ X市人社局介绍，)."""
    regs = [e for e in sent if e.label == "REGION" and _inside(e, clause)]
    if not regs or any(e.label in ACTIONS and _inside(e, clause) and e.start < regs[0].start for e in sent):
        return []
    if not _SUBJECT_GAP.match(text[clause[0]:regs[0].start]):
        return []
    out = [regs[0]]
    for prev, r in zip(regs, regs[1:]):
        if prev.end == r.start:  # 信阳市固始县, 安徽合肥: a compound names its last place
            out[-1] = r
        elif _LIST_GAP.match(text[prev.end:r.start]):
            out.append(r)
        else:
            break
    return out


def _is_partner(text: str, r: Candidate, regions: list[Candidate]) -> bool:
    """Whether `r` (or the list of regions it ends: 江西、贵州、云南等地) follows a partner
    word such as 与/从/赴."""
    first = r
    for prev in sorted((x for x in regions if x.end <= r.start), key=lambda x: -x.end):
        if _LIST_GAP.match(text[prev.end:first.start]):
            first = prev
        else:
            break
    return bool(_PARTNER.search(text[max(0, first.start - 4):first.start]))


def _national_docs(rels: list["Relation"]) -> set[str]:
    """Documents issued by a national body (one without a jurisdiction)."""
    return {r.head.canonical for r in rels if r.type == "ISSUED_BY" and not r.tail.jurisdiction
            and r.tail.canonical}


_OBJECT = re.compile(r"^\s*[\u4e00-\u9fff]{0,6}?(?:对象|范围)(?:主要)?(?:为|是|包括)")


_OBJECT_ANY = re.compile(r"([\u4e00-\u9fff]{2})对象(?:主要)?(?:为|是|包括|覆盖|扩大到|扩大至)")


def _object_phrase(text: str, ents: list[Candidate], span: tuple[int, int]):
    """(programme, offset) for "贷款对象为/覆盖…" in a sentence: the last programme named up to
    150 characters before whose name ends with the noun before 对象 (贷款 → 创业担保贷款)."""
    m = _OBJECT_ANY.search(text, span[0], span[1])
    if m is None:
        return None
    before = [e for e in ents if e.label == "PROGRAM" and m.start() - 150 <= e.end <= m.start()]
    prog = _last_ending_with(before, m.group(1))
    return (prog, m.end()) if prog is not None else None


def _with_coordinated(text: str, progs: list[Candidate]) -> list[Candidate]:
    """The last programme of `progs` and those listed right before it (A、B和C)."""
    out = progs[-1:]
    for p in reversed(progs[:-1]):
        if not _LIST_GAP.match(text[p.end:out[-1].start]):
            break
        out.append(p)
    return out


def _last_ending_with(progs: list[Candidate], noun: str) -> Candidate | None:
    """The last programme whose name ends with `noun` (贷款 → 创业担保贷款), if any."""
    named = [e for e in progs if noun and (e.canonical or "").endswith(noun)]
    return named[-1] if named else None


def _referred_programme(text: str, ents: list[Candidate], sent: list[Candidate],
                        span: tuple[int, int]) -> Candidate | None:
    """The programme a sentence without one speaks of: the last one named shortly before,
    when the sentence says who it is for (贷款对象为…, …等群体均可申请)."""
    if any(e.label in ACTIONS for e in sent):
        return None
    body = text[span[0]:span[1]]
    if not (_OBJECT.match(body) or _MAY.search(body)):
        return None
    before = [e for e in ents if e.label == "PROGRAM" and span[0] - 150 <= e.end <= span[0]]
    if not before:
        return None
    head = _OBJECT.match(body)
    noun = re.sub(r"(?:对象|范围).*$", "", head.group().strip()) if head else ""
    named = _last_ending_with(before, noun[-2:])
    if named is not None:  # 贷款对象为…: the last loan named before
        return named
    # otherwise the topic of the sentence before: its first programme (创业担保贷款…给予贴息。)
    prev_start = text.rfind("。", 0, max(0, before[-1].start)) + 1
    return next(e for e in before if e.start >= prev_start)


def _referred_doc(text: str, ents: list[Candidate], start: int) -> Candidate | None:
    """The last document named before `start` when the sentence there opens by reporting on
    it (通知规定 / 《意见》提出 / 方案要求 …), else None."""
    if not _REPORTS.match(text[start:start + 24]):
        return None
    before = [e for e in ents if e.label == "POLICY_DOC" and e.end <= start]
    return before[-1] if before else None


@dataclass
class Relation:
    type: str
    head: Candidate
    tail: Candidate
    start: int   # evidence span, offsets into the article text
    end: int
    role: str = ""                               # "previous": the amount before a change
    replaces: Candidate | None = field(default=None, compare=False)  # new amount: the old one


def _spans(rx: re.Pattern, text: str, offset: int = 0) -> list[tuple[int, int]]:
    return [(m.start() + offset, m.end() + offset) for m in rx.finditer(text)]


def _inside(c: Candidate, span: tuple[int, int]) -> bool:
    return span[0] <= c.start and c.end <= span[1]


def _region_end(div, mentions: list[Candidate], at: int) -> Candidate:
    """The mention of division `div` in the article, else a zero-width stand-in for it."""
    return next((r for r in mentions if r.code == div.code), None) or Candidate(
        at, at, "REGION", div.name, div.code, kb=div.code, source="division")


class RelationExtractor:
    def __init__(self, table: DivisionTable):
        self.table = table

    def extract(self, text: str, ents: list[Candidate], ctx: Context) -> list[Relation]:
        rels: list[Relation] = []
        sentences = _spans(_SENTENCE, text)
        regions = [e for e in ents if e.label == "REGION"]
        rels.extend(self._part_of(text, regions, sentences))
        for s0, s1 in sentences:
            sent = [e for e in ents if _inside(e, (s0, s1))]
            if not sent:
                continue
            clauses = _spans(_CLAUSE, text[s0:s1], s0)
            rels.extend(self._implemented(text, sent, clauses, (s0, s1), ctx, regions))
            rels.extend(self._issued(text, sent, (s0, s1)))
            obj = _object_phrase(text, ents, (s0, s1))
            if obj is not None:  # 贷款对象覆盖A、B和C: the groups are the loan's
                prog, at = obj
                rels.extend(Relation("TARGETS", prog, g, s0, s1) for g in sent
                            if g.label == "TARGET_GROUP" and g.start >= at
                            and not any(c[0] <= at < c[1] and g.start >= c[1] for c in clauses))
                sent = [e for e in sent if not (e.label == "TARGET_GROUP" and e.start >= at)]
            rels.extend(self._targets(text, sent, clauses, (s0, s1), _referred_doc(text, ents, s0),
                                      [e for e in ents if e.label == "PROGRAM"]))
            prog = _referred_programme(text, ents, sent, (s0, s1))
            if prog is not None:  # 贷款对象为A、B和C。/ A、B等群体均可申请。
                rels.extend(Relation("TARGETS", prog, g, s0, s1) for g in sent if g.label == "TARGET_GROUP")
            rels.extend(self._amounts(text, sent, clauses, (s0, s1)))
            rels.extend(self._topic_places(text, ents, sent, clauses, (s0, s1), ctx, regions))
        rels.extend(self._paragraph_places(text, ents, sentences, ctx))
        if ctx.inferred and ctx.region is not None and ctx.region.level in ("province", "prefecture"):
            rels = self._drop_home_where_placed(rels, ctx)
        # national documents apply everywhere: no place of implementation
        national = _national_docs(rels) | {e.canonical for e in ents if e.label == "POLICY_DOC"
                                           and (e.canonical or "").startswith(_NATIONAL_TITLE)}
        rels = [r for r in rels if not (r.type == "IMPLEMENTED_IN" and r.head.label == "POLICY_DOC"
                                        and r.head.canonical in national)]
        return _dedupe(rels)

    def _paragraph_places(self, text, ents, sentences, ctx):
        """A paragraph that opens with a place inside the article's region (定西市安定区今年新开发
        公益性岗位…) is about that place: the programmes its later sentences name without
        naming another place run there too."""
        if ctx.region is None or ctx.region.code is None:
            return []
        home = ctx.region.code
        out, subject, para = [], [], -1
        for s0, s1 in sentences:
            sent = [e for e in ents if _inside(e, (s0, s1))]
            p0 = text.rfind("\n", 0, s0) + 1
            if p0 != para:  # the paragraph's first sentence
                para = p0
                clauses = _spans(_CLAUSE, text[s0:s1], s0)
                subject = [r for r in (_subject_regions(text, sent, clauses[0]) if clauses else [])
                           if r.code and r.code != home and self.table.is_within(r.code, home)]
                continue
            codes = {r.code for r in subject}
            if not subject or any(e.label == "REGION" and e.code not in codes for e in sent):
                continue
            out.extend(Relation("IMPLEMENTED_IN", a, r, s0, s1) for a in sent if a.label in ACTIONS
                       for r in subject)
        return out

    def _drop_home_where_placed(self, rels, ctx):
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

    def _sentence_of(self, sentences, c):
        return next(((a, b) for a, b in sentences if a <= c.start < b), (c.start, c.end))

    def _part_of(self, text, regions, sentences):
        out = []
        coded = {}
        for r in regions:
            if r.code and r.source != "relative":
                coded.setdefault(r.code, r)
        for r in regions:  # 青岛 written only as 该市: 平度市 is part of 该市
            if r.code and r.source == "relative":
                coded.setdefault(r.code, r)
        for r in regions:
            s0, s1 = self._sentence_of(sentences, r)
            if r.code and r.source != "relative":
                for anc in self.table.chain(r.code)[1:]:
                    if anc.code in coded:
                        out.append(Relation("PART_OF", r, coded[anc.code], s0, s1))
                        break
            elif r.parent:
                tail = _region_end(self.table.get(r.parent), list(coded.values()), r.start)
                out.append(Relation("PART_OF", r, tail, s0, s1))
        return out

    def _implemented(self, text, sent, clauses, span, ctx, regions):
        out = []
        actions = [e for e in sent if e.label in ACTIONS]
        if not actions:
            return out
        home = _region_end(ctx.region, regions, span[0]) if ctx.region is not None else None
        # a national body's branch (人民银行成都分行) serves more than its city
        agencies = [e for e in sent if e.label == "AGENCY" and e.jurisdiction and e.source != "branch"]
        for a in actions:
            start = len(out)
            ci = next((i for i, c in enumerate(clauses) if _inside(a, c)), None)
            near = []
            if ci is not None:
                near = [e for e in sent if e.label == "REGION" and _inside(e, clauses[ci])]
                for cj in range(ci):  # 在定西市，… / 十堰市、恩施州等地，…开发P: subjects of earlier clauses
                    near += _subject_regions(text, sent, clauses[cj])
                if home is not None and home.code:  # …新增见习岗位1200个，兴庆区、金凤区的企业占比过半
                    near += [r for cj in range(ci + 1, len(clauses)) for r in _subject_regions(text, sent, clauses[cj])
                             if r.code and self.table.is_within(r.code, home.code)
                             and not any(e.label in ACTIONS and _inside(e, clauses[cj]) for e in sent)]
            near = [r for r in near if not _is_partner(text, r, near)]
            for r in near:
                if r is not home and not (r.start >= a.start and r.end <= a.end) \
                        and not self._wider_than_home(r.code, home):
                    out.append(Relation("IMPLEMENTED_IN", a, r, *span))
            for ag in agencies:
                div = self.table.get(ag.jurisdiction)
                if div is not None and (home is None or div.code != home.code) \
                        and not self._wider_than_home(div.code, home):
                    out.append(Relation("IMPLEMENTED_IN", a, _region_end(div, regions, ag.start), *span))
            # the article's region, unless the sentence carries the programme out elsewhere
            # (佛山市对…凉山籍贫困劳动力…给予稳岗补贴 in a 四川 article)
            elsewhere = any(r.tail.code and home is not None and home.code
                            and not self.table.is_within(r.tail.code, home.code)
                            and not self.table.is_within(home.code, r.tail.code) for r in out[start:])
            if home is not None and not elsewhere:
                out.insert(start, Relation("IMPLEMENTED_IN", a, home, *span))
        return out

    def _topic_places(self, text, ents, sent, clauses, span, ctx, regions):
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

    def _wider_than_home(self, code: str | None, home: Candidate | None) -> bool:
        """A province named in a city item (安徽 in 安徽合肥 | …) adds nothing to the item's city."""
        return bool(code and home is not None and home.code and code != home.code
                    and self.table.is_within(home.code, code))

    def _issued(self, text, sent, span):
        out = []
        docs = [e for e in sent if e.label == "POLICY_DOC"]
        triggers = [m.start() + span[0] for m in _ISSUE.finditer(text[span[0]:span[1]])]
        if not docs:
            return out
        agencies = [e for e in sent if e.label == "AGENCY"]
        for d in docs:
            # 人社部、财政部《关于…的通知》: the bodies written right before the title
            issuers = [a for a in agencies if a.end < d.start and text[a.end:d.start].strip() == "《"]
            before = [t for t in triggers if t < d.start]
            if issuers:
                issuers = [a for a in agencies if a.end <= issuers[0].end]
            elif before:
                issuers = [a for a in agencies if a.end <= before[-1]]
            if not issuers:
                continue
            # the agency nearest the trigger and those coordinated with it (、和与及)
            group = [issuers[-1]]
            for a in reversed(issuers[:-1]):
                gap = text[a.end:group[-1].start]
                if len(gap) <= 2 and all(ch in "、和与及，, " for ch in gap) or gap.strip() == "" \
                        or gap.strip() in ("会同", "联合", "协同", "以及", "同", "与", "和"):
                    group.append(a)
                else:
                    break
            out.extend(Relation("ISSUED_BY", d, a, *span) for a in group)
        return out

    def _targets(self, text, sent, clauses, span, referred=None, earlier=()):
        """`earlier`: the article's programmes, for a group that joins one named before."""
        out = []
        actions = [e for e in sent if e.label in ACTIONS]
        groups = [e for e in sent if e.label == "TARGET_GROUP"]
        for a in actions:  # a group named inside the programme or title
            out.extend(Relation("TARGETS", a, g, *span) for g in a.nested)
        docs = [a for a in actions if a.label == "POLICY_DOC"]
        if referred is not None and not docs:
            docs = [referred]  # 通知规定，A、B…可申请…: the document the sentence reports on
        for d in docs:  # a document is for the groups its sentence names
            out.extend(Relation("TARGETS", d, g, *span) for g in groups
                       if not (d.start <= g.start and g.end <= d.end))
        free = [a for a in actions if a.label == "PROGRAM"]
        for g in groups:
            ci = next((c for c in clauses if _inside(g, c)), None)
            if ci is None:
                continue
            before = text[ci[0]:g.start]
            intro = _INTRO_RE.search(before)
            if intro and _PURPOSE.match(text, ci[0] + intro.end()):
                intro = None  # 为提高…: a purpose, not the people served
            introduced = intro is not None
            outside = [a for a in free if not (g.start >= a.start and g.end <= a.end)]
            in_clause = [a for a in outside if _inside(a, ci)]
            if intro and intro.group() in ("对", "为") and any(a.start >= g.end for a in outside):
                # 对领取失业保险金期满的失业人员，发放失业补助金: a programme in the group's
                # own description is not the one it receives
                in_clause = [a for a in in_clause if not (
                    ci[0] + intro.end() <= a.start and "的" in text[a.end:g.start])]
            subject = [a for a in in_clause if intro and a.end <= ci[0] + intro.start()]
            prior = [a for a in outside if span[0] <= a.start and a.end <= ci[0]]
            if subject and intro.group().endswith(("面向", "针对", "覆盖", "惠及")):
                chosen = subject[-1:]  # 职业培训券面向A、B: the programme before 面向
            elif in_clause:
                chosen = in_clause
            elif prior and _PLACES.search(before.strip()):
                chosen = prior[-1:]  # 开发公益性岗位1万个，优先安置A，岗位补贴…: the posts' people
            elif introduced and prior and _SERVES.match(text[max(x.end for x in groups if _inside(x, ci)):ci[1]]):
                # 春风行动…，重点为A、B提供就业服务，通过劳务协作…: the subject's (and those
                # coordinated with it: 开展春风行动和就业援助月活动，…为A提供岗位)
                chosen = _with_coordinated(text, prior)
            elif (joined := _JOINS.search(text, g.end, ci[1])) is not None:
                chosen = [p] if (p := _last_ending_with(
                    [a for a in earlier if g.start - 150 <= a.end <= g.start], joined.group(1))) else []
            elif introduced:  # 为/对/面向 A …，(给予/开展) P: the programmes after it in the sentence
                after = [a for a in outside if a.start >= g.end]
                chosen = after[:2] if after else [a for a in outside][-1:]
            elif _CONDITION.search(text[g.end:ci[1]]) or _MAY_NEXT.match(text, ci[1]):
                # A、B等人员自主创业的，均可申请P: the people a condition names may apply for P
                after = [a for a in outside if a.start >= ci[1]]
                chosen = after[:1] if _MAY.search(text[ci[1]:after[0].start] if after else "") else []
            else:
                chosen = []
            out.extend(Relation("TARGETS", a, g, *span) for a in chosen)
        return out

    def _amounts(self, text, sent, clauses, span):
        out = []
        progs = [e for e in sent if e.label == "PROGRAM"]
        if not progs:
            return out
        money = [e for e in sent if e.label == "MONEY"]
        changes = _changes(text, money)
        for m in money:
            clause = next((c for c in clauses if _inside(m, c)), span)
            before = [p for p in progs if _inside(p, clause) and p.end <= m.start]
            after = [p for p in progs if _inside(p, clause) and p.start >= m.end]
            if before:
                heads = [before[-1]]
            elif after:
                heads = after
            else:  # the nearest one before in the sentence, preferring a fund or payment
                earlier = [p for p in progs if p.end <= m.start]
                paid = [p for p in earlier if (p.canonical or "").endswith(_PAID)]
                heads = (paid or earlier)[-1:]
            old = changes.get(id(m))
            role = "previous" if any(prev is m for prev in changes.values()) else ""
            out.extend(Relation("HAS_AMOUNT", p, m, *span, role=role, replaces=old) for p in heads)
        return out


def _changes(text: str, money: list[Candidate]) -> dict[int, Candidate]:
    """id(new amount) → old amount, for 由/从 OLD 提高至/调整为 NEW within one clause."""
    out = {}
    for old, new in zip(money, money[1:]):
        gap = text[old.end:new.start]
        lead = text[max(0, old.start - 3):old.start].rstrip()
        if lead.endswith(_FROM) and _CHANGE.match(gap) and len(gap) <= 8:
            out[id(new)] = old
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    """One relation per (type, head, tail); the first one stays unless a later one says more
    (the role of an amount in a change)."""
    kept: dict[tuple, int] = {}
    out: list[Relation] = []
    for r in rels:
        key = (r.type, r.head.kb or r.head.canonical, r.tail.kb or r.tail.canonical)
        if key not in kept:
            kept[key] = len(out)
            out.append(r)
        elif (r.role or r.replaces is not None) and not (out[kept[key]].role or out[kept[key]].replaces):
            out[kept[key]] = r
    return out
