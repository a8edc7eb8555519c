"""Plain data objects produced by the reader: a `Document` and its `Article`s.

All offsets are Python ``str`` indices (end exclusive) into ``Document.text``, the
decoded text of the whole input file after newline normalisation ("\\r\\n" and "\\r"
become "\\n") and, for HTML input, after markup blanking (see `kg.read.html`), which
keeps every character at its original offset.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One news item of a digest, or the whole text of a single-article file.

    Attributes:
        source: base name of the input file, e.g. ``"employment-digest-2021-05.txt"``.
        id: ``"a01"``, ``"a02"``, … in reading order within the file.
        title: the headline text after the "|" separator (or the whole first line
            of a single-article file), stripped of markdown markers and spaces.
        theme: the theme heading the item stands under (e.g. ``"公益性岗位"``), or None.
        region_hint: the part of a "Region | Headline" line before the separator,
            stripped (e.g. ``"安徽合肥"``), or None.
        start: offset of the first character of the headline line.
        end: offset just after the last non-blank character of the body.
        text: ``Document.text[start:end]``: headline plus body.
        date: the document's reference date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), or None.
    """

    source: str
    id: str
    title: str
    theme: str | None
    region_hint: str | None
    start: int
    end: int
    text: str
    date: str | None


@dataclass(frozen=True)
class Document:
    """A decoded input file and the articles found in it.

    Attributes:
        path: the path the file was read from, as given.
        source: the file's base name.
        text: the decoded, newline-normalised text (markup blanked for HTML); every
            article's ``start``/``end`` index into it.
        articles: the articles in reading order.
        date: the reference date of the document, or None.
    """

    path: str
    source: str
    text: str
    articles: tuple[Article, ...]
    date: str | None
