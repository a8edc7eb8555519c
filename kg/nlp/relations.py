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
_ISSUE = re.compile(r"印发|发布|出台|制定|公布|下发|颁布|出具|名义")
_CHANGE = re.compile(r"\s*(?:提高|提升|上调|调高|增加|增长|扩大|放宽|调整|降低|下调)(?:到|至|为)")
_FROM = ("由", "从")
_INTRO = ("为", "对", "向", "面向", "针对", "帮助", "支持", "引导", "鼓励", "服务")
ACTIONS = ("PROGRAM", "POLICY_DOC")


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
            rels.extend(self._targets(text, sent, clauses, (s0, s1)))
            rels.extend(self._amounts(text, sent, clauses, (s0, s1)))
        return _dedupe(rels)

    def _sentence_of(self, sentences, c):
        return next(((a, b) for a, b in sentences if a <= c.start < b), (c.start, c.end))

    def _part_of(self, text, regions, sentences):
        out = []
        coded = {}
        for r in regions:
            if r.code and r.source != "relative":
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
        agencies = [e for e in sent if e.label == "AGENCY" and e.jurisdiction]
        for a in actions:
            if home is not None:
                out.append(Relation("IMPLEMENTED_IN", a, home, *span))
            ci = next((i for i, c in enumerate(clauses) if _inside(a, c)), None)
            near = []
            if ci is not None:
                near = [e for e in sent if e.label == "REGION" and _inside(e, clauses[ci])]
                if ci > 0 and clauses[ci - 1][1] - clauses[ci - 1][0] <= 6:
                    near += [e for e in sent if e.label == "REGION" and _inside(e, clauses[ci - 1])]
            for r in near:
                if r is not home and not (r.start >= a.start and r.end <= a.end):
                    out.append(Relation("IMPLEMENTED_IN", a, r, *span))
            for ag in agencies:
                div = self.table.get(ag.jurisdiction)
                if div is not None and (home is None or div.code != home.code):
                    out.append(Relation("IMPLEMENTED_IN", a, _region_end(div, regions, ag.start), *span))
        return out

    def _issued(self, text, sent, span):
        out = []
        docs = [e for e in sent if e.label == "POLICY_DOC"]
        triggers = [m.start() + span[0] for m in _ISSUE.finditer(text[span[0]:span[1]])]
        if not docs or not triggers:
            return out
        agencies = [e for e in sent if e.label == "AGENCY"]
        for d in docs:
            before = [t for t in triggers if t < d.start]
            if not before:
                continue
            trig = before[-1]
            issuers = [a for a in agencies if a.end <= trig]
            if not issuers:
                continue
            # the agency nearest the trigger and those coordinated with it (、和与及)
            group = [issuers[-1]]
            for a in reversed(issuers[:-1]):
                gap = text[a.end:group[-1].start]
                if len(gap) <= 2 and all(ch in "、和与及，, " for ch in gap) or gap.strip() == "":
                    group.append(a)
                else:
                    break
            out.extend(Relation("ISSUED_BY", d, a, *span) for a in group)
        return out

    def _targets(self, text, sent, clauses, span):
        out = []
        actions = [e for e in sent if e.label in ACTIONS]
        groups = [e for e in sent if e.label == "TARGET_GROUP"]
        for g in groups:
            ci = next((c for c in clauses if _inside(g, c)), None)
            if ci is None:
                continue
            before = text[ci[0]:g.start]
            introduced = before.lstrip().startswith(_INTRO) or any(w in before for w in ("面向", "针对"))
            scope = span if introduced else ci
            for a in actions:
                if _inside(a, scope) and not (g.start >= a.start and g.end <= a.end):
                    out.append(Relation("TARGETS", a, g, *span))
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
            else:
                earlier = [p for p in progs if p.end <= m.start]
                heads = earlier[-1:]
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
