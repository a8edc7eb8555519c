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
_QUOTE_RUN = re.compile(r"(?:“[^“”\n，。；]{1,12}”\s*){2,}")
_COUNTED = re.compile(r"[两二三四五六七八九十]\s*[项大个](?:工程|行动|计划|活动|品牌|服务)")
_CREDENTIALS = ("证", "卡", "券")  # a 《…证》 is a certificate people hold, not a document
_ALIAS = re.compile(r"^\s*[（(]\s*以下简称\s*《([^《》]{1,20})》")
#: prepositions that never sit inside a name: a word jieba did not know that holds one (由市,
#: 费由) is where a name stops growing
_PREPOSITIONS = frozenset("由把将从被")


class ShapeFinder:
    def __init__(self, shapes: dict):
        self.prog_suffixes = sorted(shapes["programme_suffixes"], key=len, reverse=True)
        self.quote_suffixes = sorted(shapes["programme_quote_suffixes"], key=len, reverse=True)
        self.quote_verbs = tuple(shapes["programme_quote_verbs"])
        self.target_suffixes = sorted(shapes["target_suffixes"], key=len, reverse=True)
        self.target_blocked = set(shapes["target_blocked"])
        self.org_suffixes = sorted(shapes["org_suffixes"], key=len, reverse=True)
        self.org_res = [re.compile(p) for p in shapes["org_regex"]]
        self.target_res = [re.compile(p) for p in shapes["target_regex"]]
        self.doc_res = [re.compile(p) for p in shapes["doc_regex"]]
        self.stop = set(shapes["boundary_words"])
        self.long_stops = sorted((w for w in self.stop if len(w) >= 2), key=len, reverse=True)
        self.stop_tags = set(shapes["boundary_tags"])
        self.modifiers = set(shapes["name_modifiers"])
        self.state_verbs = set(shapes["state_verbs"])
        self.generic_prefixes = set(shapes["generic_prefixes"])
        self.verb_suffixes = set(shapes["verb_like_suffixes"])
        self.programme_tails = shapes["programme_tails"]
        self.recipients = sorted(shapes["programme_recipients"], key=len, reverse=True)
        self.prog_res = [re.compile(p) for p in shapes["programme_regex"]]
        self.group_leading_stops = tuple(shapes["group_leading_stops"])
        self.name_verbs = frozenset(shapes["programme_name_verbs"])

    # -- the left edge -------------------------------------------------------------------
    def grow_left(self, view: TextView, end_token: int, blocked: set[int], max_chars: int = 12,
                  stop: set[str] | None = None, punct: set[str] = PUNCT, verbs: int = 0,
                  tags: bool = True, modifiers_reach: bool = False) -> int:
        """Start offset of a name whose last token is `end_token`.

        Growth stops at a stop word (also one that ends a longer token: 大力开展), at
        punctuation, at another entity, at a token whose part of speech never starts a
        name (adverbs, numerals, pronouns, particles …) and, when `verbs` is set, at a verb
        followed by at least `verbs` characters of the name that does not describe people's
        state (走访|就业困难人员, 开发|乡村公益性岗位, but 返乡农民工, 务工人员 and
        职业技能提升行动 keep their verb: data ``state_verbs``).
        """
        stop = self.stop if stop is None else stop
        end = view.tokens[end_token][1]
        start = view.tokens[end_token][0]
        i = end_token - 1
        while i >= 0:
            s, e = view.tokens[i]
            tok = view.text[s:e]
            tag = "n" if tok in self.modifiers or not tags else view.tags[i]
            if tok in stop or any(ch in punct for ch in tok) or not (CJK.search(tok) or tok in "“”") \
                    or (view.tags[i] == "x" and any(ch in _PREPOSITIONS for ch in tok)) \
                    or any(k in blocked for k in range(s, e)) or end - s > max_chars \
                    or tag in self.stop_tags or (tags and self._ends_with_stop(tok, stop)) \
                    or (verbs and end - e >= verbs and self._is_action_verb(view, i)):
                if modifiers_reach and i > 0 and view.token_text(i - 1).endswith("性") \
                        and view.token_text(i - 1) in self.modifiers and view.tags[i][:1] == "v" \
                        and CJK.search(tok) and end - view.tokens[i - 1][0] <= max_chars \
                        and not any(k in blocked for k in range(view.tokens[i - 1][0], e)):
                    start = view.tokens[i - 1][0]  # 一次性|建设|补助: a modifier claims the word after it
                    i -= 2
                    continue
                if modifiers_reach and i > 0 and end - start <= 4 and view.tags[i] == "vn" and view.tags[i - 1] == "n" \
                        and tok in stop and view.token_text(i - 1) not in stop \
                        and end - view.tokens[i - 1][0] <= max_chars \
                        and not any(k in blocked for k in range(view.tokens[i - 1][0], e)):
                    start = view.tokens[i - 1][0]  # 家政|服务|专项培训: noun + verbal noun is one noun
                    i -= 2
                    continue
                break
            start = s
            i -= 1
        return start

    def _is_action_verb(self, view: TextView, i: int) -> bool:
        tok = view.token_text(i)
        tag = "n" if tok in self.modifiers else view.tags[i]
        return tag[:1] == "v" and tag != "vn" and tok not in self.state_verbs

    def _trim_leading_verbs(self, view: TextView, start: int, last: int, rest: int = 1,
                            keep: frozenset = frozenset()) -> int:
        """Drop verbs that begin a name (吸纳|脱贫人口, 推行|电子职业培训券) when at least `rest`
        characters of it follow, unless they describe the people's state (返乡农民工, 下岗职工:
        data ``state_verbs``)."""
        end = view.tokens[last][1]
        i = view.token_at(start)
        while i < last and view.tokens[i][0] >= start and self._is_action_verb(view, i) \
                and end - view.tokens[i][1] >= rest and view.token_text(i) not in keep:
            i += 1
        return max(start, view.tokens[i][0])

    def _with_native_place(self, view: TextView, start: int, blocked: set[int]) -> int:
        """甘肃籍|务工人员: take the region before 籍 (an entity already found) into the group."""
        text = view.text
        at = start - 1 if text[start - 1:start] == "籍" else start if text.startswith("籍", start) else -1
        if at < 1:
            return start
        j = self._with_place(text, at, blocked, max_chars=10)
        return j if j < at else start

    def _ends_with_stop(self, tok: str, stop: set[str]) -> bool:
        return len(tok) > 2 and any(tok.endswith(w) for w in self.long_stops if w in stop)

    def _strip_leading_stop(self, name: str) -> int:
        """Length of a stop word that begins `name` (发放|贷款), else 0."""
        return next((len(w) for w in self.long_stops if name.startswith(w) and len(name) > len(w)), 0)

    def _suffix_tokens(self, view: TextView, suffixes: list[str]):
        """(token index, suffix) for each token that ends with one of `suffixes`."""
        text = view.text
        for i, (s, e) in enumerate(view.tokens):
            tok = text[s:e]
            for suf in suffixes:
                # the suffix ends this token, or spans whole tokens up to here (专项|服务)
                if tok.endswith(suf) or (len(suf) > len(tok) and text.endswith(suf, 0, e)
                                         and view.is_boundary(e - len(suf))):
                    yield i, suf
                    break

    def _shaped(self, view, suffixes, label, blocked, min_len, blocklist=frozenset(), verbs=0,
                max_chars=12):
        out = []
        for i, suf in self._suffix_tokens(view, suffixes):
            end = view.tokens[i][1]
            start = self.grow_left(view, i, blocked, verbs=verbs, max_chars=max_chars,
                                   modifiers_reach=label == "PROGRAM")
            start += self._strip_leading_stop(view.text[start:end])
            start = self._trim_leading_verbs(view, start, i, verbs or 1)
            if label == "PROGRAM":  # (企业)|收到|返还资金, 开行|返岗专列 (but 吸纳就业补贴, 求职创业补贴)
                lead = self._payee(view.text[start:end])
                if lead and view.is_boundary(start + len(lead)):
                    start += len(lead)
                start = self._trim_leading_verbs(view, start, i, 4, keep=self.name_verbs)
                rest = view.text[start:end]
                lead = self._payee(rest, rest=0)
                first = view.token_text(view.token_at(start))
                if self._is_action_verb(view, view.token_at(start)) and first not in self.name_verbs \
                        and rest[len(first):] in suffixes or rest[len(lead):] in suffixes and lead:
                    continue  # 收到|补助, 实行|贷款, 个人|贷款: an action or a payee and a bare suffix
            tok = view.token_text(i)
            if len(tok) > len(suf) and (lead := self._strip_leading_stop(tok)):
                start = max(start, view.tokens[i][0] + lead)  # 发放贷款: the verb is not the name
            if suf in self.verb_suffixes and i + 1 < len(view.tokens) and view.tags[i + 1][:1] in "vm":
                continue  # 集团计划关闭…: 计划 is the verb "plans to"
            if label == "TARGET_GROUP":
                while end - start > 3 and (stop := next((w for w in self.group_leading_stops
                                                          if view.text.startswith(w, start)), None)):
                    start += len(stop)  # 对|外省务工人员, 累计转移就业|农村富余劳动力
                start = self._with_native_place(view, start, blocked)
            name = view.text[start:end]
            if name in suffixes or name[:-len(suf)] in self.generic_prefixes:
                continue  # a bare 专项行动 / 招聘会 / 省级基地 names nothing
            if len(clean(name)) < min_len or len(name) - len(suf) < 2 or name in blocklist:
                continue
            out.append(Candidate(start, end, label, clean(name), source="shape"))
        return out

    # -- finders -------------------------------------------------------------------------
    def programmes(self, view: TextView, blocked: set[int], known: list[Candidate] = ()) -> list[Candidate]:
        """Shaped names; a known programme takes a tail (就业见习|岗位) or heads a longer name
        (公共就业服务|进校园活动)."""
        out = []
        ends = {c.end: c for c in known}
        shaped = self._shaped(view, self.prog_suffixes, "PROGRAM", blocked, 4, max_chars=16, verbs=5)
        for c in [self._without_recipient(c) for c in shaped + self._patterned(view, blocked)]:
            head = ends.get(c.start)
            if head is not None and c.end - head.start <= 20:
                c = Candidate(head.start, c.end, "PROGRAM", clean(view.text[head.start:c.end]), source="shape")
            out.append(c)
        for c in list(known) + [p for p in out if p.source == "pattern"]:  # 就业见习|岗位, 在岗培训|补贴
            tail = next((t for t in self.programme_tails if view.text.startswith(t, c.end)), None)
            if tail:
                out.append(Candidate(c.start, c.end + len(tail), "PROGRAM", c.canonical + tail,
                                     source="shape", prio=1))
        text = view.text
        listed = self._quoted_lists(text, out)
        for m in _QUOTED.finditer(text):
            inner = m.group(1)
            if any(ch in "，。；！？" for ch in inner) or m.start() in listed:
                continue
            if not CJK.search(inner) and not any(text.startswith(s, m.end()) for s in self.quote_suffixes):
                continue  # “311”就业服务行动: a quoted number names a programme only with its suffix
            after = text[m.end():m.end() + 14]
            suf = next((s for s in self.quote_suffixes if after.startswith(s)), None)
            if suf is None:  # “冬暖陇原”就业服务专项行动: the name runs on to a programme suffix
                suf = self._quoted_tail(after)
            if suf:
                span = (m.start(), m.end() + len(suf))
                out.append(Candidate(*span, "PROGRAM", clean(text[span[0]:span[1]]), source="quote", prio=1))
            elif any(inner.endswith(s) for s in self.prog_suffixes) or \
                    text[max(0, m.start() - 3):m.start()].endswith(self.quote_verbs):
                out.append(Candidate(m.start(1), m.end(1), "PROGRAM", clean(inner), source="quote", prio=1))
        return out

    def _payee(self, name: str, rest: int = 4) -> str:
        """The payee word (data ``programme_recipients``) that begins `name` with at least
        `rest` characters after it, else ""."""
        return next((r for r in self.recipients if name.startswith(r) and len(name) - len(r) >= rest), "")

    def _without_recipient(self, c: Candidate) -> Candidate:
        """给予见习单位|就业见习补贴: who is paid does not begin the programme's name."""
        lead = self._payee(c.canonical)
        if not lead:
            return c
        return Candidate(c.start + len(lead), c.end, c.label, c.canonical[len(lead):], source=c.source, prio=c.prio)

    def _patterned(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        """Names found by a pattern (data ``programme_regex``): 在岗培训 as written; 订单式培训 and
        项目制培训 grow left from the token that holds 式/制 like any shaped name."""
        out = []
        for rx in self.prog_res:
            for m in rx.finditer(view.text):
                start = m.start()
                if rx.pattern.startswith("(?<="):
                    start = self.grow_left(view, view.token_at(m.start()), blocked, max_chars=10 + m.end() - m.start())
                    start += self._strip_leading_stop(view.text[start:m.end()])
                name = clean(view.text[start:m.end()])
                if len(name) >= 4 and not any(k in blocked for k in range(start, m.end())):
                    out.append(Candidate(start, m.end(), "PROGRAM", name, source="pattern"))
        return out

    def _quoted_lists(self, text: str, out: list[Candidate]) -> set[int]:
        """“粤菜师傅”“广东技工”“南粤家政”三项工程, “A”“B”等创业陪跑活动: each quoted name of a
        list that ends in a programme word is a programme, and so is a counted tail (三项工程).
        Returns the start offsets of the quotes handled here."""
        handled: set[int] = set()
        for run in _QUOTE_RUN.finditer(text):
            after = text[run.end():run.end() + 12]
            tail = _COUNTED.match(after)
            word = tail.group() if tail else next(
                (s for s in self.quote_suffixes if s in after[:10] and s not in ("培训", "职业培训")
                 and not any(ch in PUNCT for ch in after[:after.find(s)])), None)
            if word is None:
                continue
            for q in _QUOTED.finditer(run.group()):
                s0 = run.start() + q.start()
                handled.add(s0)
                out.append(Candidate(s0 + 1, run.start() + q.end() - 1, "PROGRAM", clean(q.group(1)),
                                     source="quote", prio=1))
            if tail:
                out.append(Candidate(run.end(), run.end() + len(tail.group()), "PROGRAM", tail.group(),
                                     source="quote", prio=1))
        return handled

    def _quoted_tail(self, after: str) -> str | None:
        """The words after a quoted name up to a programme suffix (就业服务专项行动), if they
        hold no punctuation or stop word and end within 10 characters."""
        best = None
        for suf in self.prog_suffixes + self.quote_suffixes:
            i = after.find(suf)
            if i < 0 or i + len(suf) > 10:
                continue
            head = after[:i + len(suf)]
            if any(ch in PUNCT or not CJK.match(ch) for ch in head) or any(w in after[:i] for w in "的和与及在对为等把将让向给使") \
                    or any(w in after[:i] for w in self.quote_verbs if len(w) > 1):
                continue  # “阳光工程”开展|实用技术培训: a verb between ends the name
            if best is None or len(head) < len(best):
                best = head
        return best

    def targets(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        out = self._shaped(view, self.target_suffixes, "TARGET_GROUP", blocked, 3, self.target_blocked,
                           verbs=1)
        for rx in self.target_res:
            for m in rx.finditer(view.text):
                out.append(Candidate(m.start(), m.end(), "TARGET_GROUP", clean(m.group()), source="shape", prio=1))
        return out

    def organisations(self, view: TextView, blocked: set[int]) -> list[Candidate]:
        """Companies, schools, platforms, media: a name ending like one (…公司, …职教城), with
        the place it is named after (鞍山|职教城, 西安|新闻网); and media before 讯/报道."""
        out = []
        for c in self._shaped(view, self.org_suffixes, "ORG", blocked, 3):
            start = self._with_place(view.text, c.start, blocked)
            if c.end - start >= 4:
                out.append(Candidate(start, c.end, "ORG", clean(view.text[start:c.end]), source="shape"))
        for i, suf in self._suffix_tokens(view, self.org_suffixes):
            # 长沙|银行, 阜阳|职业技术学院: the name is the place and the suffix alone
            s0 = view.tokens[i][1] - len(suf)
            start = self._with_place(view.text, s0, blocked)
            if start < s0 and len(suf) >= 2 and view.is_boundary(s0) and s0 - start >= 2:
                out.append(Candidate(start, view.tokens[i][1], "ORG", clean(view.text[start:view.tokens[i][1]]),
                                     source="shape"))
        for rx in self.org_res:
            for m in rx.finditer(view.text):
                start = self._with_place(view.text, m.start(1), blocked)
                if m.end(1) - start >= 4:
                    out.append(Candidate(start, m.end(1), "ORG", clean(view.text[start:m.end(1)]),
                                         source="shape", prio=1))
        return out

    @staticmethod
    def _with_place(text: str, start: int, blocked: set[int], max_chars: int = 6) -> int:
        """Move `start` left over an entity (a place name) that ends right there."""
        j = start
        while j > 0 and (j - 1) in blocked and start - j < max_chars and CJK.match(text[j - 1]):
            j -= 1
        return j

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
            label = "PROGRAM" if title.endswith(_CREDENTIALS) else "POLICY_DOC"  # 《再就业优惠证》
            out.append(Candidate(m.start(1), m.end(1), label, canonical, source="book", prio=2))
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
                                       punct=PUNCT - {"“", "”"}, tags=False)
                start = max(start, m.start())
                start = self._trim_leading_verbs(view, start, view.token_at(end - 1))
                while start < end and text[start] in "和与及、":
                    start += 1
                year = re.search(r"(?:19|20)\d{2}\s*$", text[max(0, start - 6):start]) if text[start:start + 1] == "年" else None
                if year:  # 2021 年促进…十条措施: the year belongs to the title
                    start -= len(year.group())
                name = text[start:end]
                if len(clean(name)) >= 6:
                    out.append(Candidate(start, end, "POLICY_DOC", clean(name), source="shape"))
        return out
