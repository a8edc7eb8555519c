"""Find regions in text and link them to GB/T 2260 codes.

Full official names (合肥市) and suffix-less names of provinces and prefectures (合肥,
宁夏) are matched with an Aho-Corasick automaton. Guards against matches inside other
words (范县 in 示范县, 宁国 in 辽宁国远): a match must start on a jieba token boundary or
right after another region; a suffix-less name must also end on one. Ambiguous names
(朝阳区) resolve inside the article's region. Relative names (我市, 该县) resolve from the
article's region; development zones and townships after a region get that region as parent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from kg.nlp.candidates import CJK, Candidate, Context, TextView
from kg.nlp.divisions import Division, DivisionTable


def _former_names(table: DivisionTable, historic: dict[str, str] | None) -> dict[str, list[Division]]:
    """Names a division had before: a county that became a city or district keeps its
    county name (潜山县 → 潜山市 340882, 萧山市 → 萧山区), plus the renames listed in
    ``data/gazetteers/former_divisions.jsonl`` (襄樊市 → 襄阳市)."""
    out: dict[str, list[Division]] = {}
    for div in table.by_code.values():
        if len(div.name) < 3 or div.name.endswith(("自治县", "自治旗", "自治州")):
            continue
        stem, suffix = div.name[:-1], div.name[-1]
        if div.level == "county":
            olds = {"市": ("县",), "区": ("县", "市")}.get(suffix, ())
        else:  # 铜仁地区 → 铜仁市 (2011)
            olds = ("地区",) if div.level == "prefecture" and suffix == "市" else ()
        for old in olds:
            out.setdefault(stem + old, []).append(div)
    for name, code in (historic or {}).items():
        div = table.get(code)
        if div is not None:
            out[name] = [div]
    return out


@dataclass(frozen=True)
class NameEntry:
    name: str
    divisions: tuple[Division, ...]
    full: bool   # an official full name (vs a suffix-less short name)


#: zone kinds a city can name with a qualifier (包头稀土高新区, 苏州工业园区 is a name of its own)
_QUALIFIED_ZONES = ("高新区", "高新技术产业开发区", "经济开发区", "经济技术开发区", "经开区")
_NOT_QUALIFIER = "的和与及在则还也又已都均将把对为向从等各该全本我"


class RegionFinder:
    def __init__(self, table: DivisionTable, shapes: dict, historic: dict[str, str] | None = None):
        self.table = table
        self.zone_suffixes = sorted(shapes["zone_suffixes"], key=len, reverse=True)
        self.zone_expansions = shapes["zone_expansions"]
        self.zone_suffixes_t = tuple(self.zone_suffixes)
        self.locality_false_ends = tuple(shapes["locality_false_ends"])
        self.locality_stops = [w for w in shapes["boundary_words"] if len(w) >= 2]
        self.locality_suffixes = shapes["locality_suffixes"]
        self.relative = shapes["relative_regions"]
        self.hiding = re.compile("|".join(map(re.escape, shapes["words_hiding_places"])))
        self._counties: dict[str, list[Division]] = {}
        names: dict[str, tuple[list[Division], bool]] = {}
        for div in table.by_code.values():
            names.setdefault(div.name, ([], True))[0].append(div)
        for div in table.by_code.values():
            if div.short and div.level != "county" and div.short not in names:
                names.setdefault(div.short, ([], False))[0].append(div)
            elif div.short and div.level != "county" and not names[div.short][1]:
                names[div.short][0].append(div)
        # 东乡县 for 东乡族自治县: an autonomous county's short name that carries its suffix
        short_full = set()
        for div in table.by_code.values():
            if div.level == "county" and div.short and div.short != div.name \
                    and div.short.endswith(("县", "旗")) and div.short not in names:
                names.setdefault(div.short, ([], True))[0].append(div)
                short_full.add(div.short)
        for name, divs in _former_names(table, historic).items():
            if name not in names:  # never shadow a current name
                names[name] = (divs, True)
            elif name in short_full:  # 东乡县: 甘肃's autonomous county or 江西's former county
                names[name][0].extend(divs)
        for name in shapes["generic_division_names"]:  # 中心城区 is no district
            names.pop(name, None)
        self.names = {n: NameEntry(n, tuple(sorted(d, key=lambda x: x.code)), full)
                      for n, (d, full) in names.items()}
        auto = ahocorasick.Automaton()
        for n in self.names:
            auto.add_word(n, n)
        auto.make_automaton()
        self.automaton = auto

    def words(self) -> set[str]:
        return set(self.names)

    # -- linking ---------------------------------------------------------------------
    def pick(self, divisions: tuple[Division, ...], ctx: Context, seen: list[str]) -> Division:
        """Choose among same-named divisions: inside the article's region, then inside a
        region already mentioned, then the highest level (lowest code)."""
        if len(divisions) == 1:
            return divisions[0]
        anchors = [d.code for d in ctx.chain] + list(reversed(seen))
        for anchor in anchors:
            same = [d for d in divisions if d.code == anchor]
            if same:  # 吉林 in a 吉林省 article is the province, not 吉林市 inside it
                return same[0]
            inside = [d for d in divisions if d.code != anchor and self.table.is_within(d.code, anchor)]
            if inside:
                return inside[0]
        order = {"province": 0, "prefecture": 1, "county": 2}
        return min(divisions, key=lambda d: (order[d.level], d.code))

    def resolve_hint(self, hint: str | None) -> Context:
        """The region chain of a "Region | Headline" hint such as 安徽合肥 or 云南牟县."""
        ctx = Context()
        if not hint:
            return ctx
        view = TextView(hint, [(i, i + 1) for i in range(len(hint))])
        found = [c for c in self._matches(view, ctx, strict=False) if c.code]
        divs = [self._containing(hint[c.start:c.end], self.table.get(c.code), found) for c in found]
        deepest = None
        for div in divs:
            if deepest is None or self.table.is_within(div.code, deepest.code):
                deepest = div
        covered = set()
        for c in found:
            covered.update(range(c.start, c.end))
        rest = "".join(ch if i not in covered and CJK.match(ch) else " " for i, ch in enumerate(hint)).split()
        for piece in rest:
            near = self._county_within(piece, deepest) or \
                self.table.fuzzy_within(piece, deepest.code if deepest else None)
            if near and (deepest is None or self.table.is_within(near.code, deepest.code)):
                ctx.aliases[piece] = near
                deepest = near
        if deepest:
            ctx.chain = self.table.chain(deepest.code)
        return ctx

    def _containing(self, name: str, div: Division, found: list[Candidate]) -> Division:
        """Of same-named divisions (吉林省 / 吉林市), the one that holds the other places the
        hint names (吉林长春 → 吉林省)."""
        entry = self.names.get(name)
        if entry is None or len(entry.divisions) < 2:
            return div
        others = [c.code for c in found if c.code and c.code != div.code]
        for alt in entry.divisions:
            if any(self.table.is_within(o, alt.code) and o != alt.code for o in others):
                return alt
        return div

    def _counties_in(self, code: str) -> list[Division]:
        """The county-level divisions inside `code` (worked out once per code: a city's
        counties are looked up for every mention of it)."""
        if code not in self._counties:
            self._counties[code] = [d for d in self.table.by_code.values()
                                    if d.level == "county" and self.table.is_within(d.code, code)]
        return self._counties[code]

    def _county_within(self, piece: str, ancestor: Division | None) -> Division | None:
        """A county-level division under `ancestor` named `piece` without its suffix
        (重庆万州 → 万州区, 福建晋江 → 晋江市), when exactly one matches."""
        if ancestor is None or len(piece) < 2:
            return None
        hits = [d for d in self._counties_in(ancestor.code)
                if d.name != piece and d.name.startswith(piece)
                and (d.short in (piece, piece + "县")  # 甘肃东乡 → 东乡族自治县 (short 东乡县)
                     or d.name[len(piece):] in ("县", "区", "市", "旗", "自治县"))]
        return hits[0] if len(hits) == 1 else None

    def infer(self, title: str, text: str) -> Context:
        """The region of an article without a "Region | Headline" hint: the deepest region
        named in its title; else the province named most often in its text, when it holds at
        least two mentions and most of them (a national article naming many provinces keeps
        no region)."""
        ctx = self.resolve_hint(title)
        named = [c.code for c in self._matches(TextView(title, [(i, i + 1) for i in range(len(title))]),
                                               Context(), strict=False) if c.code]
        if ctx.chain and all(self.table.is_within(ctx.region.code, code) for code in named):
            ctx.inferred = True
            return ctx  # the title names one place (and its parents)
        ctx = Context()
        view = TextView(text, [(i, i + 1) for i in range(len(text))])
        counts: dict[str, int] = {}
        for c in self._matches(view, Context(), strict=False):
            if c.code:
                top = self.table.chain(c.code)[-1]
                counts[top.code] = counts.get(top.code, 0) + 1
        if counts:
            code, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            if n >= 2 and n * 2 > sum(counts.values()):
                ctx.chain = self.table.chain(code)
        ctx.inferred = bool(ctx.chain)
        return ctx

    # -- finding ---------------------------------------------------------------------
    def _matches(self, view: TextView, ctx: Context, strict: bool = True) -> list[Candidate]:
        text = view.text
        raw = []
        for end_idx, name in self.automaton.iter(text):
            raw.append((end_idx - len(name) + 1, end_idx + 1, self.names[name]))
        for alias, div in ctx.aliases.items():
            i = text.find(alias)
            while i >= 0:
                raw.append((i, i + len(alias), NameEntry(alias, (div,), True)))
                i = text.find(alias, i + 1)
        hidden = [m.span() for m in self.hiding.finditer(text)]  # 白银 in 真金白银
        raw = [r for r in raw if not any(s <= r[0] and r[1] <= e for s, e in hidden)]
        ends = {e for _, e, _ in raw}
        starts = {s for s, _, _ in raw}
        out, seen = [], []
        for start, end, entry in sorted(raw, key=lambda r: (r[0], -r[1])):
            if strict:
                left_ok = view.is_boundary(start) or start in ends or not CJK.match(view.left_char(start))
                right_ok = entry.full or view.is_boundary(end) or end >= len(text) or end in starts \
                    or text[end] in "省市县区" or text.startswith(self.zone_suffixes_t, end) \
                    or (text[end] in "州盟" and any(d.level == "prefecture" for d in entry.divisions))
                if not (left_ok and right_ok):
                    continue
            if end - start <= 2 and text[end:end + 1] in ("级", "城", "里", "（", "(") and text[end - 1] in "县市区":
                continue  # 和|县级财政, 北川新|县城, 政策和|县里的, 各市（州）和|县（市、区）
            div = self.pick(entry.divisions, ctx, seen)
            seen.append(div.code)
            if not entry.full and end < len(text) and text[end] in "州盟" and div.level == "prefecture":
                end += 1  # 恩施州, 临夏州, 锡林郭勒盟: the short name with its kind
            out.append(Candidate(start, end, "REGION", div.name, div.code, kb=div.code,
                                 source="division", prio=2 if entry.full else 1))
        return out

    def find(self, view: TextView, ctx: Context) -> list[Candidate]:
        found = self._matches(view, ctx)
        out = list(found)
        text = view.text
        for c in found:
            out.extend(self._after_region(text, c))
            out.extend(self._county_after(text, c, found))
        out.extend(self._bare_zones(view, ctx))
        out.extend(self._relative(view, ctx, found))
        return out

    def _county_after(self, text: str, city: Candidate, found: list[Candidate]) -> list[Candidate]:
        """A county written by its short name right after its city (毕节威宁, 金华义乌, 丽水景宁)."""
        div = self.table.get(city.code) if city.code else None
        if div is None or div.level != "prefecture" or any(f.start == city.end for f in found):
            return []
        for n in (3, 2):
            piece = text[city.end:city.end + n]
            if len(piece) < n or not all(CJK.match(ch) for ch in piece):
                continue
            county = self._county_within(piece, div)
            if county is not None:
                return [Candidate(city.end, city.end + n, "REGION", county.name, county.code,
                                  kb=county.code, source="division", prio=2)]
        return []

    def _after_region(self, text: str, region: Candidate) -> list[Candidate]:
        """Development zones (鞍山经济开发区) and townships/villages (拱墅区和睦街道)."""
        out = []
        tail = text[region.end:region.end + 12]
        for suf in self.zone_suffixes:
            at = 0 if tail.startswith(suf) else None
            if at is None and suf in _QUALIFIED_ZONES and tail.startswith(suf, 2) \
                    and all(CJK.match(ch) and ch not in _NOT_QUALIFIER for ch in tail[:2]) \
                    and tail[:2] not in self.names and tail[:3] not in self.names:
                at = 2  # 包头稀土高新区: a two-character qualifier that is no place itself
            if at is not None:  # 鞍山经济开发区
                div = self.table.get(region.code)
                canonical = (div.short or div.name) + tail[:at] + self.zone_expansions.get(suf, suf)
                out.append(Candidate(region.start, region.end + at + len(suf), "REGION", canonical,
                                     None, parent=region.code, source="zone", prio=3))
                break
        div = self.table.get(region.code)
        if div and div.level != "province":
            for n in range(2, 5):
                piece = tail[:n]
                if len(piece) < n or not all(CJK.match(ch) for ch in piece):
                    break
                for suf in self.locality_suffixes:
                    if tail[n:n + len(suf)] == suf:
                        name = piece + suf
                        if name.endswith(self.locality_false_ends) or any(w in piece for w in self.locality_stops) \
                                or piece[0] in "在对为向从将把两各全每还也又已都均与及" or "地区" in piece \
                                or any(ch in "的等还都也又已" for ch in piece[1:]):  # 尤溪县|在乡镇设立…
                            return out
                        out.append(Candidate(region.end, region.end + len(name), "REGION", name, None,
                                             parent=region.code, source="locality", prio=3))
                        return out
        return out

    def _bare_zones(self, view: TextView, ctx: Context) -> list[Candidate]:
        """高新区 / 经开区 on their own, in an article about a prefecture."""
        out = []
        city = ctx.at_level("prefecture")
        if city is None:
            return out
        for short, full in self.zone_expansions.items():
            i = view.text.find(short)
            while i >= 0:
                if view.is_boundary(i):
                    out.append(Candidate(i, i + len(short), "REGION", (city.short or city.name) + full,
                                         None, parent=city.code, source="zone", prio=0))
                i = view.text.find(short, i + 1)
        return out

    def _relative(self, view: TextView, ctx: Context, found: list[Candidate] = ()) -> list[Candidate]:
        """我省 / 我市 / 该县 / 全县 … resolved from the article's region; in an article about a
        wider region, 该市/该县 is the city or county of that level named last before it
        (青岛市…。该市…)."""
        out = []
        for word, level in self.relative.items():
            if len(word) < 2 or word == "自治区":
                continue
            div = ctx.at_level(level)
            if div is None and not (word.startswith("该") and ctx.region is not None):
                continue
            i = view.text.find(word)
            while i >= 0:
                here = div or self.table.last_named(found, i - 300, i, level, ctx.region.code)
                if view.is_boundary(i) and here is not None:
                    out.append(Candidate(i, i + len(word), "REGION", here.name, here.code, kb=here.code,
                                         source="relative", prio=0))
                i = view.text.find(word, i + 1)
        return out


