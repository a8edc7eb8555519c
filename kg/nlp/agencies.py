"""Find agencies and give them their canonical full names.

* national bodies from the gazetteer (人社部 → 人力资源和社会保障部), and their
  departments (教育部高校学生司);
* local bodies: a kind from ``agency_kinds.jsonl`` (人社局, 政府, 发改委 …) after a region
  (太原市人社局), a zone (高新区管委会) or a relative prefix (省/市/县 + 人大常委会) — the
  canonical name is the region's full name plus the kind's full form for that level
  (市人社局 in a 西安 item → 西安市人力资源和社会保障局);
* other bodies anchored on a region and ending like an agency (固原市驻福州市劳务站).
"""
from __future__ import annotations

import hashlib
import re

import ahocorasick

from kg.nlp.candidates import CJK, PUNCT, Candidate, Context, TextView, clean
from kg.nlp.divisions import DivisionTable
from kg.nlp.gazetteer import Gazetteer

_OFFICE = re.compile(r"新闻办公室|新闻办|办公厅|办公室|参事室|研究室")
_BRANCH = re.compile(r"([\u4e00-\u9fff]{2,8}?)(营业管理部|中心支行|分行|分局|监管局|调查总队)")
_NATIONAL_PREFIXES = ("国家", "国务院", "中国", "中华", "全国", "中央", "中共")
_LEAD_CHARS = set("据经由向对在从与和同及将把被为让")
_ORDINAL = re.compile(r"(?:第?[一二三四五六七八九十百零]+届)$")


def local_id(prefix: str, name: str) -> str:
    """A stable ASCII id for a name that no gazetteer lists."""
    return f"{prefix}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}"


class AgencyFinder:
    def __init__(self, gazetteer: Gazetteer, table: DivisionTable):
        self.gaz = gazetteer
        self.table = table
        self.relative = gazetteer.shapes["relative_agency_prefixes"]
        self.suffixes = sorted(gazetteer.shapes["agency_suffixes"], key=len, reverse=True)
        self.stop = set(gazetteer.shapes["boundary_words"])
        self.places = {}  # province and prefecture names, full and short, for branches
        for div in sorted(table.by_code.values(), key=lambda d: d.code, reverse=True):
            if div.level in ("province", "prefecture"):
                for name in (div.name, div.short):
                    if name:
                        self.places[name] = div
        auto = ahocorasick.Automaton()
        aliases: dict[str, list] = {}
        for kind in gazetteer.kinds.values():
            for alias in kind.aliases:
                aliases.setdefault(alias, []).append(kind)
        for alias, kinds in aliases.items():
            auto.add_word(alias, (alias, kinds[0]))
        auto.make_automaton()
        self.kind_automaton = auto

    def find(self, view: TextView, ctx: Context, regions: list[Candidate]) -> list[Candidate]:
        out = self._national(view)
        out.extend(self._local(view, ctx, regions))
        out.extend(self._anchored(view, regions))
        return out

    def _national(self, view: TextView) -> list[Candidate]:
        out = []
        text = view.text
        for start, end, entries in self.gaz.find(text):
            agency = next((e for e in entries if e.label == "AGENCY"), None)
            if agency is None or not view.is_boundary(start) and CJK.match(view.left_char(start)):
                continue
            left = view.left_char(start)
            if left and left in "省市县区州" and not text[start:end].startswith(_NATIONAL_PREFIXES):
                continue  # 省发改委: a local body, not 国家发展和改革委员会
            out.append(Candidate(start, end, "AGENCY", agency.name, kb=agency.id, source="gazetteer", prio=2))
            sub = _OFFICE.match(text, end) or re.match(r"[\u4e00-\u9fff]{2,6}?[司局]", text[end:end + 8])
            if sub and view.is_boundary(end + len(sub.group())) and sub.group():
                name = agency.name + {"新闻办": "新闻办公室"}.get(sub.group(), sub.group())
                out.append(Candidate(start, end + len(sub.group()), "AGENCY", name,
                                     kb=local_id("agency", name), source="gazetteer"))
            branch = _BRANCH.match(text, end)
            div = self.places.get(branch.group(1)) if branch else None
            if div is not None:  # 人民银行武汉分行: a national body's branch in a city
                name = agency.name + branch.group(1) + branch.group(2)  # the place as written
                out.append(Candidate(start, branch.end(), "AGENCY", name, kb=local_id("agency", name),
                                     jurisdiction=div.code, source="branch", prio=2))
        return out

    def _local(self, view: TextView, ctx: Context, regions: list[Candidate]) -> list[Candidate]:
        text = view.text
        by_end = {}
        for r in regions:
            if r.end not in by_end or r.length > by_end[r.end].length:
                by_end[r.end] = r
        best: dict[int, tuple] = {}
        for end_idx, (alias, kind) in self.kind_automaton.iter(text):
            start = end_idx - len(alias) + 1
            if start not in best or len(alias) > len(best[start][0]):
                best[start] = (alias, kind)
        out = []
        for start, (alias, kind) in sorted(best.items()):
            end = start + len(alias)
            cand = self._with_prefix(view, ctx, by_end, start, end, alias, kind)
            prev = out[-1] if out else None
            if cand is None and prev is not None and prev.jurisdiction \
                    and text[prev.end:start] in ("、", "和", "及", "与", "同", "会同", "联合") and view.is_boundary(start):
                # 自治区人社厅、教育厅: a bare kind listed after a body shares its region
                div = self.table.get(prev.jurisdiction)
                cand = Candidate(start, end, "AGENCY", kind.canonical(self._place(div), div.level),
                                 kb=f"{kind.id}-{div.code}", jurisdiction=div.code, source="kind", prio=1)
            if cand:
                out.append(cand)
        return out

    def _with_prefix(self, view, ctx, by_end, start, end, alias, kind):
        text = view.text
        head = start
        ordinal = _ORDINAL.search(text[max(0, start - 6):start])
        if ordinal:
            head = start - len(ordinal.group())
        region = by_end.get(head)
        if region is not None:
            if region.code:
                div = self.table.get(region.code)
                canonical = kind.canonical(self._place(div), div.level)
                outer = by_end.get(region.start)
                if outer is not None and outer.code and div.parent and \
                        self.table.is_within(div.code, outer.code) and outer.code != div.code:
                    # 杭州市余杭区人社局: the name keeps the city it was written with
                    canonical = self.table.get(outer.code).name + canonical
                    region = outer
                return Candidate(region.start, end, "AGENCY", canonical, kb=f"{kind.id}-{div.code}",
                                 jurisdiction=div.code, source="kind", prio=3)
            # a zone or a locality: 鞍山经济开发区管委会
            canonical = region.canonical + kind.forms["county"]
            return Candidate(region.start, end, "AGENCY", canonical, kb=local_id("agency", canonical),
                             jurisdiction=region.parent, source="kind", prio=3)
        for prefix, level in sorted(self.relative.items(), key=lambda p: -len(p[0])):
            p0 = head - len(prefix)
            if p0 < 0 or text[p0:head] != prefix:
                continue
            left = view.left_char(p0)
            if left and left in "我本该各全":
                return None  # 全省各级工会, 我市政府: not a named body
            if left and CJK.match(left) and not view.is_boundary(p0) and left not in _LEAD_CHARS:
                continue  # (据|市劳动保障局: jieba glued a preposition to the prefix)
            named = by_end.get(p0)  # 哈尔滨|市人社局: the region written right before the prefix
            named_div = self.table.get(named.code) if named is not None and named.code else None
            if named_div is not None and named_div.level == level:
                div = named_div
                p0 = named.start
            else:
                div = ctx.at_level(level) or self._named_before(ctx, by_end, p0, level, text)
            if div is None:
                return Candidate(p0, end, "AGENCY", None, source="kind", prio=1)
            return Candidate(p0, end, "AGENCY", kind.canonical(self._place(div, relative=True), div.level),
                             kb=f"{kind.id}-{div.code}", jurisdiction=div.code, source="kind", prio=3)
        if alias in kind.standalone and view.is_boundary(start):
            div = ctx.at_level("prefecture") or ctx.region
            if div is not None:
                return Candidate(start, end, "AGENCY", kind.canonical(self._place(div), div.level),
                                 kb=f"{kind.id}-{div.code}", jurisdiction=div.code, source="kind", prio=1)
        return None

    def _place(self, div, relative: bool = False) -> str:
        """The name an agency of `div` is known by: a district of a municipality keeps the
        municipality (重庆市万州区总工会), and so does a city district written only as 区
        (区人社局 in a 顺德区 paragraph → 佛山市顺德区…, its official name); other places
        their own name (牟定县人民政府)."""
        parent = self.table.get(div.parent) if div.parent else None
        if div.level == "county" and parent is not None and parent.level == "province" \
                and parent.name.endswith("市"):
            return parent.name + div.name
        if relative and div.level == "county" and div.name.endswith("区") and parent is not None \
                and parent.level == "prefecture":
            return parent.name + div.name
        return div.name

    def _named_before(self, ctx, by_end, at: int, level: str, text: str):
        """The nearest region of `level` named before `at` in the same paragraph (在定西市，
        市人社局…; 柳州…该市…。市人社局), inside the article's region (an article without one —
        national news naming many provinces — resolves nothing this way)."""
        if ctx.region is None:
            return None
        para = max(text.rfind("\n", 0, at), at - 400)
        for lo in (para, at - 600):  # this paragraph, else the one before (哈尔滨…。\n市人社局)
            div = self.table.last_named(by_end.values(), lo, at, level, ctx.region.code)
            if div is not None:
                return div
        return None

    def _anchored(self, view: TextView, regions: list[Candidate]) -> list[Candidate]:
        """A region, then a few tokens, then an agency suffix: 海原县驻福建漳浦劳务服务中心."""
        out = []
        for r in regions:
            if not r.code or r.source == "relative":
                continue
            i = view.token_at(r.end)
            if view.tokens[i][0] != r.end:
                continue
            for j in range(i, min(i + 6, len(view.tokens))):
                tok = view.token_text(j)
                if tok in self.stop or any(ch in PUNCT for ch in tok) or not CJK.search(tok):
                    break
                end = view.tokens[j][1]
                # the suffix may span tokens (劳务|站)
                suf = next((s for s in self.suffixes if len(s) >= 2 and view.text.endswith(s, 0, end)
                            and end - len(s) > r.end), None)
                if suf and j > i:
                    name = clean(view.text[r.start:end])
                    out.append(Candidate(r.start, end, "AGENCY", name, kb=local_id("agency", name),
                                         jurisdiction=r.code, source="anchored"))
                    break
        return out
