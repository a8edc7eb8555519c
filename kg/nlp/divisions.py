"""China's administrative divisions (GB/T 2260) from the location dictionary that the
`jionlp` package ships.

The table is ``jionlp/dictionary/china_location.zip`` (province, prefecture and county
level with their current codes and the short names news use, e.g. 宁夏回族自治区 → 宁夏;
towns and villages are skipped), and ``china_location_change.txt`` lists renames since
2002 (襄樊市 → 襄阳市, 潜山县 → 潜山市). jionlp itself is never imported (its import prints
a banner and loads models): only these two files are read.
"""
from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import KGError

#: Placeholder levels that name no real place (直辖县级 cities sit under them).
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政区划",
                          "自治区直辖县级行政区划"})
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_PREFECTURE_SUFFIXES = ("自治州", "地区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")
_LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True)
class Division:
    code: str          # six digits
    name: str          # official name, e.g. 合肥市
    level: str         # province | prefecture | county
    parent: str | None  # code of the parent division, None for provinces
    short: str | None = None  # name without its administrative suffix, e.g. 合肥


@dataclass
class DivisionTable:
    by_code: dict[str, Division]
    by_name: dict[str, list[Division]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for div in self.by_code.values():
            self.by_name.setdefault(div.name, []).append(div)

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, most specific first."""
        out: list[Division] = []
        div = self.by_code.get(code)
        while div is not None:
            out.append(div)
            div = self.by_code.get(div.parent) if div.parent else None
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        return any(d.code == ancestor for d in self.chain(code))

    def last_named(self, mentions, lo: int, hi: int, level: str, within: str) -> Division | None:
        """The division of `level` inside `within` whose mention (anything with ``code`` and
        ``end``) ends last in [lo, hi]: the city 该市 or 市人社局 refers back to."""
        best = None
        for m in mentions:
            if m.code and lo <= m.end <= hi and (best is None or m.end > best.end):
                div = self.get(m.code)
                if div is not None and div.level == level and self.is_within(div.code, within):
                    best = m
        return self.get(best.code) if best is not None else None

    def fuzzy_within(self, text: str, ancestor: str | None) -> Division | None:
        """A county or prefecture under `ancestor` whose name is `text` with one
        character dropped (牟县 → 牟定县), when exactly one such division exists."""
        if len(text) < 2:
            return None
        hits = []
        for div in self.by_code.values():
            if div.level == "province" or len(div.name) != len(text) + 1:
                continue
            if ancestor and not self.is_within(div.code, ancestor):
                continue
            if div.name[-1] == text[-1] and div.name[0] == text[0] and _is_subsequence(text, div.name):
                hits.append(div)
        return hits[0] if len(hits) == 1 else None


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def jionlp_resource(name: str) -> Path:
    """Path of a data file bundled with the jionlp package (without importing jionlp)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("the division table needs the 'jionlp' package: pip install jionlp==1.5.31")
    path = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / name
    if not path.is_file():
        raise KGError(f"{path}: jionlp's bundled file is missing; reinstall jionlp==1.5.31")
    return path


def short_name(name: str, level: str) -> str | None:
    """The suffix-less form used in news when the table gives none (合肥市 → 合肥)."""
    suffixes = {"province": _PROVINCE_SUFFIXES, "prefecture": _PREFECTURE_SUFFIXES,
                "county": _COUNTY_SUFFIXES}[level]
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            # 1-character stems (e.g. 沙市→沙) would fire everywhere
            return stem if len(stem) >= 2 else None
    return None


def _rows(text: str):
    """(depth, name, code, short) for each coded line of china_location.txt."""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth < 3 and len(fields) >= 2 and re.fullmatch(r"\d{6}", fields[1]):
            yield depth, fields[0], fields[1], (fields[2] if len(fields) > 2 else "")


@lru_cache(maxsize=1)
def load_divisions() -> DivisionTable:
    """Read jionlp's china_location table into a DivisionTable (cached)."""
    with zipfile.ZipFile(jionlp_resource("china_location.zip")) as zf:
        text = zf.read("china_location.txt").decode("utf-8")
    by_code: dict[str, Division] = {}
    parents: list[str | None] = [None, None, None]  # the enclosing real division per depth
    for depth, name, code, short in _rows(text):
        parent = next((parents[d] for d in range(depth - 1, -1, -1) if parents[d]), None)
        if name in PLACEHOLDERS or code in by_code:  # 省直辖…, or 上海市 repeated as its own prefecture
            parents[depth] = None
            parents[depth + 1:] = [None] * (2 - depth)
            continue
        level = _LEVELS[depth]
        if short == name or len(short) < 2:
            short = short_name(name, level) or ""
        by_code[code] = Division(code, name, level, parent, short or None)
        parents[depth] = code
        parents[depth + 1:] = [None] * (2 - depth)
    return DivisionTable(by_code)


@lru_cache(maxsize=1)
def load_former_names() -> dict[str, str]:
    """Former names → current codes from jionlp's change log (襄樊市 → 420600), for names
    that no current division has."""
    table = load_divisions()
    out: dict[str, str] = {}
    text = jionlp_resource("china_location_change.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_f, new_f = old.split("\t")[2:], new.split("\t")
        # old: prov, prov_short, pref, pref_short[, county, county_short]; new: prov, pref[, county]
        old_names = old_f[0::2]
        if len(old_names) != len(new_f) or len(new_f) < 2:
            continue
        target = _find_chain(table, new_f)
        if target is None:
            continue
        name = old_names[-1]
        if name not in table.by_name and name != target.name:
            out.setdefault(name, target.code)
    return out


def _find_chain(table: DivisionTable, names: list[str]) -> Division | None:
    """The division named last in `names`, inside the ones named before it."""
    for div in table.by_name.get(names[-1], []):
        chain = {d.name for d in table.chain(div.code)}
        if all(n in chain for n in names[:-1]):
            return div
    return None
