"""Read-only guard of the SPARQL endpoint: which requests are refused before evaluation.

Oxigraph's ``Store.query`` only accepts the query grammar, so an update (INSERT, DELETE,
LOAD, CLEAR, DROP …) sent as a query can never run; :func:`check_query` still names it
so the client gets "403: updates are not allowed" instead of a syntax error. ``SERVICE``
is the one query feature that reaches other hosts (pyoxigraph ships an HTTP client and
evaluates federated patterns), and pyoxigraph exposes no parsed query to inspect, so
SERVICE is found lexically: comments, string literals and IRIs are blanked first (the
same tokens the SPARQL grammar has; Oxigraph does not apply ``\\u`` escapes outside
strings and IRIs, so an escaped keyword cannot slip through), then the keyword is
searched where it is not part of a variable or prefixed name. A false positive only
refuses an odd query; none of the tokens blanked can hide a SERVICE clause, since an
IRI cannot contain the ``{`` that must follow it.
"""
from __future__ import annotations

import re

from kg.errors import KGError

_TOKENS = re.compile(
    r'''(?P<long1>"""(?:[^"\\]|\\.|"(?!""))*""")'''
    r"""|(?P<long2>'''(?:[^'\\]|\\.|'(?!''))*''')"""
    r'''|(?P<str1>"(?:[^"\\\n\r]|\\.)*")'''
    r"""|(?P<str2>'(?:[^'\\\n\r]|\\.)*')"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<comment>\#[^\n\r]*)""",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>)\s*)*", re.IGNORECASE)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:])",
                     re.IGNORECASE)


class RefusedQuery(KGError):
    """A request the read-only endpoint does not run; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def blank(text: str) -> str:
    """``text`` with comments and string literals replaced by spaces and IRIs by ``<>``."""
    def repl(m: re.Match) -> str:
        return "<>" if m.lastgroup == "iri" else " " * len(m.group(0))
    return _TOKENS.sub(repl, text)


def check_query(text: str) -> None:
    """Raise `RefusedQuery` for an update or a SERVICE call; return for anything else
    (syntax errors are left to the parser)."""
    code = blank(text)
    head = code[_PROLOGUE.match(code).end():]
    if _UPDATE.match(head):
        raise RefusedQuery(403, "SPARQL Update is not allowed: this endpoint is read-only")
    if _SERVICE.search(code):
        raise RefusedQuery(403, "SERVICE (federated query) is not allowed: this endpoint "
                                "does not call other hosts")
