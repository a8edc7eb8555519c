"""Split a decoded document into articles, and find its reference date.

Digest layout (plain text, markdown or blanked HTML):

* item headlines "Region | Headline" (ASCII "|" or fullwidth "｜", spaces optional);
* theme headings: short standalone lines (at most 20 characters, no sentence
  punctuation, no "|") above item headlines. A line is a theme when it is listed in
  data/themes.txt and stands alone, or when it follows a blank line (or the start
  of the file, or a headline) and the next non-blank line is an item headline.
  Lines that look like bylines or notes ("编辑 …", "记者 …", "来源 …", "（…）") and
  "目录" are never themes. When the table of contents has themes, an unknown heading
  after it counts only if the table of contents lists it too (possibly numbered, as
  in "一、…"), so a short last body line is not mistaken for one;
* a table of contents: an item headline directly followed by another headline, a
  theme or the end of the file is a TOC entry when the same headline appears again
  later; TOC entries are not articles;
* leading markdown "#"s, "-"/"*"/"+" bullets and "**…**" are ignored when lines are
  classified and titles taken; offsets always point into the original text.

An article starts at the first non-blank character of its headline line and runs
until the next item headline or theme heading, less trailing blank lines. Blank
lines inside a body (even a stray one inside a paragraph) do not end it; "---"
rules count as blank. Text before the first headline (a masthead, a date line) is
in no article. Text without item headlines (or whose only "X | Y" line comes after
a sentence, like a source line) is one article titled by its first non-blank line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.read.model import Article

#: Longest line (in characters, markers stripped) that may be a theme heading.
MAX_THEME_LEN = 20
#: Longest region part of a "Region | Headline" line.
MAX_REGION_LEN = 40

_SENTENCE_PUNCT = frozenset("。，；：！？!?;:,")
_BARS = "|｜"
_NOT_THEMES = frozenset({"目录", "本期目录", "内容提要", "导读", "本期导读"})
# Bylines, sources and notes: short lines that end a body rather than head a section.
_NOT_THEME_START = re.compile(r"^(?:[（(]|责任编辑|编辑|记者|来源|作者|通讯员|审核|校对|供稿)")
_MARKER = re.compile(r"^(?:#{1,6}(?=\s|[^#])\s*|[-*+•]\s+)")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_RULE = re.compile(r"^[-*_=~]{3,}$")
_HEADLINE = re.compile(r"^(?P<region>[^|｜]+?)\s*[|｜]\s*(?P<title>[^|｜]+)$")
_SPACE = re.compile(r"\s+")

_D = r"[0-9０-９]"
_NB = r"(?<![0-9０-９])"     # not preceded by a digit
_NA = r"(?![0-9０-９])"      # not followed by a digit
_Y = rf"{_NB}((?:19|20|１９|２０){_D}{{2}})"
#: Patterns tried on file names, most specific first: (year, month[, day]) groups.
_NAME_PATTERNS = (
    re.compile(rf"{_Y}\s*[-_./年]\s*({_D}{{1,2}})\s*[-_./月]\s*({_D}{{1,2}}){_NA}"),
    re.compile(rf"{_Y}({_D}{{2}})({_D}{{2}}){_NA}"),
    re.compile(rf"{_Y}\s*[-_./年]\s*({_D}{{1,2}}){_NA}"),
    re.compile(rf"{_Y}({_D}{{2}}){_NA}"),
)
_NAME_YEAR = re.compile(rf"{_Y}{_NA}")
#: Patterns tried on the first lines of the text.
_TEXT_FULL = (
    re.compile(rf"{_Y}\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日"),
    re.compile(rf"{_Y}([-/.])({_D}{{1,2}})\2({_D}{{1,2}}){_NA}"),
)
_TEXT_MONTH = (
    re.compile(rf"{_Y}\s*年\s*({_D}{{1,2}})\s*月"),
    re.compile(rf"{_Y}[-/]({_D}{{1,2}}){_NA}"),
)
_DATE_LINE_SCAN = 5


def themes_path() -> Path:
    """Location of the list of known theme headings."""
    return Path(__file__).resolve().parents[2] / "data" / "themes.txt"


@lru_cache(maxsize=1)
def known_themes() -> frozenset[str]:
    """Known theme headings from data/themes.txt (empty when the file is absent)."""
    try:
        lines = themes_path().read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))


# --------------------------------------------------------------------------- dates

def _ymd(year: str, month: str, day: str | None = None) -> str | None:
    y, m = int(year), int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    days = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= days else None


def _first(patterns, s: str) -> str | None:
    for pattern in patterns:
        for m in pattern.finditer(s):
            groups = [g for g in m.groups() if g and g not in "-/."]
            if found := _ymd(*groups):
                return found
    return None


def date_from_name(name: str) -> str | None:
    """Date in a file name: "2021-05-28", "20210528" → "2021-05-28"; "2021-05",
    "2021_05", "202105", "2021年5月" → "2021-05"; a lone year → "2021"; else None."""
    base = Path(name).name
    if found := _first(_NAME_PATTERNS, base):
        return found
    m = _NAME_YEAR.search(base)
    return f"{int(m.group(1)):04d}" if m else None


def date_from_text(text: str) -> str | None:
    """Date on one of the first five non-blank lines: a full date ("2021年5月28日",
    "2021-05-28") wins over a year and month ("2021年5月"); else None."""
    lines = [line for line in text.split("\n") if line.strip()][:_DATE_LINE_SCAN]
    for patterns in (_TEXT_FULL, _TEXT_MONTH):
        for line in lines:
            if found := _first(patterns, line):
                return found
    return None


def document_date(source: str, text: str) -> str | None:
    """The reference date of a document: from its file name, else from its first lines."""
    return date_from_name(source) or date_from_text(text)


# --------------------------------------------------------------------------- lines

@dataclass
class _Line:
    """One line of the text with its offsets and classification."""

    start: int          # offset of the first non-blank character
    end: int            # offset after the last non-blank character
    label: str          # stripped content without markdown markers
    kind: str = "text"  # "blank", "item", "theme" or "text"
    region: str = ""
    title: str = ""
    key: str = ""       # normalised headline, to match TOC entries with items
    toc: bool = False
    heading: bool = False  # a markdown "#" heading, standalone by nature
    next: _Line | None = field(default=None, repr=False, compare=False)  # next non-blank line


def _strip_markers(content: str) -> str:
    label = _MARKER.sub("", content, count=1).strip()
    if content.startswith("#"):
        label = label.rstrip("#").strip()
    m = _EMPHASIS.match(label)
    return m.group(2).strip() if m else label


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        line = _Line(pos + lead, pos + lead + len(stripped), _strip_markers(stripped),
                     heading=stripped.startswith("#"))
        if not line.label or _RULE.match(stripped):
            line.kind = "blank"
        else:
            m = _HEADLINE.match(line.label)
            region = m.group("region").strip() if m else ""
            if m and region and len(region) <= MAX_REGION_LEN and not _SENTENCE_PUNCT & set(region):
                line.kind, line.region, line.title = "item", region, m.group("title").strip()
                line.key = _SPACE.sub("", f"{region}|{line.title}")
        out.append(line)
        pos += len(raw) + 1
    return out


def _theme_candidate(label: str) -> bool:
    return (len(label) <= MAX_THEME_LEN and label not in _NOT_THEMES
            and not _NOT_THEME_START.match(label)
            and not (_SENTENCE_PUNCT | set(_BARS)) & set(label)
            and any(ch.isalpha() for ch in label)
            and _first(_TEXT_FULL + _TEXT_MONTH, label) is None)


def _link_next(lines: list[_Line]) -> None:
    """Point every line at the first non-blank line after it (None at the end)."""
    following: _Line | None = None
    for line in reversed(lines):
        line.next = following
        if line.kind != "blank":
            following = line


def _next_kind(line: _Line) -> str:
    """Kind of the first non-blank line after ``line`` ("eof" when there is none)."""
    return line.next.kind if line.next else "eof"


def _mark_themes(lines: list[_Line]) -> None:
    """Mark theme headings: a short line after a blank line, the start, a headline
    or a theme (markdown "#" headings need no blank line around them) that is followed by an item headline, or that is a known theme standing alone
    (followed by a headline, another known theme or the end of the text)."""
    known = known_themes()
    for i, line in enumerate(lines):
        if line.kind != "text" or not _theme_candidate(line.label):
            continue
        prev = lines[i - 1] if i > 0 else None
        if not (prev is None or line.heading or prev.heading
                or prev.kind in ("blank", "item", "theme")):
            continue
        following = line.next
        if following is not None and following.kind == "item":
            line.kind = "theme"
        elif line.label in known and (following is None or following.label in known):
            line.kind = "theme"


def _mark_toc(lines: list[_Line]) -> None:
    seen_later: set[str] = set()
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.kind != "item":
            continue
        if line.key in seen_later and _next_kind(line) in ("item", "theme", "eof"):
            line.toc = True
        seen_later.add(line.key)
    toc_at = [i for i, line in enumerate(lines) if line.toc]
    if not toc_at:
        return
    toc_themes = {line.label for line in lines[:toc_at[-1]] if line.kind == "theme"}
    if not toc_themes:
        return
    known = known_themes()
    for line in lines[toc_at[-1] + 1:]:
        if line.kind == "theme" and line.label not in known and not any(
                t.endswith(line.label) or line.label.endswith(t) for t in toc_themes):
            line.kind = "text"


def classify(text: str) -> list[_Line]:
    """The lines of ``text`` classified as blank, item headline, theme or text."""
    lines = _lines(text)
    _link_next(lines)
    _mark_themes(lines)
    _mark_toc(lines)
    return lines


# --------------------------------------------------------------------------- articles

def _single(text: str, lines: list[_Line], source: str, date: str | None) -> tuple[Article, ...]:
    body = [line for line in lines if line.kind != "blank"]
    if not body:
        return ()
    start, end = body[0].start, body[-1].end
    return (Article(source, "a01", body[0].label, None, None, start, end, text[start:end], date),)


def _is_digest(lines: list[_Line]) -> bool:
    """True when the text has item headlines; a lone "X | Y" line after body
    sentences (e.g. a source line at the end of a single article) does not count."""
    items = [i for i, line in enumerate(lines) if line.kind == "item"]
    if len(items) != 1:
        return bool(items)
    return not any("。" in line.label for line in lines[:items[0]])


def split_articles(text: str, source: str, date: str | None) -> tuple[Article, ...]:
    """The articles of ``text`` in reading order (see the module docstring).

    ``source`` and ``date`` are copied onto every article. Text with no item
    headline gives one article; whitespace-only text gives none.
    """
    lines = classify(text)
    if not _is_digest(lines):
        return _single(text, lines, source, date)
    articles: list[Article] = []
    theme: str | None = None
    toc_theme: dict[str, str | None] = {}
    in_toc = False
    for line in lines:
        if line.kind == "theme":
            theme, in_toc = line.label, False
            continue
        if line.kind != "item":
            continue
        if line.toc:
            toc_theme.setdefault(line.key, theme)
            in_toc = True
            continue
        if in_toc:  # items right after the TOC with no theme heading of their own
            theme, in_toc = None, False
        end, nxt = line.end, line.next
        while nxt is not None and nxt.kind not in ("item", "theme"):
            end, nxt = nxt.end, nxt.next
        articles.append(Article(
            source=source, id=f"a{len(articles) + 1:02d}", title=line.title,
            theme=theme if theme is not None else toc_theme.get(line.key),
            region_hint=line.region, start=line.start, end=end,
            text=text[line.start:end], date=date))
    return tuple(articles)
