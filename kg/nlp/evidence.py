"""What every relation rule shares: the relation record and the sentence/clause spans it
is found in."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.candidates import Candidate

SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
CLAUSE = re.compile(r"[^，,；;：:。！？!?\n]+")
ACTIONS = ("PROGRAM", "POLICY_DOC")
#: the gap between the items of a list (A、B和C)
LIST_GAP = re.compile(r"^[、和与及\s]*$")


@dataclass
class Relation:
    type: str
    head: Candidate
    tail: Candidate
    start: int   # evidence span, offsets into the article text
    end: int
    role: str = ""                               # "previous": the amount before a change
    replaces: Candidate | None = field(default=None, compare=False)  # new amount: the old one


def spans(rx: re.Pattern, text: str, offset: int = 0) -> list[tuple[int, int]]:
    return [(m.start() + offset, m.end() + offset) for m in rx.finditer(text)]


def inside(c: Candidate, span: tuple[int, int]) -> bool:
    return span[0] <= c.start and c.end <= span[1]


def region_end(div, mentions: list[Candidate], at: int) -> Candidate:
    """The mention of division `div` in the article, else a zero-width stand-in for it."""
    return next((r for r in mentions if r.code == div.code), None) or Candidate(
        at, at, "REGION", div.name, div.code, kb=div.code, source="division")
