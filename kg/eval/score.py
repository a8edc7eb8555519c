"""Score extraction records against gold annotations, with the rules of the project's
annotation guidelines (``../shared/eval/GUIDELINES.md``; the same rules as its ``score.py``).

Scoring is per file: the records of all articles of a file are pooled. An entity
prediction is correct when its label matches a gold entity and its ``text`` or
``canonical`` is one of that entity's ``accept`` strings; predictions are distinct by
(label, canonical or text). Relations score the same way with both ends matched through
``accept``. Region linking accuracy is the share of found gold regions whose predicted
``code`` equals the gold code; agency linking accuracy the share of found gold agencies
whose predicted ``canonical`` equals the gold canonical name.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

LINKED = ("REGION", "AGENCY")


@dataclass
class Counts:
    """correct predictions, distinct predictions, gold items found, gold items."""
    correct: int = 0
    pred: int = 0
    found: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.correct += other.correct
        self.pred += other.pred
        self.found += other.found
        self.gold += other.gold

    def prf(self) -> tuple[float, float, float]:
        p = self.correct / self.pred if self.pred else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class FileScore:
    file: str
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    links: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in LINKED})
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    mislinked: list[str] = field(default_factory=list)


def _names(item: dict) -> set[str]:
    return {s for s in (item.get("text"), item.get("canonical")) if s}


def score_file(gold: dict, records: list[dict]) -> FileScore:
    """Score the pooled `records` of one file against its `gold` annotation."""
    fs = FileScore(gold.get("file", ""))
    preds: dict[tuple, dict] = {}
    for rec in records:
        for ent in rec.get("entities", []):
            preds.setdefault((ent.get("label"), ent.get("canonical") or ent.get("text")), ent)
    gold_ents = gold.get("entities", [])
    found = [False] * len(gold_ents)
    best: list[dict | None] = [None] * len(gold_ents)
    for key, ent in preds.items():
        label = ent.get("label")
        fs.entities[label].pred += 1
        hit = False
        for i, g in enumerate(gold_ents):
            if g["label"] == label and _names(ent) & set(g["accept"]):
                hit = found[i] = True
                if best[i] is None or ent.get("code") == g.get("code") or \
                        ent.get("canonical") == g.get("canonical"):
                    best[i] = ent
        if hit:
            fs.entities[label].correct += 1
        else:
            fs.spurious.append(f"{label}:{key[1]}")
    for i, g in enumerate(gold_ents):
        label = g["label"]
        fs.entities[label].gold += 1
        if not found[i]:
            fs.missed.append(f"{label}:{g['accept'][0]}")
            continue
        fs.entities[label].found += 1
        want = g.get("code") if label == "REGION" else g.get("canonical") if label == "AGENCY" else None
        if want:
            got = best[i].get("code" if label == "REGION" else "canonical")
            fs.links[label][1] += 1
            fs.links[label][0] += int(got == want)
            if got != want:
                fs.mislinked.append(f"{label}:{g['accept'][0]} → {got} (gold {want})")
    _score_relations(fs, gold.get("relations", []), records)
    return fs


def _score_relations(fs: FileScore, grel: list[dict], records: list[dict]) -> None:
    prel: dict[tuple, dict] = {}
    for rec in records:
        for r in rec.get("relations", []):
            h, t = r.get("head", {}), r.get("tail", {})
            key = (r.get("type"), h.get("canonical") or h.get("text"), t.get("canonical") or t.get("text"))
            prel.setdefault(key, r)
    found = [False] * len(grel)
    for key, r in prel.items():
        fs.relations[key[0]].pred += 1
        hit = False
        for i, g in enumerate(grel):
            if g["type"] == key[0] and _names(r.get("head", {})) & set(g["head"]) \
                    and _names(r.get("tail", {})) & set(g["tail"]):
                hit = found[i] = True
        if hit:
            fs.relations[key[0]].correct += 1
        else:
            fs.spurious.append(f"REL {key[0]}:{key[1]}->{key[2]}")
    for i, g in enumerate(grel):
        fs.relations[g["type"]].gold += 1
        if found[i]:
            fs.relations[g["type"]].found += 1
        else:
            fs.missed.append(f"REL {g['type']}:{g['head'][0]}->{g['tail'][0]}")
