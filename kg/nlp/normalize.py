"""Normalise money amounts and calendar expressions found in Chinese employment news.

Two kinds of helpers live here:

* compiled finder patterns, :data:`MONEY_RE` and :data:`DATE_RE`, which the entity
  recogniser runs over running text to locate mentions;
* parsers, :func:`parse_money` and :func:`parse_date`, which turn one mention into a
  typed value: an exact :class:`~decimal.Decimal` amount, or ISO 8601 strings resolved
  against the article's own date (never guessed when that date is unknown).

Standard library only; importing the module only compiles the patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

__all__ = [
    "MONEY_PREFIXES", "MONEY_SUFFIXES", "MONEY_RE", "DATE_RE",
    "Money", "DateValue", "parse_money", "parse_date",
]

#: Words that belong to a money span when written directly before the number. The
#: finder matches them (and chains such as 每户最高不超过) as up to four atoms.
MONEY_PREFIXES: tuple[str, ...] = (
    "每人每月", "每人每年", "每人", "每户", "每月", "最高共", "最高", "最多",
    "不超过", "不低于", "不少于", "超过", "约", "近", "共",
)
#: Qualifiers that belong to a money span when written right after the unit.
MONEY_SUFFIXES: tuple[str, ...] = ("以上", "以下", "以内", "左右")

# Prefix atoms the finder chains ({1,4} times, each chain split one way only, so no
# catastrophic backtracking): 每人每月 = 每人+每月, 最高共 = 最高+共.
# atom -> (qualifier, per)
_PREFIX_MEANING = {
    "每人": (None, "person"), "每户": (None, "household"), "每月": (None, "month"),
    "每年": (None, "year"), "最高": ("max", None), "最多": ("max", None),
    "不超过": ("max", None), "不低于": ("min", None), "不少于": ("min", None),
    "超过": ("min", None), "约": ("approx", None), "近": ("approx", None),
    "共": ("total", None),
}
_SUFFIX_MEANING = {"以上": "min", "以下": "max", "以内": "max", "左右": "approx"}
_QUALIFIER_RANK = ("max", "min", "approx", "total")
_PER_UNIT = {"人": "person", "户": "household", "月": "month", "年": "year"}
_CURRENCY = {"美元": "USD", "欧元": "EUR", "港元": "HKD"}
_MULTIPLIER = {
    "百": 100, "千": 1000, "万": 10**4, "百万": 10**6,
    "千万": 10**7, "亿": 10**8, "万亿": 10**12,
}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")

# --------------------------------------------------------------------------- finders
_D = "[0-9０-９]"
_SP = "[ \t\u00a0\u3000]{0,3}"      # a few inline spaces; bounded to stay linear
_CN = "[零〇一二两三四五六七八九十百千]"
_ARABIC = rf"(?<![0-9０-９.．]){_D}+(?:,{_D}{{3}}(?!{_D})){{0,5}}(?:[.．]{_D}+)?"
_CHINESE = rf"(?<![数几零〇一二两三四五六七八九十百千万亿]){_CN}+(?:[万亿]{_CN}+)*"
_PRE_ALT = "|".join(sorted(_PREFIX_MEANING, key=len, reverse=True))

#: Money mentions: optional prefixes, a number, optional 余/多, a unit, an optional
#: per-unit tail (``/人/月``) and an optional 以上/以下/以内/左右.
MONEY_RE = re.compile(
    rf"(?P<pre>(?:{_PRE_ALT}){{1,4}})?"
    rf"(?P<num>{_ARABIC}|{_CHINESE}){_SP}(?:(?P<ap1>[余多]){_SP})?"
    rf"(?P<mult>万亿|千万|百万|万|亿|千|百)?(?P<ap2>[余多])?{_SP}"
    r"(?P<cur>美元|欧元|港元|元|块钱|(?<=[0-9０-９万千百亿 ])块)"
    r"(?P<per>/[人户](?:[/·][月年])?|/[月年])?"
    r"(?P<post>以上|以下|以内|左右)?"
)

_YEAR = r"(?<![0-9０-９])(?:[1１][9９]|[2２][0０])[0-9０-９]{2}"
_MON = rf"(?<![0-9０-９.．]){_D}{{1,2}}"
_YPART = rf"(?:{_YEAR}{_SP}[年届]|[今去前明]年)"
_CORE = (
    rf"(?:{_MON}{_SP}月{_SP}{_D}{{1,2}}{_SP}[日号]"
    rf"|{_MON}{_SP}月?{_SP}[至到\-－—~～]{_SP}{_D}{{1,2}}{_SP}月份?(?:底|末)?"
    rf"|{_MON}{_SP}月份?(?:底|末|初|上旬|中旬|下旬)?"
    r"|[上下]半年|前[一二三]季度|第?[一二三四1-4]季度(?:末|初)?)"
)
_YSUF = r"(?:全年|内|年?[初底末]|前(?:[0-9０-９]{1,2}|[一二两三四五六七八九十]{1,2})个月)"
_YWORD = (r"(?<![0-9０-９零〇一二两三四五六七八九十百千几多数每近\s])"
          r"(?:全年|年内|年底|年末|年初)(?!龄)")
_DAY_RANGE = (rf"(?:{_YPART}{_SP})?{_MON}{_SP}月{_SP}{_D}{{1,2}}{_SP}[日号]?{_SP}[—–\-－~～至到]{_SP}"
              rf"(?:{_YPART}{_SP})?(?:{_MON}{_SP}月{_SP})?{_D}{{1,2}}{_SP}[日号]")
_ISO = r"(?<![0-9])(?:19|20)[0-9]{2}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_ANCHOR = rf"(?:{_ISO}|{_YPART}(?:{_SP}(?:{_CORE}|{_YSUF}))?|{_CORE}|{_YWORD})"
_PLAN = r"[“\"「『]?十[一二三四五六]五[”\"」』]?(?:规划)?(?:期间|时期)"
_YRANGE = rf"{_YEAR}{_SP}年?{_SP}[至到\-－—~～]{_SP}{_YEAR}{_SP}年(?:{_SP}(?:间|期间))?"
_HOLIDAY = (r"(?:[今去明]年)?(?:春节|元旦|国庆|五一|中秋|清明|端午)(?:前后|节前|节后|假期|期间|前|后)"
            r"|[今去明]年(?:春季|夏季|秋季|冬季|冬春|春夏)|[今去]年同期|今冬明春|[今明][冬春](?![节季])(?:以来)?"
            r"|(?:入冬|入春|入夏|入秋|开春)以来")
_FISCAL = r"(?<![0-9０-９])(?:(?:上一?|本|今|去)年度|当年(?![度龄轻])|上一?年(?![级纪轻底末初]))"
_SPAN = (rf"(?:未来|今后|近|过去){_SP}(?:{_D}{{1,2}}|[一二两三四五六七八九十]{{1,3}})"
         rf"{_SP}个?年(?:来|内|间|中)?(?![级龄])")

#: Calendar mentions: absolute and relative dates, month ranges, half years, quarters,
#: "since"/"until" periods, spans such as 未来三年 and five-year-plan periods.
DATE_RE = re.compile(
    rf"{_PLAN}|{_SPAN}|{_YRANGE}|{_DAY_RANGE}|{_HOLIDAY}|{_FISCAL}|即日起(?:{_SP}至{_SP}{_ANCHOR})?"
    rf"|(?:(?:截至到?|截止到?|到|至|自|从){_SP})?{_ANCHOR}"
    rf"(?:{_SP}(?:以来|(?<=今年)来|起(?![草步诉])|以前|之前|(?<=[底末日])前(?![期沿列景夕])))?"
)


# --------------------------------------------------------------------------- values
@dataclass(frozen=True)
class Money:
    """An exact amount of money.

    ``value`` is in whole units of ``currency`` (yuan for CNY). ``qualifier`` says how
    the figure bounds the real amount ("max", "min", "approx" or "total") and ``per``
    what it is paid per ("person", "person-month", "household", "month"...).
    """

    value: Decimal
    currency: str = "CNY"
    qualifier: str | None = None
    per: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A calendar value as ISO 8601 strings.

    ``value`` is "2021-05-25" / "2021-05" / "2021" with ``datatype`` "date" /
    "gYearMonth" / "gYear" (the XSD type names); ``start``/``end`` bound periods;
    ``relative`` is True when the year came from the reference date. An unresolvable
    relative expression (no reference date) has every field None and relative True.
    """

    value: str | None
    datatype: str | None
    start: str | None = None
    end: str | None = None
    relative: bool = False


_UNRESOLVED = DateValue(None, None, None, None, True)


# --------------------------------------------------------------------------- helpers
def _cn_int(text: str) -> int:
    """Value of an integer written in Arabic or Chinese numerals (三千, 一百二十, 两万)."""
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))  # 二〇二一
    total = section = num = 0
    for ch in text:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (num or 1) * _CN_UNITS[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10**4
            section = num = 0
        elif ch == "亿":
            total = (total + section + num) * 10**8
            section = num = 0
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + num


def _plain(value: Decimal) -> Decimal:
    """``value`` without exponent notation: integral values quantized to units."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return Decimal(format(value.normalize(), "f"))


def _valid(year: int, month: int, day: int = 1) -> bool:
    """True when year-month-day is a real calendar day."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _parse_ref(ref: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a "YYYY[-MM[-DD]]" reference date, or None."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", ref or "")
    if m is None:
        return None
    y, mo, d = (int(g) if g else None for g in m.groups())
    if mo is not None and not _valid(y, mo, d or 1):
        return (y, None, None)
    return (y, mo, d)


def _ref_iso(ref: tuple[int, int | None, int | None] | None) -> str | None:
    """ISO string of a parsed reference date, at its own precision."""
    if ref is None:
        return None
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(ref) if p)


# --------------------------------------------------------------------------- money
def parse_money(text: str) -> Money | None:
    """Parse the first money mention in ``text`` (see :data:`MONEY_RE`), or None.

    >>> parse_money("每人每月300元")
    Money(value=Decimal('300'), currency='CNY', qualifier=None, per='person-month')
    """
    m = MONEY_RE.search(text or "")
    if m is None:
        return None
    num = m["num"].translate(_FULLWIDTH).replace(",", "")
    number = Decimal(num) if num[0] in "0123456789" else Decimal(_cn_int(num))
    value = _plain(number * _MULTIPLIER.get(m["mult"] or "", 1))

    qualifiers, per = [], []
    for word in re.findall(_PRE_ALT, m["pre"] or ""):
        qualifier, unit = _PREFIX_MEANING[word]
        qualifiers.append(qualifier)
        per.extend([unit] if unit else ())
    qualifiers.append(_SUFFIX_MEANING.get(m["post"] or ""))
    if m["ap1"] or m["ap2"]:
        qualifiers.append("approx")
    for ch in (m["per"] or "")[1:]:
        if ch in _PER_UNIT and _PER_UNIT[ch] not in per:
            per.append(_PER_UNIT[ch])
    qualifier = next((q for q in _QUALIFIER_RANK if q in qualifiers), None)
    return Money(value, _CURRENCY.get(m["cur"], "CNY"), qualifier, "-".join(per) or None)


# --------------------------------------------------------------------------- dates
_P_PLAN = re.compile(r"十([一二三四五六])五(?:规划)?(?:期间|时期)")
_P_SPAN = re.compile(r"(未来|今后|近|过去)(\d{1,2}|[一二两三四五六七八九十]{1,3})个?年(?:来|内|间|中)?")
_P_YRANGE = re.compile(r"(\d{4})年?[至到\-－—~～](\d{4})年(?:间|期间)?")
_P_HOLIDAY = re.compile(r"([今去明])?年?(?:(?:春节|元旦|国庆|五一|中秋|清明|端午)(?:前后|节前|节后|假期|期间|前|后)"
                        r"|春季|夏季|秋季|冬季|冬春|春夏|同期|冬明春|[冬春](?:以来)?|(?:入冬|入春|入夏|入秋|开春)以来)")
_P_FISCAL = re.compile(r"(上一?|本|今|去|当)年度?")
_P_PRE = re.compile(r"截至到?|截止到?|到|至|自|从")
_P_POST = re.compile(r"(?:以来|来|起|以前|之前|(?<=[底末日])前)$")
_P_DAY_RANGE = re.compile(r"(.*?\d{1,2}月\d{1,2}[日号]?)[—–\-－~～至到]((?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}[日号])")
_P_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_P_YEAR = re.compile(r"(\d{4})[年届]|([今去前明])年")
_P_MD = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
_P_MR = re.compile(r"(\d{1,2})月?[至到\-—~～](\d{1,2})月份?(?:底|末)?")
_P_M = re.compile(r"(\d{1,2})月份?(?:底|末|初|上旬|中旬|下旬)?")
_P_HALF = re.compile(r"([上下])半年")
_P_Q = re.compile(r"(前|第)?([一二三四1-4])季度(末|初)?")
_P_YWORD = re.compile(r"全年|年内|内|年?[初底末]")
_P_FIRST_MONTHS = re.compile(r"前(\d{1,2}|[一二两三四五六七八九十]{1,2})个月")
_REL_YEAR = {"今": 0, "去": -1, "前": -2, "明": 1}


def parse_date(text: str, ref: str | None = None) -> DateValue | None:
    """Parse the first calendar mention in ``text`` (see :data:`DATE_RE`), or None.

    ``ref`` is the article's date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"); relative
    expressions (今年, 5月25日, 上半年, 未来三年...) are resolved against it and, without
    it, come back unresolved rather than guessed. Impossible dates give None.
    """
    m = DATE_RE.search(text or "")
    if m is None:
        return None
    cleaned = re.sub(r"[\s“”\"「」『』]", "", m.group().translate(_FULLWIDTH))
    return _parse_mention(cleaned, _parse_ref(ref))


def _parse_mention(s: str, ref) -> DateValue | None:
    """Parse one cleaned mention: periods and prefixes/suffixes, then the anchor."""
    if s.startswith("即日起"):
        end = None
        if s[3:]:
            until = _parse_mention(s[3:].lstrip("至"), ref)
            if until is None:
                return None
            end = until.value
        start = _ref_iso(ref)
        return _UNRESOLVED if start is None and end is None else DateValue(
            None, None, start, end, True)
    if m := _P_PLAN.fullmatch(s):
        first = 1966 + 5 * (10 + _cn_int(m[1]) - 3)  # 3rd plan 1966-70, 14th 2021-25
        return DateValue(None, None, str(first), str(first + 4), False)
    if m := _P_DAY_RANGE.fullmatch(s):  # 2023年4月24日—4月30日, 7月11日至17日
        left = _parse_anchor(m[1] if m[1][-1] in "日号" else m[1] + "日", ref)
        if left is None or left.value is None:
            return left
        y, mo = left.value[:4], left.value[5:7]
        right_text = m[2] if "月" in m[2] else f"{int(mo)}月{m[2]}"
        right = _parse_anchor(right_text if "年" in right_text else f"{y}年{right_text}", ref)
        if right is None or right.value is None or right.value < left.value:
            return None
        return DateValue(None, None, left.value, right.value, left.relative)
    if m := _P_YRANGE.fullmatch(s):
        a, b = m[1], m[2]
        return DateValue(None, None, a, b, False) if a <= b else None
    if m := _P_HOLIDAY.fullmatch(s) or _P_FISCAL.fullmatch(s):
        if ref is None:
            return _UNRESOLVED
        shift = {"上": -1, "上一": -1, "去": -1, "明": 1}.get(m[1] or "", 0)
        return DateValue(f"{ref[0] + shift:04d}", "gYear", relative=True)
    if m := _P_SPAN.fullmatch(s):
        if ref is None:
            return _UNRESOLVED
        n, y = _cn_int(m[2]), ref[0]
        a, b = (y, y + n) if m[1] in ("未来", "今后") else (y - n, y)
        return DateValue(None, None, f"{a:04d}", f"{b:04d}", True)

    pre = _P_PRE.match(s)
    s = s[pre.end():] if pre else s
    post = _P_POST.search(s)
    s = s[:post.start()] if post else s
    base = _parse_anchor(s, ref)
    if base is None or base.value is None:
        return base
    start, end = base.start, base.end
    if post and post.group() in ("以来", "来"):
        start = (start or base.value) + "-01" * ((10 - len(start or base.value)) // 3)
        end = _ref_iso(ref)
    elif (post and post.group() == "起") or (pre and pre.group() in ("自", "从")):
        start = start or base.value
    if (pre and pre.group()[0] in "截到至") or (post and post.group() in ("以前", "之前", "前")):
        end = end or base.value
    return replace(base, start=start, end=end)


def _parse_anchor(s: str, ref) -> DateValue | None:
    """Parse an optional year (absolute or 今/去/前/明年) followed by a within-year part."""
    if m := _P_ISO.fullmatch(s):
        y, mo, d = (int(g) for g in m.groups())
        return DateValue(f"{y:04d}-{mo:02d}-{d:02d}", "date") if _valid(y, mo, d) else None
    ym = _P_YEAR.match(s)
    rest = s[ym.end():] if ym else s
    explicit = bool(ym and ym[1])
    if explicit:
        year = int(ym[1])
    else:
        year = None if ref is None else ref[0] + (_REL_YEAR[ym[2]] if ym else 0)
    y = f"{year if year is not None else 2000:04d}"  # 2000: leap year, for validation

    if not rest:
        if ym is None:
            return None
        out = DateValue(y, "gYear")
    elif m := _P_MD.fullmatch(rest):
        mo, d = int(m[1]), int(m[2])
        if not _valid(int(y), mo, d):
            return None
        out = DateValue(f"{y}-{mo:02d}-{d:02d}", "date")
    elif m := _P_MR.fullmatch(rest):
        a, b = int(m[1]), int(m[2])
        if not 1 <= a <= b <= 12:
            return None
        out = DateValue(y, "gYear", f"{y}-{a:02d}", f"{y}-{b:02d}")
    elif m := _P_M.fullmatch(rest):
        if not 1 <= int(m[1]) <= 12:
            return None
        out = DateValue(f"{y}-{int(m[1]):02d}", "gYearMonth")
    elif m := _P_HALF.fullmatch(rest):
        a = 1 if m[1] == "上" else 7
        out = DateValue(y, "gYear", f"{y}-{a:02d}", f"{y}-{a + 5:02d}")
    elif m := _P_Q.fullmatch(rest):
        q = _cn_int(m[2])
        a = 1 if m[1] == "前" else 3 * q - 2
        if m[3]:  # 二季度末: the quarter's last month; 三季度初: its first
            out = DateValue(f"{y}-{3 * q if m[3] == '末' else 3 * q - 2:02d}", "gYearMonth")
        else:
            out = DateValue(y, "gYear", f"{y}-{a:02d}", f"{y}-{3 * q:02d}")
    elif m := _P_FIRST_MONTHS.fullmatch(rest):  # 今年前8个月: January to August
        n = _cn_int(m[1])
        if not 1 <= n <= 12:
            return None
        out = DateValue(y, "gYear", f"{y}-01", f"{y}-{n:02d}")
    elif _P_YWORD.fullmatch(rest):
        out = DateValue(y, "gYear")
    else:
        return None
    return _UNRESOLVED if year is None else replace(out, relative=not explicit)
