"""A visit message read clause by clause, and the days it names: the visit's own date (the latest past date of a
clause reporting a contact), a visit still to come (a plan), and the follow-up (the nearest date ahead with a
step to take). Amounts are masked first, so that 一点二个亿 is never one o'clock."""

from __future__ import annotations

import calendar as calendar_module
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from knowledge.cn_dates import PARTS_OF_DAY, PLAN_WORDS, DateMention, at, find_dates, find_time
from knowledge.visit_words import (
    CHANNEL_CUES,
    COME,
    DATE_WORDS,
    DONE,
    EVENT,
    INTENT,
    PAST_MARK,
    REPORTED,
    without_products,
)
from knowledge.workcal import WorkCalendar

PARTS = "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True))


_AGAIN = re.compile(r"再|(?<![电话上门微信])回访|跟进(?!了)|继续|复访|回头|回电话|回个电话|回复")
_FOLLOW_UP_CUE = re.compile(
    r"跟进|回访|再联系|再约|再去|再拜访|复访|再沟通|再谈|再聊|再跟|再电话|再打|再过去|再见面|再碰|再找|再说|联系他|联系她|"
    r"提醒|去签|签约|上门签|follow.?up|(?<![a-z])fu(?![a-z])|call back|next (?:call|meeting|visit)",
    re.I,
)
_VAGUE_ACTION = re.compile(
    r"再|回访|跟进|联系|拜访|上门|去|见|约|碰|找|发过去|发给|发他|发她|送过去|送去|交上|报上|给方案|给材料|给消息|给答复|给个|"
    r"回复|答复|来行|来办|来签|来取|来开|来存|来做|签|带|上会|报价|报审|出方案|送来|follow|(?<![a-z])fu(?![a-z])",
    re.I,
)


_CONTACT_NOW = re.compile(
    "|".join(cue.pattern for channel, cue in CHANNEL_CUES if channel in ("电话", "微信")) + "|通了|打了|发了", re.I
)


_DEADLINE_AFTER = re.compile(r"^\s*(?:之前|以前|前)")
_ARRIVED = re.compile(r"来行|来访|上门|到行|来网点|来我行|来支行")  # undated before the first date: today's contact


_NEXT_STEP = re.compile(
    r"再|(?<![电话上门微信])回访|(?<!电话)跟进|复访|去取|去送|去签|去拿|去一趟|过去|来办|来取|来签|来开|来存|来拿|送表|送资料|交材料|"
    r"来谈(?![过了])|来聊(?![过了])|面签|要开|取材料|给材料|答复|回复|给方案|出方案|出审批|出额度|出结果|给报价|报价|签约|签协议|签合同|放款|上会|装机|首发|开始|到账|"
    r"要去|要来|要办|要签|要交|准备|打算|计划|预计|将会|会去|会来|明年|下个?月|下周|回头|提醒|安排|叫人|约好|约了|发我|给我(?![打发送回]了)|发来|发他|"
    r"给他(?![打发送回]了)|发过去|送过去|送来|送过来|拿来|带来|寄来|报材料|报上去|报审|报批|提交|交标书|盖章|带报表|带材料|带方案|给名单|follow|next (?:call|meeting|visit)"
    r"|\b(?:will|shall|going to|plan(?:s|ning)? to|by)\b|\w'll\b",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    past: tuple[DateMention, ...]
    ahead: tuple[DateMention, ...]
    event: bool
    again: bool


@dataclass
class VisitDates:
    when: datetime
    has_time: bool
    planned: bool
    visit_clause: int | None
    follow_up: date | None = None
    follow_up_text: str | None = None
    follow_up_clause: int | None = None
    problem: str | None = None
    vague: str | None = None
    wanted: bool = False
    follow_clauses: list[int] = field(default_factory=list)


def mask_amounts(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Amount spans blanked out, so that 一点二个亿 is never one o'clock and 3kw never a date."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


def clause_text(clean: str, clause: Clause) -> str:
    return clean[clause.start : clause.start + len(clause.text)].strip()


def unmasked(clean: str, masked: str, text: str | None) -> str | None:
    if text is None:
        return None
    index = masked.find(text)
    return clean[index : index + len(text)] if index >= 0 else text


def split_clauses(masked: str, today: date, calendar: WorkCalendar) -> list[Clause]:
    """The message split at punctuation and at spaces between words, each clause with its dates read once; a piece
    that is only a date (12月15日, 昨晚十点) belongs to the piece after it."""
    pieces: list[tuple[str, int]] = []
    leans_past = _leans_past(masked)
    for match in _CLAUSE.finditer(masked):
        parts = [(p.group(0), match.start() + p.start()) for p in _PIECE.finditer(match.group(0))]
        parts = [(t, i) for t, i in parts if t.strip("# ")]
        pieces += _attach_dates(parts, today, calendar)
    return [
        _clause(text, start, today, calendar, leans_past or _outcome_follows(text, pieces[i + 1 :]))
        for i, (text, start) in enumerate(pieces)
    ]


_CLAUSE = re.compile(
    r"(?:[^,,。;;!!::\n→/|｜]|(?<=\d)/(?=\d)|(?<=\d):(?=\d\d))+"
)  # 钱总/上门 → …; 2027/6/11, 14:30 stay
_PIECE = re.compile(r"\S+(?:\s+(?=[^\u4e00-\u9fa5\d#\s])\S+)*")


def _leans_past(masked: str) -> bool:
    """A message with no next step and no intent anywhere reads its bare dates as past (a log: 12月1日 韦总 银承)."""
    plain = without_products(masked)
    return not (_NEXT_STEP.search(plain) or INTENT.search(plain) or _AGAIN.search(plain))


def _outcome_follows(text: str, rest: Sequence[tuple[str, int]]) -> bool:
    """周四晚上跟恒盛物流老板吃饭 代发的事定了: a dated clause without intent, followed by an undated outcome in the
    past tense, tells what happened on that day."""
    if not rest:
        return False
    # 28号 上门: a visit word reads either way; 去 or 约 says a plan
    going = INTENT.search(_VISIT_WORDS.sub("", text))
    for piece, _ in rest[:3]:  # 28号 上门 金海湾酒楼 谈了收单: the outcome may come after the customer's name
        after = without_products(piece)
        if DATE_WORDS.search(after) or _NEXT_STEP.search(after):
            return False
        if _OUTCOME.search(after) or _DID_THERE.search(after) or (PAST_MARK.search(after) and not going):
            return True  # …and 3号 去恒源纸业 续签代发 顺利 or 周一 去 鸿达汽修厂 装了 POS: what came of it or what
            # was done there says it happened, 去 or not
    return False


# how it went: 顺利, 黄了
_OUTCOME = re.compile(r"顺利|搞定|谈妥|谈成|拿下|落地|黄了|没谈成|成功|(?<![A-Za-z])OK(?![A-Za-z])", re.I)


_DID_THERE = re.compile(
    r"(?<![没未])(?:装|签|办|开|存|送|谈|聊|吃|交)(?:好)?了(?![吗的])"
)  # 装了 POS: done on that day
_VISIT_WORDS = re.compile(r"上门拜访|上门|拜访|走访")


def _attach_dates(parts: list[tuple[str, int]], today: date, calendar: WorkCalendar) -> list[tuple[str, int]]:
    joined: list[tuple[str, int]] = []
    carry: tuple[str, int] | None = None
    for text, start in parts:
        if carry is not None:
            text, start = f"{carry[0]} {text}", carry[1]
            carry = None
        if _only_date(text, today, calendar):
            carry = (text, start)
            continue
        joined.append((text, start))
    if carry is not None:
        joined.append(carry)
    return joined


def _only_date(text: str, today: date, calendar: WorkCalendar) -> bool:
    rest = text
    for mention in find_dates(text, today, future=False, calendar_=calendar):
        rest = rest.replace(text[mention.start : mention.end], " ")
    rest = re.sub(rf"{PARTS}|[\d一二两三四五六七八九十]+(?:点|:|时)(?:\d+|半|一刻|三刻)?分?|\s", "", rest)
    return rest == "" and rest != text


def _clause(text: str, start: int, today: date, calendar: WorkCalendar, default_past: bool) -> Clause:
    past, ahead = _read_dates(text, today, calendar, default_past)
    return Clause(text, start, past, ahead, bool(EVENT.search(text)), bool(_AGAIN.search(text)))


def _read_dates(
    text: str, today: date, calendar: WorkCalendar, default_past: bool
) -> tuple[tuple[DateMention, ...], tuple[DateMention, ...]]:
    """Each date phrase of a clause as past or ahead: 昨天 and 明天 say which themselves; a bare 周三, 29号 or 3月5日
    is ahead in a clause naming a next step (去取, 再, 准备, 明年 …) or before 前 (周五前), past in a clause that
    reports a contact (拜访了, 见了, 电话, or any past tense), and otherwise as the message leans."""
    backward = {(d.start, d.end): d for d in _first_of_alternatives(text, today, False, calendar)}
    forward = {(d.start, d.end): d for d in _first_of_alternatives(text, today, True, calendar)}
    plain = without_products(text)
    next_step = bool(_NEXT_STEP.search(plain) or _BANK_STEP.search(text))  # 周五放款: 放款 is also a product word
    reported = (bool(DONE.search(plain)) or bool(PAST_MARK.search(plain))) and not _AGAIN.search(text)
    past: list[DateMention] = []
    ahead: list[DateMention] = []
    for span in sorted(set(backward) | set(forward)):
        back, fore = backward.get(span), forward.get(span)
        deadline = bool(_DEADLINE_AFTER.match(text[span[1] :])) or bool(_PROMISED.search(text[: span[0]]))
        deadline = deadline or bool(_MOVED.search(text[: span[0]]))  # 推迟到25号: a day put off to is ahead
        deadline = deadline or (bool(_STEP_AFTER.match(text[span[1] :])) and not reported)  # 方案周五给
        if back is not None and fore is not None and back.day != fore.day:
            forward_reading = next_step or deadline or not (reported or default_past)
            far = abs((fore.day - today).days) > _FAR or abs((back.day - today).days) > _FAR
            past_tense = bool(PAST_MARK.search(plain))
            if far and deadline and not past_tense:  # 元旦前签 in May: a day to act by is ahead, however far
                forward_reading = True
            elif far and next_step == past_tense:  # the tense says nothing: the nearer one (3月10日 on 1 March)
                forward_reading = (fore.day - today) < (today - back.day)
            elif far:  # 十一前去签合同 in December is next October's; 3月10日拜访了 in December is last March's
                forward_reading = next_step
            (ahead if forward_reading else past).append(fore if forward_reading else back)
        elif (mention := back or fore) is not None:
            due_today = mention.day == today and (next_step or deadline) and mention.kind not in _NOW_KINDS
            (past if mention.day <= today and not due_today else ahead).append(mention)
    return tuple(past), tuple(ahead)


def _first_of_alternatives(text: str, today: date, future: bool, calendar: WorkCalendar) -> list[DateMention]:
    """The clause's dates, each day once: of two given as alternatives, a range, or a day and its weekday, only the
    first (周二 in 下周一或周二 is not this week's Tuesday, 礼拜六 in 前天礼拜六 not next Saturday)."""
    found = find_dates(text, today, future=future, calendar_=calendar)
    return [m for i, m in enumerate(found) if not (i and _same_day_again(text, found[i - 1], m))]


def _same_day_again(text: str, before: DateMention, mention: DateMention) -> bool:
    """Another way of giving the day just given: an alternative or a range's end (下周一或周二, 3号到5号), or the
    weekday that names it (前天礼拜六, 昨天(周日))."""
    gap = text[before.end : mention.start]
    return bool(_ALTERNATIVE.fullmatch(gap)) or (
        mention.kind == "weekday" and before.kind in _DAY_KINDS and _APPOSITION.fullmatch(gap) is not None
    )


_ALTERNATIVE = re.compile(r"\s*(?:或者?|或是|、|/|到|至|~|-|—)\s*")
_APPOSITION = re.compile(r"[\s((,,]*")
_DAY_KINDS = ("relative_day", "full_date", "month_day", "slash_date", "dot_date", "day_only")
_PROMISED = re.compile(
    r"(?:(?:说|答应|表示|承诺|保证)(?:了)?(?:他|她|我|他们)?|[让叫要]我)\s*$"
)  # 我说周一帮她查: a day said ahead
_BANK_STEP = re.compile(r"放款|提款|上会|审批|批复")
_STEP_AFTER = re.compile(
    r"^\s*(?:给|交|签|发|送|报|出|回|定|提交|上报|过来|确认)(?![了过])"
)  # 名单周五给, 合同周四签: a bare day right before a step, in a clause that reports nothing done, is ahead
_NOW_KINDS = ("relative_day", "just_now", "en_relative_day")
_FAR = 183  # days: a date without a year is the nearer one when the other reading is half a year away


def visit_dates(clauses: Sequence[Clause], masked: str, now: datetime) -> VisitDates:
    """The visit's date (the latest past date of a clause reporting a contact, else the message's own past date),
    or the planned one (the first contact clause has only a date ahead), and the first follow-up date."""
    today = now.date()
    problem = next((masked[d.start : d.end] for c in clauses for d in c.past + c.ahead if not d.valid), None)
    candidates = [(i, d) for i, c in enumerate(clauses) for d in c.past if d.valid and not d.vague]
    eventful = [(i, d) for i, d in candidates if clauses[i].event] or candidates
    earlier = next((i for i, c in enumerate(clauses) if c.event and not c.past and not c.ahead), None)
    step_later = earlier is not None and all(_coming_today(clauses[i], d, now) and i > earlier for i, d in eventful)
    result: VisitDates
    rough = [(i, d) for i, c in enumerate(clauses) for d in c.past if d.valid and d.vague and c.event]
    moved = _plan(clauses, today) if _moved_to(clauses) else None  # 今天下午的会改到明天了: put off, not held
    if moved is not None:
        result = _at_clause(clauses[moved[0]], moved[0], moved[1], now, planned=True)
    elif eventful and step_later:
        result = _today(clauses, earlier, now)  # 一大早…电话 … 今天下午去面谈: the call is the contact, today
    elif eventful:
        index, mention = max(eventful, key=lambda pair: (pair[1].day, -pair[0]))
        result = _at_clause(clauses[index], index, mention, now, planned=False, message=masked)
    elif rough and rough[0][1].day < today:
        index, mention = rough[0]
        result = VisitDates(at(_guess(mention, today), None, now), False, False, index)
        result.vague = masked[mention.start : mention.end]
    elif (plan := _plan(clauses, today)) is not None:
        result = _at_clause(clauses[plan[0]], plan[0], plan[1], now, planned=True)
    else:
        events = [i for i, c in enumerate(clauses) if c.event]
        reporting = next((i for i in events if not clauses[i].ahead), events[0] if events else None)
        result = _today(clauses, reporting, now)
    result.problem = problem
    _find_follow_up(clauses, result, now)
    return result


def _coming_today(clause: Clause, mention: DateMention, now: datetime) -> bool:
    """今天下午去面谈 said in the morning: today, at an hour still to come, someone will go or come."""
    clock = find_time(clause.text)
    plain = without_products(clause.text)
    if mention.day != now.date() or clock is None or at(now.date(), clock[0], now) <= now or PAST_MARK.search(plain):
        return False
    return bool(INTENT.search(plain) or COME.search(plain))


def _guess(mention: DateMention, today: date) -> date:
    """A day for 上周 or 上个月: the same weekday or day of that week or month (to be confirmed)."""
    if mention.kind == "week":
        return mention.day + timedelta(days=today.weekday())
    if mention.kind == "month":
        last = calendar_module.monthrange(mention.day.year, mention.day.month)[1]
        return mention.day.replace(day=min(today.day, last))
    return mention.day


def _plan(clauses: Sequence[Clause], today: date) -> tuple[int, DateMention] | None:
    """A visit still to come: the message's first date is a day ahead, in a clause (or right before the clause)
    that says the manager or the customer will go or come (去, 拜访, 约了, 来开户), and nothing says a contact
    happened now: no past tense, no channel word (微信, 电话), no reported words (说, 想要)."""
    moved = _moved_to(clauses)
    first = moved or next(
        ((i, d) for i, c in enumerate(clauses) for d in sorted(c.past + c.ahead, key=lambda m: m.start)), None
    )
    if first is None or first[1].day <= today or first[1].vague or not first[1].valid:
        return None
    index = first[0]
    end = next((i for i in range(index + 1, len(clauses)) if clauses[i].past or clauses[i].ahead), len(clauses))
    own = clauses[index : max(end, index + 2)]  # 下周一上午九点 泰和物业 杜经理 来开户: the date's clauses
    if moved is None and not any(INTENT.search(c.text) and (not c.again or _PLANNING.search(c.text)) for c in own):
        return None  # 下周三再去 is the step after today's contact; 准备下周三去回访 is a visit planned
    if any(REPORTED.search(c.text) or _CONTACT_NOW.search(c.text) for c in clauses):
        return None
    if moved is not None:
        own = [c for c in own if c is not clauses[index]]  # 改到明天了: the 了 is the change, not a contact
    if any(PAST_MARK.search(without_products(c.text)) for c in own):
        return None
    if any(
        (DONE.search(plain) or PAST_MARK.search(plain) or _ARRIVED.search(plain)) and not _CALLED_OFF.search(plain)
        for plain in (without_products(c.text) for c in clauses[:index])
    ):
        return None  # 上午在网点见了卢志刚 … 下周二来签合同: the contact happened, the date is the next step
    return first


def _moved_to(clauses: Sequence[Clause]) -> tuple[int, DateMention] | None:
    """The new day of a meeting put off (改到下周三, 推到明天): the visit is planned for that day."""
    for i, clause in enumerate(clauses):
        for mention in clause.ahead:
            if (
                _MOVED.search(clause.text[: mention.start])
                and not _MOVED.search(clause.text[mention.end :])
                and not _THEIR_STEP_MOVED.search(clause.text[: mention.start])
            ):
                return i, mention
    return None


_MOVED = re.compile(r"(?:改到|改成|改在|改为|推到|推迟到|延到|延期到|挪到|换到)\s*$")
# 代发推迟到25号: the customer's or the bank's step was put off, not the meeting
_THEIR_STEP_MOVED = re.compile(r"(?:代发|发工资|发薪|放款|到账|还款|付款|上会|开标)\S{0,6}$")
_CALLED_OFF = re.compile(r"[去来]不了|[去来]不成|取消|临时有事")


_PLANNING = re.compile(r"准备|打算|计划|预计|安排")


def _at_clause(
    clause: Clause, index: int, mention: DateMention, now: datetime, *, planned: bool, message: str = ""
) -> VisitDates:
    clock = find_time(clause.text)
    if mention.is_now:
        return VisitDates(now, True, False, index)
    when = at(mention.day, clock[0] if clock else None, now)
    later_today = clock is not None and mention.day == now.date() and _still_to_come(clause.text, when, now, message)
    return VisitDates(when, clock is not None, planned or later_today, index)  # 今天下午三点要去美联科技 at nine


def _still_to_come(text: str, when: datetime, now: datetime, message: str) -> bool:
    """A contact later today that the clause says someone will make (去, 约了, 准备, 来行), when nothing in the
    message says it was made (见了, 签了), what came of it (同意, 说) or a step after it (周四再电话)."""
    plain, whole = without_products(text), without_products(message)
    going = PLAN_WORDS.search(text) or INTENT.search(plain) or COME.search(plain)
    done = PAST_MARK.search(whole) or DONE.search(plain) or REPORTED.search(whole) or _AGAIN.search(whole)
    return when > now and bool(going) and not done


def _today(clauses: Sequence[Clause], index: int | None, now: datetime) -> VisitDates:
    """A contact without a date: today, at the clock time it names (a later hour with 约了/准备, or with 去 and no
    past tense, is a plan)."""
    for i in [index] if index is not None else range(len(clauses)):
        if clauses[i].ahead:
            continue  # 明天上午给他回电话: the time belongs to the follow-up, not to this contact
        clock = find_time(clauses[i].text)
        if clock is not None:
            when = at(now.date(), clock[0], now)
            planned = _still_to_come(clauses[i].text, when, now, " ".join(c.text for c in clauses))
            return VisitDates(when, True, planned, index)  # 下午两点去博雅教育
    return VisitDates(now, False, False, index)


_REST = re.compile(r"(?:放假|休息|过节|不上班|休假|调休|放假了|休息了)")


def _only_rest(clause: Clause) -> bool:
    """A clause that only says a day is off (明天放假, 周六休息)."""
    rest = clause.text
    for mention in clause.ahead:
        rest = rest.replace(clause.text[mention.start : mention.end], "")
    return bool(clause.ahead) and bool(_REST.fullmatch(rest.strip(" 也都就要又")))


def _find_follow_up(clauses: Sequence[Clause], result: VisitDates, now: datetime) -> None:
    """The nearest date ahead (a day before a vague 下周 or 下个月, which counts only with an action of the
    manager's; on the same day, the clause that says 跟进 or 回访 names it); a deadline falling today counts when
    the clause says so (月底前回访 on the 30th), and so does a step later today after an earlier contact (昨晚微信说
    …, 今天下午去办); a follow-up word without a date asks for one."""
    today = now.date()
    found: list[tuple[bool, date, bool, int, int, DateMention]] = []
    for i, clause in enumerate(clauses):
        if (later := _later_today(clause, i, result, now)) is not None:
            result.follow_clauses.append(i)
            found.append((False, today, False, i, later.start, later))
            continue
        if i == result.visit_clause and result.planned:
            continue
        if _only_rest(clause) or _CALLED_OFF.search(clause.text):
            continue  # 明天放假, 明天去不了: a day off or a meeting called off, not a step to take
        action = bool(_VAGUE_ACTION.search(clause.text))
        due = [
            d
            for d in clause.ahead
            if d.valid
            and (d.day > today or d.kind not in ("relative_day", "just_now"))
            and (not d.vague or action or _due_step(clause.text, d))
        ]
        if due:
            result.follow_clauses.append(i)
            cue = not _FOLLOW_UP_CUE.search(clause.text)
            found += [(d.vague, d.day, cue, i, d.start, d) for d in due]
        elif _FOLLOW_UP_CUE.search(clause.text) and i != result.visit_clause:
            result.wanted = True
            result.follow_clauses.append(i)
            result.follow_up_text = result.follow_up_text or clause.text
    if found:
        *_, index, _, mention = min(found, key=lambda row: row[:5])
        result.follow_up, result.follow_up_text, result.follow_up_clause = mention.day, clauses[index].text, index


def _later_today(clause: Clause, index: int, result: VisitDates, now: datetime) -> DateMention | None:
    """今天下午去面谈 after a contact reported earlier (一大早…电话): a later clause coming today (see _coming_today)."""
    if result.planned or result.visit_clause is None or index <= result.visit_clause or result.when > now:
        return None
    mention = next((d for d in clause.past + clause.ahead if d.day == now.date() and not d.is_now), None)
    return mention if mention is not None and _coming_today(clause, mention, now) else None


def _due_step(text: str, mention: DateMention) -> bool:
    """年底前上会: a rough date with a deadline's 前 and the bank's own step is a day to act by."""
    return bool(_DEADLINE_AFTER.match(text[mention.end :]) and _BANK_STEP.search(text))
