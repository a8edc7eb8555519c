"""What the recognisers produce and share: candidate spans, the article context, the text view."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from kg.nlp.divisions import Division

CJK = re.compile(r"[\u3400-\u9fff]")
PUNCT = set("，。、；：！？,.;:!?（）()《》“”\"'‘’【】[]—-…·|｜/\\\n\t 　")

#: Which label wins when two candidates cover the same span.
LABEL_PRIORITY = {"POLICY_DOC": 7, "AGENCY": 6, "REGION": 5, "ORG": 4, "PROGRAM": 3,
                  "TARGET_GROUP": 2, "MONEY": 1, "DATE": 0}


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    canonical: str | None = None
    code: str | None = None          # GB/T 2260 code of a region
    kb: str | None = None            # stable local id (gazetteer id, kind-code …)
    parent: str | None = None        # region code a locality or zone lies in
    jurisdiction: str | None = None  # region code an agency serves
    source: str = "rule"             # which recogniser proposed it
    prio: int = 0                    # tie-break inside one label
    value: dict = field(default_factory=dict)  # normalised money/date values
    # names inside this one that lost to it (the group in 返乡农民工就业创业专项服务)
    nested: list["Candidate"] = field(default_factory=list, compare=False, repr=False)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Context:
    """What an article tells about itself: its region chain and reference date."""
    chain: list[Division] = field(default_factory=list)  # most specific first
    ref_date: str | None = None
    aliases: dict[str, Division] = field(default_factory=dict)  # extra surface forms (牟县)
    inferred: bool = False  # the region was read off the article, not given by a headline hint

    @property
    def region(self) -> Division | None:
        return self.chain[0] if self.chain else None

    def at_level(self, level: str) -> Division | None:
        for div in self.chain:
            if div.level == level:
                return div
        if level == "prefecture":  # 重庆市 is a province-level city: 市人社局 there is its own
            return next((d for d in self.chain if d.level == "province" and d.name.endswith("市")), None)
        return None


class TextView:
    """A text with its token boundaries (from jieba) for boundary checks and growing spans."""

    def __init__(self, text: str, tokens: list[tuple[int, int]], tags: list[str] | None = None):
        self.text = text
        self.tokens = tokens
        self.tags = tags if tags is not None else ["x"] * len(tokens)
        self.starts = [s for s, _ in tokens]
        self.start_set = set(self.starts)

    def token_at(self, offset: int) -> int:
        """Index of the token containing character `offset`."""
        i = bisect_left(self.starts, offset)
        if i < len(self.starts) and self.starts[i] == offset:
            return i
        return max(0, i - 1)

    def token_text(self, i: int) -> str:
        s, e = self.tokens[i]
        return self.text[s:e]

    def is_boundary(self, offset: int) -> bool:
        return offset == 0 or offset >= len(self.text) or offset in self.start_set

    def left_char(self, offset: int) -> str:
        return self.text[offset - 1] if offset > 0 else ""


def clean(text: str) -> str:
    """Canonical form of a surface string: no whitespace, no quotation marks."""
    return re.sub(r"[\s“”\"‘’「」]", "", text)


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest candidates; on equal length the higher label priority, then `prio`."""
    order = sorted(cands, key=lambda c: (-c.length, -LABEL_PRIORITY[c.label], -c.prio, c.start))
    taken = bytearray(max((c.end for c in cands), default=0) + 1)
    kept = []
    for c in order:
        if c.length <= 0 or any(taken[c.start:c.end]):
            continue
        for i in range(c.start, c.end):
            taken[i] = 1
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)
