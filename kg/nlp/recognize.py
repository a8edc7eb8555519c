"""Entity recognition over one article: every recogniser proposes candidates, the longest win."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.nlp.agencies import AgencyFinder, local_id
from kg.nlp.anaphora import Anaphora
from kg.nlp.candidates import CJK, Candidate, Context, TextView, clean, resolve_overlaps
from kg.nlp.divisions import DivisionTable, load_divisions, load_former_names
from kg.nlp.gazetteer import DATA_DIR, Gazetteer, load_gazetteer
from kg.nlp.normalize import DATE_RE, MONEY_RE, parse_date, parse_money
from kg.nlp.regions import RegionFinder
from kg.nlp.shapes import ShapeFinder

_KB_PREFIX = {"PROGRAM": "programme", "TARGET_GROUP": "group", "ORG": "org", "POLICY_DOC": "doc",
              "AGENCY": "agency", "REGION": "place"}


@dataclass
class Resources:
    gazetteer: Gazetteer
    divisions: DivisionTable
    regions: RegionFinder
    agencies: AgencyFinder
    shapes: ShapeFinder
    anaphora: Anaphora

    def user_words(self) -> set[str]:
        return self.gazetteer.words() | self.regions.words()


@lru_cache(maxsize=4)
def load_resources(data_dir: Path = DATA_DIR) -> Resources:
    gaz = load_gazetteer(data_dir)
    table = load_divisions()
    former = dict(load_former_names())  # jionlp's change log, then our own additions
    former.update({row["name"]: row["code"] for row in _jsonl(data_dir / "former_divisions.jsonl")})
    return Resources(gaz, table, RegionFinder(table, gaz.shapes, former), AgencyFinder(gaz, table),
                     ShapeFinder(gaz.shapes), Anaphora(gaz.shapes))


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _covered(cands: list[Candidate]) -> set[int]:
    out: set[int] = set()
    for c in cands:
        out.update(range(c.start, c.end))
    return out


def _gazetteer(view: TextView, res: Resources) -> list[Candidate]:
    out = []
    for start, end, entries in res.gazetteer.find(view.text):
        for e in entries:
            if e.label == "AGENCY":
                continue
            if not view.is_boundary(start) and CJK.match(view.left_char(start)) and len(e.name) < 3:
                continue
            if e.label == "PROGRAM" and (view.text[end:end + 1] in _PERSON_TAILS
                                         or view.text.startswith(("对象", "户"), end)):
                continue  # 就业援助员, 低保对象, 低保户 are people, not the programme
            out.append(Candidate(start, end, e.label, e.name, kb=e.id, source="gazetteer", prio=2))
    return out


def _money_dates(view: TextView, ctx: Context) -> list[Candidate]:
    out = []
    for m in MONEY_RE.finditer(view.text):
        money = parse_money(m.group())
        if money is None:
            continue
        # canonical: the amount itself (不超过100万元 → 100万元); the text keeps the qualifiers
        core = clean(view.text[m.start("num"):m.end("cur")]) or clean(m.group())
        out.append(Candidate(m.start(), m.end(), "MONEY", core, source="money",
                             value={"value": str(money.value), "currency": money.currency}))
    for m in DATE_RE.finditer(view.text):
        if m.group() == "当年":
            continue  # 当年新招用…: the year the text sets up (of hiring), not a date of the article
        date = parse_date(m.group(), ctx.ref_date)
        value = {}
        if date is not None and date.value:
            value = {"value": date.value, "datatype": date.datatype}
        if date is not None and (date.start or date.end) and date.start != date.end:
            # period bounds as "from"/"to" ("start"/"end" are the mention's offsets)
            value.update({k: v for k, v in (("from", date.start), ("to", date.end)) if v})
        # the canonical form drops a leading 到/至/自/从 (到3月底 → 3月底); the text keeps it
        canonical = _DATE_LEAD.sub("", clean(m.group())) or clean(m.group())
        out.append(Candidate(m.start(), m.end(), "DATE", canonical, source="date", value=value))
    return out


def _split_group_then_programme(text: str, progs: list[Candidate], groups: list[Candidate],
                                known_progs: list[Candidate], recipients: tuple = ()) -> list[Candidate]:
    """Drop a shaped name that is a group (known, or shaped like one) followed by a known
    programme, perhaps with who is paid between them (就业困难人员|岗位补贴, 困难家庭高校毕业生|
    求职创业补贴, 退役士兵|个人|创业担保贷款): the text names both, not a third thing."""
    groups = {(c.start, c.end) for c in groups}
    known = {(c.start, c.end) for c in known_progs}

    def split(p: Candidate) -> bool:
        for s, e in groups:
            if s != p.start:
                continue
            for k0, k1 in known:
                if k1 == p.end and e <= k0 and (k0 == e or text[e:k0] in recipients):
                    return True
        return False
    return [p for p in progs if not split(p)]


def _attach_nested(kept: list[Candidate], groups: list[Candidate]) -> None:
    """Give each programme and document the target groups named inside it (longest first)."""
    for c in kept:
        if c.label not in ("PROGRAM", "POLICY_DOC"):
            continue
        inside = [g for g in groups if c.start <= g.start and g.end <= c.end and g.length < c.length]
        c.nested = [g for g in resolve_overlaps(inside) if len(g.canonical or "") >= 2]


_DATE_LEAD = re.compile(r"^(?:到|至|自|从)\s*")
_PERSON_TAILS = set("员者师")


def recognize(view: TextView, ctx: Context, res: Resources) -> list[Candidate]:
    """All entities of one article, non-overlapping, in text order."""
    regions = res.regions.find(view, ctx)
    agencies = res.agencies.find(view, ctx, regions)
    gaz = _gazetteer(view, res)
    docs = res.shapes.documents(view, _covered(agencies))
    numeric = _money_dates(view, ctx)
    named = regions + agencies + docs + numeric
    blocked = _covered(named)
    gaz_progs = [c for c in gaz if c.label == "PROGRAM"]
    # every group the text names, also inside longer names (返乡农民工|就业创业专项服务)
    inner = res.shapes.targets(view, _covered(regions + agencies + numeric)) + \
        [c for c in gaz if c.label == "TARGET_GROUP"]
    progs = _split_group_then_programme(view.text, res.shapes.programmes(view, blocked, gaz_progs), inner,
                                        gaz_progs, tuple(res.shapes.recipients))
    orgs = res.shapes.organisations(view, _covered(named))
    blocked_t = _covered(named + orgs + [c for c in gaz if c.label in ("PROGRAM", "ORG")])
    targets = res.shapes.targets(view, blocked_t)
    kept = res.anaphora.resolve(view.text, resolve_overlaps(named + gaz + progs + targets + orgs))
    _attach_nested(kept, inner)
    for c in kept:
        if c.kb is None and c.canonical and c.label in _KB_PREFIX and c.label != "REGION":
            c.kb = local_id(_KB_PREFIX[c.label], c.canonical)
        elif c.kb is None and c.label == "REGION" and c.canonical:
            c.kb = local_id("place", c.canonical)
    return kept
