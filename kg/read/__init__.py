"""Reading input files: decoding, HTML blanking and splitting digests into articles.

    >>> doc = read_document("employment-digest-2021-05.txt")   # doctest: +SKIP
    >>> [(a.id, a.region_hint, a.title) for a in doc.articles]  # doctest: +SKIP

Offsets of every `Article` index into `Document.text`: the decoded file text with
newlines normalised to "\\n" (and, for HTML, markup blanked in place).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kg.errors import InputError
from kg.read.decode import HTML_SUFFIXES, SUPPORTED_SUFFIXES, decode_bytes, read_text
from kg.read.html import html_date, html_to_text
from kg.read.model import Article, Document
from kg.read.split import document_date, split_articles

__all__ = [
    "Article", "Document", "read_document", "iter_input_files", "iter_documents", "split_articles",
    "decode_bytes", "read_text", "html_to_text", "document_date", "SUPPORTED_SUFFIXES",
]


def read_document(path, date: str | None = None) -> Document:
    """Read, decode and split the file at ``path``.

    HTML files (.html, .htm) are blanked with `html_to_text`, so ``Document.text``
    has the same length as the decoded HTML. The date comes from the file name,
    else from the first lines of the text, else `date` (YYYY, YYYY-MM or YYYY-MM-DD, e.g. from
    ``--date``). Raises `InputError` for unusable input.
    """
    p = Path(path)
    text = read_text(p)
    meta = html_date(text) if p.suffix.lower() in HTML_SUFFIXES else None
    if p.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
        if not text.strip():
            raise InputError(path, "no text outside the HTML markup",
                             "check that the page holds the article text")
    date = document_date(p.name, text) or meta or date
    articles = split_articles(text, p.name, date)
    return Document(path=str(path), source=p.name, text=text, articles=articles, date=date)


def _walk(folder: Path) -> list[Path]:
    """Supported files under ``folder``, sorted by path; hidden files and folders
    are skipped and symbolic links to folders are not followed."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath, name) for name in filenames
                     if not name.startswith(".")
                     and Path(name).suffix.lower() in SUPPORTED_SUFFIXES)
    return sorted(found)


def iter_input_files(paths: Iterable | str | Path) -> list[Path]:
    """The input files named by ``paths``, in order, without duplicates.

    Files are kept as given (their type is checked when read); folders are
    expanded recursively to their *.txt, *.md, *.markdown, *.html and *.htm files,
    sorted by path, skipping hidden files and folders. A path that does not exist
    raises `InputError`.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            raise InputError(given, "no such file or directory", "check the path")
        if p.is_dir():
            batch = _walk(p)
        else:
            batch = [p]
        for f in batch:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


def iter_documents(paths: Iterable | str | Path, errors: list | None = None,
                   date: str | None = None):
    """Yield a `Document` for every input file named by ``paths``.

    A missing path or an unreadable file is appended to ``errors`` (an `InputError`)
    and skipped, so the rest of a batch still comes through; with ``errors=None``
    the first problem raises. ``date`` is the reference date of files that carry none.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: set[Path] = set()
    for given in paths:
        try:
            files = iter_input_files([given])
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        for f in files:
            key = f.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                yield read_document(f, date)
            except InputError as exc:
                if errors is None:
                    raise
                errors.append(exc)
