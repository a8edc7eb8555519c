"""Words that point back to a programme or a group named before (这项补贴, 该贷款, 这笔资金,
针对这一群体): they take its name, so the relations of their sentence reach it, and they add
no node of their own. The words are data (``programme_anaphors`` and ``group_anaphors`` in
shapes.json)."""
from __future__ import annotations

import re

from kg.nlp.candidates import Candidate

#: where a sentence ends (the sentence before an anaphor is the one it looks back into)
_STOP = re.compile(r"[。！？!?\n]")


class Anaphora:
    def __init__(self, shapes: dict, reach: int = 300):
        self.groups = set(shapes["group_anaphors"])
        spec = shapes["programme_anaphors"]
        self.programme_re = re.compile("(?:%s)(%s)" % ("|".join(map(re.escape, spec["heads"])),
                                                       "|".join(map(re.escape, spec["nouns"]))))
        self.reach = reach

    def resolve(self, text: str, kept: list[Candidate]) -> list[Candidate]:
        """`kept`: the article's entities in text order; returns them with anaphors resolved
        (groups renamed, programmes added), in text order."""
        return self._programmes(text, self._groups(kept))

    def _groups(self, kept: list[Candidate]) -> list[Candidate]:
        """A group named by an anaphor is the group named last before it, within reach;
        without one it is no entity."""
        out: list[Candidate] = []
        for c in kept:
            if c.label == "TARGET_GROUP" and c.canonical in self.groups:
                last = next((g for g in reversed(out) if g.label == "TARGET_GROUP"), None)
                if last is None or c.start - last.end > self.reach:
                    continue
                c.canonical, c.kb, c.source = last.canonical, last.kb, "anaphor"
            out.append(c)
        return out

    def _programmes(self, text: str, kept: list[Candidate]) -> list[Candidate]:
        """这项补贴/该贷款/这笔资金: the last programme before it whose name ends with that
        noun (一次性创业补贴, 创业担保贷款, 就业补助资金); 这项政策 without a …政策 before it:
        the programme the sentence before is about (its first)."""
        taken = {i for c in kept for i in range(c.start, c.end)}
        progs = [c for c in kept if c.label == "PROGRAM"]
        added = []
        for m in self.programme_re.finditer(text):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            noun = m.group(1)
            before = [p for p in progs if p.end <= m.start() and m.start() - p.end <= self.reach]
            ante = next((p for p in reversed(before) if (p.canonical or "").endswith(noun)), None)
            if ante is None and noun == "政策":
                ante = self._topic_before(text, before, m.start())
            if ante is not None:
                added.append(Candidate(m.start(), m.end(), "PROGRAM", ante.canonical, kb=ante.kb,
                                       source="anaphor"))
        return sorted(kept + added, key=lambda c: c.start) if added else kept

    @staticmethod
    def _topic_before(text: str, before: list[Candidate], at: int) -> Candidate | None:
        ends = [m.end() for m in _STOP.finditer(text, 0, at)]
        if not ends:
            return None
        prev_start = ends[-2] if len(ends) >= 2 else 0
        return next((p for p in before if prev_start <= p.start < ends[-1]), None)
