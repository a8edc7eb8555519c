"""Offset-preserving HTML to text conversion.

`html_to_text` returns a string exactly as long as its input, so that an offset
into the result is also an offset into the decoded HTML file:

* tags, comments, the doctype, processing instructions, CDATA sections and the
  content of ``<script>``, ``<style>``, ``<template>`` and ``<noscript>`` become spaces
  (newlines inside them are kept, so line numbers stay the same);
* a block-level tag (``p``, ``div``, ``br``, ``h1``–``h6``, ``li``, ``tr``, ``title``, …)
  puts a "\\n" at its first character, so blocks fall on separate lines;
* a character reference (``&amp;``, ``&nbsp;``, ``&#12345;``, ``&#x4e00;``) becomes
  the character it stands for followed by spaces up to the reference's length.

Text outside markup is left untouched, so a span of plain text has the same
characters at the same offsets in the raw HTML and in the result. Lines that
become whitespace only are blank lines for the splitter.
"""
from __future__ import annotations

import html as _html
import re

#: Tags that start a new line.
BLOCK_TAGS = frozenset("""
    address article aside blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li
    main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul
""".split())

#: Elements whose whole content is blanked.
RAW_TEXT_TAGS = frozenset({"script", "style", "template", "noscript"})

_MARKUP = re.compile(
    r"""
      (?P<comment><!--.*?(?:-->|\Z))
    | (?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
    | (?P<decl><![^>]*(?:>|\Z))
    | (?P<pi><\?[^>]*(?:>|\Z))
    | (?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*(?:>|\Z))
    | (?P<ref>&(?:\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
    """,
    re.DOTALL | re.VERBOSE,
)


def _blank(chunk: str, newline_first: bool = False) -> str:
    """Spaces for every character of ``chunk`` except newlines, which are kept."""
    out = "".join("\n" if ch == "\n" else " " for ch in chunk)
    if newline_first and out:
        out = "\n" + out[1:]
    return out


def _reference(ref: str) -> str:
    """The decoded character(s) of ``ref`` padded with spaces, or ``ref`` unchanged
    when it is not a known reference."""
    decoded = _html.unescape(ref)
    if decoded == ref or len(decoded) > len(ref):
        return ref
    return decoded + " " * (len(ref) - len(decoded))


def _raw_text_end(html: str, name: str, pos: int) -> int:
    """Offset where the content of raw-text element ``name`` opened before ``pos`` ends."""
    close = re.compile(rf"</{name}\b", re.IGNORECASE).search(html, pos)
    return close.start() if close else len(html)


def html_to_text(html: str) -> str:
    """Blank the markup of ``html`` in place; the result has the same length."""
    parts: list[str] = []
    pos = 0
    while pos < len(html):
        m = _MARKUP.search(html, pos)
        if m is None:
            parts.append(html[pos:])
            break
        parts.append(html[pos:m.start()])
        chunk = m.group(0)
        if m.group("ref"):
            parts.append(_reference(chunk))
            pos = m.end()
            continue
        name = (m.group("name") or "").lower()
        parts.append(_blank(chunk, newline_first=name in BLOCK_TAGS))
        pos = m.end()
        if name in RAW_TEXT_TAGS and not chunk.startswith("</") and not chunk.endswith("/>"):
            end = _raw_text_end(html, name, pos)
            parts.append(_blank(html[pos:end]))
            pos = end
    out = "".join(parts)
    assert len(out) == len(html), "html_to_text must preserve length"
    return out


_META = re.compile(r"<meta\b[^>]*>", re.I)
_META_NAME = re.compile(
    r"""(?:name|property|itemprop)\s*=\s*["']?(?:date|pubdate|publishdate|publish_date|"""
    r"""article:published_time|datePublished|dc\.date|dcterms\.date|PubDate)["'\s>/]""", re.I)
_META_CONTENT = re.compile(r"""content\s*=\s*["']\s*(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?)?""", re.I)


def html_date(markup: str) -> str | None:
    """Publication date from the page's <meta> tags (date, article:published_time,
    datePublished, PubDate …) as YYYY-MM-DD / YYYY-MM / YYYY, else None."""
    for tag in _META.findall(markup):
        if not _META_NAME.search(tag):
            continue
        m = _META_CONTENT.search(tag)
        if m:
            y, mo, d = m.groups()
            if d and mo:
                return f"{y}-{int(mo):02d}-{int(d):02d}"
            return f"{y}-{int(mo):02d}" if mo else y
    return None
