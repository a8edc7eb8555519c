"""Shape rules: names that no list holds, found by how they end.

A programme ends in 补贴/贷款/行动/计划 …, a target group in 人员/毕业生/劳动力/群体 …, a
policy document is a 《title》 or "…10条措施". The left edge is found by walking back
over jieba tokens until a stop word (verbs such as 发放, function words such as 的/和),
punctuation or another entity. The word lists live in ``data/gazetteers/shapes.json``.
"""
from __future__ import annotations

import re

from kg.nlp.candidates import CJK, PUNCT, Candidate, TextView, clean

_QUOTED = re.compile(r"“([^“”\n]{1,20})”")
_BOOK = re.compile(r"《([^《》\n]{2,80})》")
_ALIAS = re.compile(r"^\s*[（(]\s*以下简称\s*《([^《》]{1,20})》")


class ShapeFinder:
    def __init__(self, shapes: dict):
        self.prog_suffixes = sorted(shapes["programme_suffixes"], key=len, reverse=True)
        self.quote_suffixes = sorted(shapes["programme_quote_suffixes"], key=len, reverse=True)
        self.quote_verbs = tuple(shapes["programme_quote_verbs"])
        self.target_suffixes = sorted(shapes["target_suffixes"], key=len, reverse=True)
        self.target_blocked = set(shapes["target_blocked"])
        self.org_suffixes = sorted(shapes["org_suffixes"], key=len, reverse=True)
        self.target_res = [re.compile(p) for p in shapes["target_regex"]]
        self.doc_res = [re.compile(p) for p in shapes["doc_regex"]]
        self.stop = set(shapes["boundary_words"])

    # -- the left edge -------------------------------------------------------------------
    def grow_left(self, view: TextView, end_token: int, blocked: set[int], max_chars: int = 12,
                  stop: set[str] | None = None, punct: set[str] = PUNCT) -> int:
        """Start offset of a name whose last token is `end_token`."""
        stop = self.stop if stop is None else stop
        start = view.tokens[end_token][0]
        i = end_token - 1
        while i >= 0:
            s, e = view.tokens[i]
            tok = view.text[s:e]
            if tok in stop or any(ch in punct for ch in tok) or not (CJK.search(tok) or tok in "“”") \
                    or any(k in blocked for k in range(s, e)) or view.tokens[end_token][1] - s > max_chars:
                break
            start = s
            i -= 1
        return start

    def _suffix_tokens(self, view: TextView, suffixes: list[str]):
        """(token index, suffix) for each token that ends with one of `suffixes`."""
        for i, (s, e) in enumerate(view.tokens):
            tok = view.text[s:e]
            for suf in suffixes:
                if tok.endswith(suf):
                    yield i, suf
                    break

    def _shaped(self, view, suffixes, label, blocked, min_len, blocklist=frozenset()):
        out = []
        for i, suf in self._suffix_tokens(view, suffixes):
            end = view.tokens[i][1]
            start = self.grow_left(view, i, blocked)
            name = view.text[start:end]
            if len(clean(name)) < min_len or len(name) - len(suf) < 2 or name in blocklist:
                continue
            out.append(Candidate(start, end, label, clean(name), source="shape"))
        return out

    # -- finders -------------------------------------------------------------------------
    def programmes(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        out = self._shaped(view, self.prog_suffixes, "PROGRAM", blocked, 4)
        text = view.text
        for m in _QUOTED.finditer(text):
            inner = m.group(1)
            if not CJK.search(inner) or any(ch in "，。；！？" for ch in inner):
                continue
            after = text[m.end():m.end() + 14]
            suf = next((s for s in self.quote_suffixes if after.startswith(s)), None)
            if suf:
                span = (m.start(), m.end() + len(suf))
                out.append(Candidate(*span, "PROGRAM", clean(text[span[0]:span[1]]), source="quote", prio=1))
            elif any(inner.endswith(s) for s in self.prog_suffixes) or \
                    text[max(0, m.start() - 3):m.start()].endswith(self.quote_verbs):
                out.append(Candidate(m.start(1), m.end(1), "PROGRAM", clean(inner), source="quote", prio=1))
        return out

    def targets(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        out = self._shaped(view, self.target_suffixes, "TARGET_GROUP", blocked, 3, self.target_blocked)
        for rx in self.target_res:
            for m in rx.finditer(view.text):
                out.append(Candidate(m.start(), m.end(), "TARGET_GROUP", clean(m.group()), source="shape", prio=1))
        return out

    def organisations(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        return self._shaped(view, self.org_suffixes, "ORG", blocked, 4)

    def documents(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        """《titles》 (with 以下简称《short》 aliases) and unbracketed "…N条措施" titles."""
        out = []
        text = view.text
        aliases: dict[str, str] = {}
        for m in _BOOK.finditer(text):
            title = clean(m.group(1))
            short = _ALIAS.match(text[m.end():m.end() + 20])
            if short:
                aliases[clean(short.group(1))] = title
        for m in _BOOK.finditer(text):
            title = clean(m.group(1))
            canonical = aliases.get(title, title)
            if title in aliases and text[max(0, m.start() - 6):m.start()].endswith(("简称", "简称：")):
                continue  # the alias definition itself
            out.append(Candidate(m.start(1), m.end(1), "POLICY_DOC", canonical, source="book", prio=2))
        doc_stop = {"了", "的", "和", "与", "及", "等", "出台", "印发", "发布", "制定", "发放", "向", "名义"}
        for rx in self.doc_res:
            for m in rx.finditer(text):
                end = m.end()
                digit = re.search(r"\d", m.group())
                # walk left from the token before "10条措施" (or the last token of "…倡议书")
                last = view.token_at(m.start() + digit.start()) - 1 if digit else view.token_at(end - 1)
                if last < 0:
                    continue
                start = self.grow_left(view, last, blocked, max_chars=30, stop=doc_stop,
                                       punct=PUNCT - {"“", "”"})
                start = max(start, m.start())
                name = text[start:end]
                if len(clean(name)) >= 6:
                    out.append(Candidate(start, end, "POLICY_DOC", clean(name), source="shape"))
        return out
