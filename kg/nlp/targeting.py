"""TARGETS: the groups a programme or document is for.

* a group in the programme's clause, or introduced by 为/对/向/面向/围绕 … (the programme before
  面向/针对, also in the clause before: P，重点面向A; else those after the group in the sentence);
* a group served by a clause of its own (为A提供岗位 / 对A逐户走访 / 优先安置A / 带动A就业 /
  让A…): the programme the sentence opens with;
* "A、B等…的，均可申请P", "A和B，均可参加P", "A，(…的，)按规定享受P", "P，A和B均可申请",
  "贷款对象为/覆盖…", "…等群体均可申请", "项目由…，优先吸纳A",
  "把A纳入贷款扶持范围": the programme named, or the one the sentence refers back to;
* a document: the groups its sentence names, or those of the sentence that reports on it
  (通知规定，…).
"""
from __future__ import annotations

import re

from kg.nlp.candidates import Candidate
from kg.nlp.evidence import ACTIONS, LIST_GAP, Relation, inside

_INTRO_RE = re.compile(r"(?:^|[^因作成认以])为|对|向|面向|针对|围绕|帮助|扶持|引导|鼓励|吸纳|招用|优先|重点|覆盖"
                       r"|惠及|保障|确保")
#: a clause that opens by saying whom (P，重点面向A、B，…): the programme of the clause before
_FACING_HEAD = re.compile(r"^\s*(?:并|还|也|同时)?(?:重点|主要|全部|统一)?(?:面向|针对|覆盖|惠及)")
#: verbs whose subject is the programme of the clause before (开发公益性岗位，优先安置A，…)
_PLACES = re.compile(r"^(?:优先|重点)?(?:安置|吸纳|带动|让)|安置$")
#: 把A纳入贷款扶持范围: A joins the people of the programme the noun names
_JOINS = re.compile(r"纳入([\u4e00-\u9fff]{2})(?:扶持|支持|补贴|帮扶|保障)?(?:范围|对象)")
#: a clause that serves its group by itself (为A提供就业服务): its programme is the subject
_SERVES = re.compile(r"^\s*(?:等[\u4e00-\u9fff]{0,2})?(?:免费|逐户|上门|集中|及时)?"
                     r"(?:提供|开展|举办|组织|搭建|推送|推荐|安排|走访|实行|帮扶)")
_ADVERBS = re.compile(r"[，,]?\s*(?:持续|继续|广泛|积极|深入|集中|将|并|还|也|同时)*")
_PURPOSE = re.compile(r"(?:提高|推动|促进|进一步|加快|落实|深入|做好|加强|应对|推进|巩固|确保|贯彻)")
_REPORTS = re.compile(r"^\s*(?:《[^》]{1,12}》|[^，。、\s]{0,6}?(?:通知|意见|方案|办法|措施|报告|规划|细则|条例|文件))"
                      r"\s*(?:还|也|并|同时)?(?:规定|指出|明确|提出|要求|强调|显示|称)")
_CONDITION = re.compile(r"的\s*$")
_MAY = re.compile(r"(?:可|可以|均可|即可|能)(?:按规定|按[^，。；]{1,12}?)?(?:报名)?(?:申请|申领|享受|领取|获得|参加)")
#: a clause that opens with "may apply" (A和B，均可参加…就业见习): the clause before names who
_MAY_NEXT = re.compile(r"[，,]\s*(?:均|都|也)?(?:可|可以)")
#: a clause after the group's that says it receives a programme (…，按规定享受P / 就可以申领P)
_RECEIVES = re.compile(r"\s*(?:(?:就|即|均|都|也|还|则)?(?:可|可以|即可|能)?(?:按规定|按[^，。；]{1,12}?)?"
                       r"(?:申请|申领|享受|领取|获得|参加)|由[^，。；]{0,10}?(?:开发|给予|发放|提供|安排))")
#: a sentence that opens by pointing back to a programme by its kind (项目由…, 该行动…, 这项政策…)
_BACK = re.compile(r"^\s*(?:该|这项|这些|此项|这一|上述|此类|这类)?(项目|行动|计划|政策|活动|工程|车间)")
#: a clause that gives its programme (…另给予50元生活费补助 / 再按规定享受P)
_GIVES = re.compile(r"给予|发放|享受|申领|领取|获得")
#: a clause that opens with a programme and its amount (P标准由…, P最高额度…)
_AMOUNT_OF = re.compile(r"\s*(?:[\u4e00-\u9fff“”]{2,20}?)(?:标准|额度|最高)")
#: the group's clause ends saying it may apply (A和B均可申请。)
_MAY_HERE = re.compile(r"\s*(?:等[\u4e00-\u9fff]{0,2})?(?:均|都|也|同样|亦)?(?:可|可以)(?:申请|申领|享受|参加|报名)\s*[。；]")
#: 重点面向A、B (in a sentence without a programme): who the programme spoken of is for
_FACING = re.compile(r"(?:重点|主要)?(?:面向|针对)")
#: what may stand between the groups of a list (A、B和自主创业的C)
_GROUP_GAP = re.compile(r"^[、和与及以及\s]*(?:[\u4e00-\u9fff]{0,6}的)?$")
_OBJECT = re.compile(r"^\s*[\u4e00-\u9fff]{0,6}?(?:对象|范围)(?:仍|也|均|主要|仍然)?(?:为|是|包括)")
_OBJECT_ANY = re.compile(r"([\u4e00-\u9fff]{2})对象(?:主要)?(?:为|是|包括|覆盖|扩大到|扩大至)")


def object_phrase(text: str, ents: list[Candidate], span: tuple[int, int]):
    """(programme, offset) for "贷款对象为/覆盖…" in a sentence: the last programme named up to
    150 characters before whose name ends with the noun before 对象 (贷款 → 创业担保贷款)."""
    m = _OBJECT_ANY.search(text, span[0], span[1])
    if m is None:
        return None
    before = [e for e in ents if e.label == "PROGRAM" and m.start() - 150 <= e.end <= m.start()]
    prog = last_ending_with(before, m.group(1))
    return (prog, m.end()) if prog is not None else None


def _with_coordinated(text: str, progs: list[Candidate]) -> list[Candidate]:
    """The last programme of `progs` and those listed right before it (A、B和C)."""
    out = progs[-1:]
    for p in reversed(progs[:-1]):
        if not LIST_GAP.match(text[p.end:out[-1].start]):
            break
        out.append(p)
    return out


def _facing_prior(text: str, prior: list[Candidate], clause: tuple[int, int]) -> list[Candidate]:
    """For a clause that opens with 面向A (P，重点面向A，…): P and those coordinated with it,
    unless a semicolon parts them or the next clause serves A itself (…；同时面向A，持续开展Q)."""
    prior = [a for a in prior if "；" not in text[a.end:clause[0]]]
    after = _ADVERBS.match(text, clause[1])
    if not prior or _SERVES.match(text, after.end()):
        return []
    return _with_coordinated(text, prior)


def _received(text: str, clauses, ci: tuple[int, int], progs: list[Candidate]) -> list[Candidate]:
    """The programme a later clause says the group of clause `ci` receives, past conditions
    (…的，): 参加转岗培训的分流职工，按规定享受职业培训补贴."""
    later = [c for c in clauses if c[0] >= ci[1]]
    for c in later:
        mine = [a for a in progs if inside(a, c)]
        if _RECEIVES.match(text, c[0]) and mine:
            return mine[:1]
        if not _CONDITION.search(text[c[0]:c[1]]):
            return []
    return []


def _clause_start(clauses, c: Candidate) -> int:
    return next((c0 for c0, c1 in clauses if c0 <= c.start < c1), c.start)


def _last_group_end(groups: list[Candidate], clause: tuple[int, int]) -> int:
    return max(x.end for x in groups if inside(x, clause))


def last_ending_with(progs: list[Candidate], noun: str) -> Candidate | None:
    """The last programme whose name ends with `noun` (贷款 → 创业担保贷款), if any."""
    named = [e for e in progs if noun and (e.canonical or "").endswith(noun)]
    return named[-1] if named else None


def referred_programme(text: str, ents: list[Candidate], sent: list[Candidate],
                        span: tuple[int, int]) -> Candidate | None:
    """The programme a sentence without one speaks of: the last one named shortly before,
    when the sentence says who it is for (贷款对象为…, …等群体均可申请)."""
    if any(e.label in ACTIONS for e in sent):
        return None
    body = text[span[0]:span[1]]
    back = _BACK.match(body)
    if not (_OBJECT.match(body) or _MAY.search(body) or _FACING.search(body) or _topic_list(text, sent, span)
            or (back and _INTRO_RE.search(body))):
        return None
    before = [e for e in ents if e.label == "PROGRAM" and span[0] - 150 <= e.end <= span[0]]
    if not before:
        return None
    if back:  # 项目由…统筹，优先吸纳A: the last programme named as one (以工代赈项目)
        named = [e for e in before if back.group(1) in text[e.start:e.end + len(back.group(1))]]
        return named[-1] if named else None
    head = _OBJECT.match(body)
    noun = re.sub(r"(?:对象|范围).*$", "", head.group().strip()) if head else ""
    named = last_ending_with(before, noun[-2:])
    if named is not None:  # 贷款对象为…: the last loan named before
        return named
    # otherwise the topic of the sentence before: its first programme (创业担保贷款…给予贴息。);
    # an interest subsidy is a feature of the loan named before it, not the topic
    prev_start = text.rfind("。", 0, max(0, before[-1].start)) + 1
    topic = next(e for e in before if e.start >= prev_start)
    if (topic.canonical or "").endswith("贴息"):
        return last_ending_with(before, "贷款") or topic
    return topic


def _topic_list(text: str, sent: list[Candidate], span: tuple[int, int]) -> bool:
    """Whether the sentence opens with a list of groups as its topic (城镇登记失业人员、返乡创业
    农民工和自主创业的高校毕业生，只要符合条件，…)."""
    groups = [e for e in sent if e.label == "TARGET_GROUP"]
    if not groups or text[span[0]:groups[0].start].strip():
        return False
    end = groups[0].end
    for g in groups[1:]:
        if not _GROUP_GAP.match(text[end:g.start]):
            break
        end = g.end
    return bool(re.match(r"\s*(?:等[\u4e00-\u9fff]{0,2})?[，,]", text[end:span[1]]))


def referred_doc(text: str, ents: list[Candidate], start: int) -> Candidate | None:
    """The last document named before `start` when the sentence there opens by reporting on
    it (通知规定 / 《意见》提出 / 方案要求 …), else None."""
    if not _REPORTS.match(text[start:start + 24]):
        return None
    before = [e for e in ents if e.label == "POLICY_DOC" and e.end <= start]
    return before[-1] if before else None


def targets(text, sent, clauses, span, referred=None, earlier=()):
    """`earlier`: the article's programmes, for a group that joins one named before."""
    out = []
    actions = [e for e in sent if e.label in ACTIONS]
    groups = [e for e in sent if e.label == "TARGET_GROUP"]
    for a in actions:  # a group named inside the programme or title
        out.extend(Relation("TARGETS", a, g, *span) for g in a.nested)
    docs = [a for a in actions if a.label == "POLICY_DOC"]
    if referred is not None and not docs:
        docs = [referred]  # 通知规定，A、B…可申请…: the document the sentence reports on
    for d in docs:  # a document is for the groups its sentence names
        out.extend(Relation("TARGETS", d, g, *span) for g in groups
                   if not (d.start <= g.start and g.end <= d.end))
    free = [a for a in actions if a.label == "PROGRAM"]
    for g in groups:
        ci = next((c for c in clauses if inside(g, c)), None)
        if ci is None:
            continue
        before = text[ci[0]:g.start]
        intro = _INTRO_RE.search(before)
        if intro and _PURPOSE.match(text, ci[0] + intro.end()):
            intro = None  # 为提高…: a purpose, not the people served
        introduced = intro is not None
        outside = [a for a in free if not (g.start >= a.start and g.end <= a.end)]
        in_clause = [a for a in outside if inside(a, ci)]
        if intro and intro.group() in ("对", "为") and any(a.start >= g.end for a in outside):
            # 对领取失业保险金期满的失业人员，发放失业补助金: a programme in the group's
            # own description is not the one it receives
            in_clause = [a for a in in_clause if not (
                ci[0] + intro.end() <= a.start and "的" in text[a.end:g.start])]
        subject = [a for a in in_clause if intro and a.end <= ci[0] + intro.start()]
        prior = [a for a in outside if span[0] <= a.start and a.end <= ci[0]]
        if subject and intro.group().endswith(("面向", "针对", "覆盖", "惠及")):
            chosen = subject[-1:]  # 职业培训券面向A、B: the programme before 面向
        elif in_clause:
            chosen = in_clause
        elif _FACING_HEAD.match(before) and (facing := _facing_prior(text, prior, ci)):
            chosen = facing  # “泉城就业”系列招聘活动，重点面向A、B和C，…
        elif prior and _PLACES.search(before.strip()):
            chosen = prior[-1:]  # 开发公益性岗位1万个，优先安置A，岗位补贴…: the posts' people
        elif introduced and prior and _SERVES.match(text[_last_group_end(groups, ci):ci[1]]):
            # 春风行动…，重点为A、B提供就业服务，通过劳务协作…: the subject's (and those
            # coordinated with it: 开展春风行动和就业援助月活动，…为A提供岗位)
            chosen = _with_coordinated(text, prior)
        elif (joined := _JOINS.search(text, g.end, ci[1])) is not None:
            # (…落实特别职业培训计划，把A一并纳入培训范围: else the sentence's programme before A)
            chosen = [p] if (p := last_ending_with(
                [a for a in earlier if g.start - 150 <= a.end <= g.start], joined.group(1))) else prior[-1:]
        elif introduced:  # 为/对/面向 A …，(给予/开展) P: the programmes after it in the sentence
            after = [a for a in outside if a.start >= g.end]
            chosen = after[:2] if after else [a for a in outside][-1:]
        elif _CONDITION.search(text[g.end:ci[1]]) or _MAY_NEXT.match(text, ci[1]):
            # A、B等人员自主创业的，均可申请P: the people a condition names may apply for P
            after = [a for a in outside if a.start >= ci[1]]
            chosen = after[:1] if _MAY.search(text[ci[1]:after[0].start] if after else "") else []
            nxt = next((c for c in clauses if c[0] >= ci[1]), None)
            if not chosen and _CONDITION.search(text[g.end:ci[1]]) and nxt is not None \
                    and _AMOUNT_OF.match(text, nxt[0]) and after and inside(after[0], nxt):
                chosen = after[:1]  # A…的，P标准由2000元提高至3000元: the condition's people get P
            if not chosen and not text[span[0]:ci[0]].strip():
                # A参加培训的，免收培训费用，另给予P1；…的，再按规定享受P2: the sentence's topic
                # receives what its later clauses give
                chosen = [a for a in after if _GIVES.search(text[_clause_start(clauses, a):a.start])][:3]
        elif not text[g.end:ci[1]].strip(" 等") and (got := _received(text, clauses, ci, outside)):
            chosen = got  # 参加转岗培训的分流职工，(今年取得证书的，)按规定享受P
        elif prior and _MAY_HERE.match(text, _last_group_end(groups, ci)) \
                and not any(a.start >= g.end for a in outside):
            chosen = _with_coordinated(text, prior)  # 继续推行P，A和B均可申请。
        else:
            chosen = []
        out.extend(Relation("TARGETS", a, g, *span) for a in chosen)
    return out
