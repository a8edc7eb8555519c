"""China's administrative divisions (GB/T 2260) from the table that the `cpca` package ships.

The table is read from cpca's bundled ``resources/adcodes.csv`` (3,500 rows: province,
prefecture and county level, 2021-era names); cpca itself is never imported (its
``__init__`` needs ``pkg_resources``). The hierarchy comes from the code prefix:
``XX0000`` province, ``XXXX00`` prefecture, anything else county level.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import KGError

#: Placeholder rows of the table that name no real place (市辖区, the bare 县 of 500200 …).
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_PREFECTURE_SUFFIXES = ("自治州", "地区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")


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


def cpca_resource(name: str) -> Path:
    """Path of a data file bundled with the cpca package (without importing cpca)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("the division table needs the 'cpca' package: pip install cpca==0.5.5")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / name
    if not path.is_file():
        raise KGError(f"{path}: cpca's bundled file is missing; reinstall cpca==0.5.5")
    return path


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _strip_ethnic(stem: str, ethnic: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            if stem.endswith(e) and len(stem) > len(e) + 1:
                stem = stem[: -len(e)]
                changed = True
    return stem


def short_name(name: str, level: str, ethnic: tuple[str, ...]) -> str | None:
    """The suffix-less form used in news (安徽省→安徽, 宁夏回族自治区→宁夏, 楚雄彝族自治州→楚雄)."""
    suffixes = {"province": _PROVINCE_SUFFIXES, "prefecture": _PREFECTURE_SUFFIXES,
                "county": _COUNTY_SUFFIXES}[level]
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            stem = _strip_ethnic(name[: -len(suf)], ethnic)
            # 1-character stems (e.g. 沙市→沙) would fire everywhere
            return stem if len(stem) >= 2 and stem != name else None
    return None


@lru_cache(maxsize=1)
def load_divisions() -> DivisionTable:
    """Read cpca's adcodes.csv into a DivisionTable (cached)."""
    ethnic_path = cpca_resource("56_nations.csv")
    ethnic = tuple(sorted({ln.strip() for ln in ethnic_path.read_text(encoding="utf-8").splitlines()
                           if ln.strip()} | {"各族"}, key=len, reverse=True))
    rows: dict[str, str] = {}
    with cpca_resource("adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            if re.fullmatch(r"\d{6}", code):
                rows[code] = row["name"].strip()
    by_code: dict[str, Division] = {}
    for code, name in rows.items():
        if name in PLACEHOLDERS or len(name) < 2:
            continue
        level = _level(code)
        parent = None
        if level == "prefecture":
            parent = code[:2] + "0000"
        elif level == "county":
            pref = code[:4] + "00"
            parent = pref if rows.get(pref) and rows[pref] not in PLACEHOLDERS else code[:2] + "0000"
        by_code[code] = Division(code, name, level, parent, short_name(name, level, ethnic))
    return DivisionTable(by_code)
