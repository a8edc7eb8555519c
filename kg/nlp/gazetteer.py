"""Gazetteers (JSONL with ids) and shape rules (JSON) under ``data/gazetteers/``.

Each JSONL line is one thing: ``{"id": ..., "name": canonical, "aliases": [...]}``; the id
becomes the IRI local name. ``agency_kinds.jsonl`` holds kinds of local agencies
(人社局, 县政府 …) whose canonical name is built from the region they serve.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from kg.errors import KGError

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteers"


@dataclass(frozen=True)
class Entry:
    id: str
    label: str                 # AGENCY | PROGRAM | TARGET_GROUP | ORG
    name: str                  # canonical name
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencyKind:
    id: str
    forms: dict                # level -> canonical suffix (人力资源和社会保障局 …)
    aliases: tuple[str, ...]
    standalone: tuple[str, ...] = ()

    def canonical(self, region_name: str, level: str) -> str:
        """The full name of this kind of body in a region: 西安市 + 人力资源和社会保障局; a
        form with ``{place}`` puts the region inside (国家税务总局四川省税务局). The
        municipalities directly under the State Council name their bodies like cities
        (重庆市人力资源和社会保障局, not …厅)."""
        if level == "province" and region_name.endswith("市"):
            level = "prefecture"
        form = self.forms.get(level, self.forms["prefecture"])
        return form.format(place=region_name) if "{place}" in form else region_name + form


@dataclass
class Gazetteer:
    entries: dict[tuple[str, str], Entry]
    kinds: dict[str, AgencyKind]
    shapes: dict
    surface: dict[str, list[Entry]] = field(default_factory=dict)
    automaton: ahocorasick.Automaton | None = None

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for s in (entry.name, *entry.aliases):
                self.surface.setdefault(s, []).append(entry)
        auto = ahocorasick.Automaton()
        for s, entries in self.surface.items():
            auto.add_word(s, (s, tuple(entries)))
        auto.make_automaton()
        self.automaton = auto

    def by_id(self, label: str, id_: str) -> Entry | None:
        return self.entries.get((label, id_))

    def find(self, text: str):
        """Yield (start, end, entries) for every gazetteer name in `text` (overlaps included)."""
        for end_idx, (s, entries) in self.automaton.iter(text):
            yield end_idx - len(s) + 1, end_idx + 1, entries

    def words(self) -> set[str]:
        """Every name and alias, for the tokenizer's user dictionary."""
        out = set(self.surface)
        for kind in self.kinds.values():
            out.update(kind.aliases)
        return out


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise KGError(f"{path}:{n}: not valid JSON ({exc.msg}); fix the gazetteer line") from exc
    return rows


_FILES = {"agencies.jsonl": "AGENCY", "programmes.jsonl": "PROGRAM",
          "target_groups.jsonl": "TARGET_GROUP", "organizations.jsonl": "ORG"}


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    entries: dict[tuple[str, str], Entry] = {}
    for fname, label in _FILES.items():
        for row in _read_jsonl(data_dir / fname):
            key = (label, row["id"])
            if key in entries:
                raise KGError(f"{data_dir / fname}: duplicate id {row['id']!r}; ids must be unique")
            entries[key] = Entry(row["id"], label, row["name"], tuple(row.get("aliases", ())),
                                 tuple(row.get("broader", ())))
    kinds = {}
    for row in _read_jsonl(data_dir / "agency_kinds.jsonl"):
        kinds[row["id"]] = AgencyKind(row["id"], row["forms"], tuple(row["aliases"]),
                                      tuple(row.get("standalone", ())))
    shapes = json.loads((data_dir / "shapes.json").read_text(encoding="utf-8"))
    return Gazetteer(entries, kinds, shapes)
