"""Relations between the entities of one article, each with the sentence that supports it.

* PART_OF: a region lies in the nearest region of its chain mentioned in the article
  (同心县 → 宁夏 when 吴忠市 is not mentioned); zones and villages in the region they follow.
* IMPLEMENTED_IN: see :mod:`kg.nlp.placement`.
* ISSUED_BY: a document and the agencies before a trigger (印发/发布/出台 …) in its sentence,
  or written right before its 《title》.
* TARGETS: see :mod:`kg.nlp.targeting`.
* HAS_AMOUNT: an amount and the nearest programme before it in its clause, else the ones
  after it in the clause, else the nearest payment, loan or fund before it in the sentence.
  In a change (额度由15万元提高至30万元) the old amount is marked ``role="previous"`` and the
  new one ``replaces`` it, so the graph can state both ep:previousAmount and ep:amount.
"""
from __future__ import annotations

import re

from kg.nlp.candidates import Candidate, Context
from kg.nlp.divisions import DivisionTable
from kg.nlp.evidence import CLAUSE, SENTENCE, Relation, inside, region_end, spans
from kg.nlp.placement import Placement, is_national_title, national_docs
from kg.nlp.targeting import last_ending_with, object_phrase, referred_doc, referred_programme, targets

__all__ = ["Relation", "RelationExtractor"]

_ISSUE = re.compile(r"印发|发布(?!会)|出台|制定|公布|下发|颁布|出具|名义")
_CHANGE = re.compile(r"\s*(?:提高|提升|上调|调高|增加|增长|扩大|放宽|调整|降低|下调)(?:到|至|为)")
_FROM = ("由", "从")
#: the nouns that end the names of payments, loans and funds (an amount's likely owner)
_PAID = ("补贴", "补助", "贷款", "资金", "奖补", "奖励", "补偿", "津贴", "贴息", "返还", "基金", "券")
_SUBSIDY = ("补贴", "补助")


class RelationExtractor:
    def __init__(self, table: DivisionTable):
        self.table = table
        self.placement = Placement(table)

    def extract(self, text: str, ents: list[Candidate], ctx: Context) -> list[Relation]:
        rels: list[Relation] = []
        sentences = spans(SENTENCE, text)
        regions = [e for e in ents if e.label == "REGION"]
        rels.extend(self._part_of(text, regions, sentences))
        programmes = [e for e in ents if e.label == "PROGRAM"]
        by_sentence = [((s0, s1), [e for e in ents if inside(e, (s0, s1))]) for s0, s1 in sentences]
        for (s0, s1), sent in by_sentence:
            if not sent:
                continue
            clauses = spans(CLAUSE, text[s0:s1], s0)
            rels.extend(self.placement.implemented(text, sent, clauses, (s0, s1), ctx, regions))
            rels.extend(self._issued(text, sent, (s0, s1)))
            obj = object_phrase(text, ents, (s0, s1))
            if obj is not None:  # 贷款对象覆盖A、B和C: the groups are the loan's
                prog, at = obj
                rels.extend(Relation("TARGETS", prog, g, s0, s1) for g in sent
                            if g.label == "TARGET_GROUP" and g.start >= at
                            and not any(c[0] <= at < c[1] and g.start >= c[1] for c in clauses))
                sent = [e for e in sent if not (e.label == "TARGET_GROUP" and e.start >= at)]
            rels.extend(targets(text, sent, clauses, (s0, s1), referred_doc(text, ents, s0), programmes))
            prog = referred_programme(text, ents, sent, (s0, s1))
            if prog is not None:  # 贷款对象为A、B和C。/ A、B等群体均可申请。/ …的，可按每人1500元申领。
                rels.extend(Relation("TARGETS", prog, g, s0, s1) for g in sent if g.label == "TARGET_GROUP")
                rels.extend(Relation("HAS_AMOUNT", prog, m, s0, s1) for m in sent if m.label == "MONEY")
            rels.extend(self._amounts(text, sent, clauses, (s0, s1), programmes))
            rels.extend(_amounts_referred(text, programmes, sent, clauses, (s0, s1)))
            rels.extend(self.placement.topic_places(text, ents, sent, clauses, (s0, s1), ctx, regions))
        rels.extend(self.placement.paragraph_places(text, by_sentence, ctx, regions))
        if ctx.inferred and ctx.region is not None and ctx.region.level in ("province", "prefecture"):
            rels = self.placement.drop_home_where_placed(rels, ctx)
        # national documents apply everywhere: no place of implementation
        national = national_docs(rels) | {e.canonical for e in ents if e.label == "POLICY_DOC"
                                           and is_national_title(e.canonical or "")}
        rels = [r for r in rels if not (r.type == "IMPLEMENTED_IN" and r.head.label == "POLICY_DOC"
                                        and r.head.canonical in national)]
        return _dedupe(rels)

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
                tail = region_end(self.table.get(r.parent), list(coded.values()), r.start)
                out.append(Relation("PART_OF", r, tail, s0, s1))
        return out

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

    def _amounts(self, text, sent, clauses, span, programmes):
        out = []
        progs = [e for e in sent if e.label == "PROGRAM"]
        if not progs:
            return out
        money = [e for e in sent if e.label == "MONEY"]
        changes = _changes(text, money)
        for m in money:
            own = next((c for c in clauses if inside(m, c)), None)
            clause = own or span
            before = [p for p in progs if inside(p, clause) and p.end <= m.start]
            after = [p for p in progs if inside(p, clause) and p.start >= m.end]
            if before:
                heads = [before[-1]]
            elif after:
                heads = after
            else:  # the nearest one before in the sentence, preferring a fund or payment
                earlier = [p for p in progs if p.end <= m.start]
                paid = [p for p in earlier if (p.canonical or "").endswith(_PAID)]
                heads = (paid or earlier)[-1:]
            if own is not None and any(w in text[own[0]:own[1]] for w in _SUBSIDY):
                heads = [_subsidy_of(p, m, programmes) for p in heads]
            out.extend(_amount(p, m, span, changes) for p in heads)
        return out


def _amount(prog: Candidate, m: Candidate, span, changes: dict[int, Candidate]) -> Relation:
    """HAS_AMOUNT with the amount's part in a change (see :func:`_changes`)."""
    role = "previous" if any(prev is m for prev in changes.values()) else ""
    return Relation("HAS_AMOUNT", prog, m, *span, role=role, replaces=changes.get(id(m)))


def _amounts_referred(text, programmes, sent, clauses, span) -> list[Relation]:
    """Amounts with no programme before them in their sentence nor in their clause, where the
    sentence names, before them, the kind of payment (个人贷款最高额度由2万元提高至5万元 /
    这项补助…标准为每人500元): the last programme named shortly before whose name ends with
    that noun (再就业小额担保贷款, 一次性留工培训补助)."""
    progs = [e for e in sent if e.label == "PROGRAM"]
    money = [m for m in sent if m.label == "MONEY" and not any(
        p.end <= m.start or any(inside(p, c) and inside(m, c) for c in clauses) for p in progs)]
    before = [e for e in programmes if span[0] - 200 <= e.end <= span[0]]
    if not money or not before:
        return []
    changes = _changes(text, money)
    out = []
    for m in money:
        noun = next((n for n in _PAID if n in text[span[0]:m.start]), None)
        prog = last_ending_with(before, noun) if noun else None
        if prog is not None:
            out.append(_amount(prog, m, span, changes))
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


def _subsidy_of(prog: Candidate, m: Candidate, programmes: list[Candidate]) -> Candidate:
    """For an amount whose clause speaks of a subsidy (开展以工代训的，按每人每月500元给予补贴):
    P's subsidy when the article names it (以工代训补贴, the mention nearest the amount), else P."""
    name = prog.canonical or ""
    if name.endswith(_SUBSIDY):
        return prog
    subs = [p for p in programmes if p.canonical in tuple(name + w for w in _SUBSIDY)]
    return min(subs, key=lambda p: abs(p.start - m.start), default=prog)


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
