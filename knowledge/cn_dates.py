"""Chinese (and a little English) date and time phrases resolved against a reference day: 今天下午, 上周五, 上上周三,
3月5日, 2026-01-29, 2026.1.29, 29号, 本月十日, 下个月5号, 下下周一, 月底前, 过两周, 3个工作日后, 明天上午, 今晨, next Monday.

Past-leaning phrases (when a visit happened) and future-leaning ones (a follow-up) resolve ambiguous forms
differently: a bare 周三, 3月5日 or 29号 is the latest one not after today for a visit, the next one for a follow-up.
An impossible date (2月30日) is reported as such, so that the caller can ask instead of guessing. Counts are
bounded (a follow-up ten years ahead is already a typo), so no phrase costs more than a few microseconds.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from knowledge.amounts import read_number
from knowledge.workcal import WorkCalendar

WEEKDAYS = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "末": 5,
    **{str(i + 1): i for i in range(7)},
}
EN_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "前儿": -2,
    "昨天": -1,
    "昨儿": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨夜": -1,
    "昨早": -1,
    "今天": 0,
    "今日": 0,
    "今早": 0,
    "今晨": 0,
    "今晚": 0,
    "今夜": 0,
    "今儿": 0,
    "明天": 1,
    "明儿": 1,
    "明日": 1,
    "明早": 1,
    "明晚": 1,
    "后天": 2,
    "后儿": 2,
    "大后天": 3,
    "大大后天": 4,
}
EN_RELATIVE_DAYS = {
    "day after tomorrow": 2,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "tmr": 1,
    "tmrw": 1,
    "tmw": 1,
}
PARTS_OF_DAY = {
    "凌晨": 5,
    "早上": 9,
    "早晨": 9,
    "上午": 10,
    "中午": 12,
    "午饭": 12,
    "下午": 15,
    "傍晚": 18,
    "晚上": 19,
    "今早": 9,
    "今晨": 9,
    "今晚": 19,
    "昨晚": 19,
    "明早": 9,
    "明晚": 19,
    "昨早": 9,
}
LIMITS = {"天": 3650, "周": 520, "月": 120, "工作日": 500}  # beyond these a count is a typo, not a date
N = r"(?:(?<!\d)\d{1,9}|[一二两三四五六七八九十百千]{1,6})"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
LUNAR_MONTH = r"(?:正|冬|腊)"  # 正月十五, 腊月二十三: months only the lunar calendar names (or any month after 农历)
LUNAR_DAY = r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_REL_WEEK = r"(?P<rel>上上个?|上个?|这个?|本|(?<!一)下下个?|下个?)"  # 沟通一下下周二: 一下, then 下周二
_AFTER = r"(?:后|以后|之后)"

DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "full_date",
        re.compile(r"(?<!\d)(?P<y>20\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})(?:日|号)?(?!\d)"),
    ),
    ("just_now", re.compile(r"刚才|刚刚|方才")),
    ("workdays", re.compile(rf"(?P<n>{N})\s*个?工作日(?:{_AFTER}|内)")),
    ("half_month", re.compile(rf"(?:再?过)?\s*半个月{_AFTER}?")),
    ("half_year", re.compile(rf"(?:再?过\s*半年{_AFTER}?|半年{_AFTER})")),
    ("span", re.compile(rf"(?:再?过)\s*(?P<n>{N}|几)\s*(?P<u>天|日|个?(?:周|星期|礼拜)|个月){_AFTER}?")),
    ("span", re.compile(rf"(?P<n>{N})\s*(?P<u>天|日|个?(?:周|星期|礼拜)|个月)(?:{_AFTER}|内)")),
    ("days_ago", re.compile(rf"(?<!月)(?<![\d一二三四五六七八九十])(?P<n>{N})\s*(?:天|日)(?:前|以前|之前)")),
    ("this_month_day", re.compile(rf"(?:本月|这个月|这月|当月)(?P<d>{DAY})(?:日|号)")),
    ("month_rel_day", re.compile(rf"(?P<rel>下个?|上个?)月(?P<d>{DAY})(?:日|号)")),
    ("lunar", re.compile(rf"(?:农历)?(?P<lm>{LUNAR_MONTH})月(?P<ld>{LUNAR_DAY})")),
    (
        "month_day",
        re.compile(
            rf"(?:(?P<y>20\d{{2}}|二[〇零○0]二[〇零○0一二三四五六七八九])年)?(?P<m>{MONTH}|元)月(?P<d>{DAY})(?:日|号)?"
        ),
    ),
    (
        "slash_date",
        re.compile(r"(?<![\d.])(?:(?P<y>20\d{2})/)?(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/])"),
    ),
    (
        "dot_date",
        re.compile(r"(?:(?<=^)|(?<=\s))(?P<m>1[0-2]|0?[1-9])\.(?P<d>3[01]|[12]\d|0?[1-9])(?=\s|$|[^\d.万亿元千百w])"),
    ),
    (
        "day_only",
        re.compile(
            rf"(?<![月\d作周期假生今昨明每当本次节平几第])(?P<d>{DAY})(?:号|日(?![前后]))"  # 15日前: 15 days ago
            r"(?![楼线仓店院门库窗柜台馆厂房厅位桌机车道口栋座室铺场园码])"  # 1号仓储, 3号楼, 8号线: a number, not a day
        ),
    ),
    (
        "festival",
        re.compile(
            # a festival's name alone, or inside a word only when a 节/前/后 follows: 宋国庆 is a person
            r"(?P<f>(?:(?<![\u4e00-\u9fa5])(?:元旦|五一|国庆|春节|过年|清明|端午|中秋)|(?:元旦|五一|国庆|春节|清明|端午|中秋)"
            r"(?=节|前|后|之前|之后|假|长假|期间|黄金周))节?|劳动节|(?<!双)十一(?=前|后|之前|之后|假期|长假|黄金周))"
            r"(?=(?P<side>之前|以前|前|之后|以后|后))?"
        ),
    ),
    ("quarter_part", re.compile(r"(?P<rel>下个?|这个?|本|上个?)?季度?(?P<part>末|底|初)")),
    # 下周 一 (dictated with spaces) as well as 下周一; a lone 一 only, so that 这周 一直 stays a week
    (
        "weekday",
        re.compile(
            rf"{_REL_WEEK}?(?:周|星期|礼拜)(?:(?P<w>[一二三四五六日天1-7末])|\s(?P<w2>[一二三四五六日天])(?![\u4e00-\u9fa5]))"
        ),
    ),
    ("week", re.compile(rf"{_REL_WEEK}(?:周|星期|礼拜)(?![一二三四五六日天1-7末])")),
    ("numbered_month_part", re.compile(rf"(?P<m>{MONTH})月(?P<part>初|中旬|中|底|末|下旬|上旬)")),
    (
        "month_part",
        re.compile(
            r"(?<![\d一二三四五六七八九十])(?P<rel>下个?|这个?|本|上个?)?月(?P<part>初|中旬|中|底|末|下旬|上旬)"
        ),
    ),
    ("month", re.compile(r"(?P<rel>下个?|上个?)月(?![初中底末下上\d份])")),
    ("year_part", re.compile(r"(?P<rel>今|明|去)?年(?P<part>底|末|初)")),
    ("relative_day", re.compile("|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)))),
    (
        "en_relative_day",
        re.compile(
            r"(?<![A-Za-z])(?:day after tomorrow|yesterday|today|tonight|this (?:morning|afternoon|evening)|tomorrow|tmrw|tmr|tmw)"
            r"(?![A-Za-z])",
            re.I,
        ),
    ),
    (
        "en_weekday",
        re.compile(
            r"(?<![A-Za-z])(?:(?P<rel>next|this|last)\s+(?P<w>mon|tue|wed|thu|fri|sat|sun)[a-z]*"
            r"|(?P<bare>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
            r"|(?<=\b(?:by|on) )(?P<short>mon|tue|wed|thu|fri|sat|sun))(?![A-Za-z])",
            re.I,
        ),
    ),
    ("en_week", re.compile(r"(?<![A-Za-z])(?P<rel>next|this|last)\s+(?:week|wk)(?![A-Za-z])", re.I)),
]
VAGUE_KINDS = frozenset({"week", "month", "year_part", "en_week", "span_vague"})
TIME = re.compile(
    rf"(?P<part>{'|'.join(PARTS_OF_DAY)})?(?P<h>\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})(?:点|:|:|时)"
    r"(?P<m>\d{1,2}|半|一刻|三刻)?分?"
)
_NOT_A_CLOCK = re.compile(
    r"一点(?!钟|整|左右|前|后|以前|以后|过|多|半|到|去|来|见|开|在|出发|碰|拜访|上门)|(?<=[有这那])[两三四五六七八九十]点(?!钟|整|半)"
)
PART_ONLY = re.compile("(?:" + "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True)) + ")(?!茶)")  # 下午茶 is a meal
PLAN_WORDS = re.compile(r"约了|约好|约在|要去|准备|打算|计划|将去|待会|等会|一会儿|回头")


@dataclass(frozen=True)
class DateMention:
    """A date phrase: `valid` is False for an impossible date (2月30日) or a count beyond reason (99999天后);
    `vague` for a week, month or year without a day (下周, 下个月, 年底)."""

    day: date
    start: int
    end: int
    is_now: bool = False
    kind: str = ""
    valid: bool = True
    vague: bool = False


def find_dates(text: str, today: date, *, future: bool, calendar_: WorkCalendar) -> list[DateMention]:
    """Every date phrase in the text, resolved; overlapping matches keep the first pattern's (longest forms first)."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = _resolve(kind, match, today, future, calendar_)
            if resolved is None:
                continue
            day, valid = resolved
            taken.append((match.start(), match.end()))
            vague = kind in VAGUE_KINDS or (kind == "span" and match.group("n") == "几")
            found.append(
                DateMention(day, match.start(), match.end(), kind == "just_now", kind, valid=valid, vague=vague)
            )
    return sorted(found, key=lambda m: m.start)


def find_time(text: str) -> tuple[time, int, int] | None:
    """A clock time (下午3点半, 10:30, 晚上七点) or a part of the day (下午 → 15:00)."""
    for match in TIME.finditer(text):
        hour = _count(match.group("h"))
        if hour is None or hour > 24:
            continue
        minute_text = match.group("m") or ""
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(minute_text, _count(minute_text) if minute_text else 0)
        part = match.group("part")
        if part is None and not minute_text and _NOT_A_CLOCK.match(text, match.start("h")):
            continue  # 降一点, 有两点要求: a little, two points; not one o'clock
        if part in ("下午", "傍晚", "晚上", "今晚", "昨晚", "明晚") and hour < 12:
            hour += 12
        if part == "中午" and hour < 6:
            hour += 12
        if part is None and 1 <= hour <= 6:
            hour += 12  # 三点去百川: a client is seen at three in the afternoon, not at night
        if minute is None or minute > 59:
            continue
        return time(hour % 24, minute), match.start(), match.end()
    part_match = PART_ONLY.search(text)
    if part_match:
        return time(PARTS_OF_DAY[part_match.group(0)]), part_match.start(), part_match.end()
    return None


def at(day: date, clock: time | None, tz_now: datetime) -> datetime:
    """A local datetime for a day and optional clock time, in the reference time's zone."""
    return datetime.combine(day, clock or time(0), tz_now.tzinfo)


# ---- resolving one match -------------------------------------------------------------------------------
Resolved = tuple[date, bool] | None


def _resolve(kind: str, m: re.Match[str], today: date, future: bool, cal: WorkCalendar) -> Resolved:
    if kind in ("just_now", "relative_day", "en_relative_day"):
        offset = 0 if kind == "just_now" else _relative(kind, m.group(0))
        return today + timedelta(days=offset), True
    if kind in ("workdays", "span", "days_ago"):
        return _count_from(kind, m, today, cal)
    if kind == "half_month":
        return today + timedelta(days=15), True
    if kind == "half_year":
        return _add_months(today, 6), True
    if kind == "lunar":
        return _lunar(today, m.group("lm"), m.group("ld"), future)
    if kind in ("full_date", "month_day", "slash_date", "dot_date"):
        year = _year(m.group("y")) if "y" in m.groupdict() and m.group("y") else None
        month = 1 if m.group("m") == "元" else _count(m.group("m"))
        return _month_day(today, month, _count(m.group("d")), year, future)
    if kind == "day_only":
        return _day_of_month(today, _count(m.group("d")), future)
    if kind == "this_month_day":
        return _checked(today.year, today.month, _count(m.group("d")))
    if kind == "month_rel_day":
        first = _add_months(today.replace(day=1), 1 if m.group("rel").startswith("下") else -1)
        return _checked(first.year, first.month, _count(m.group("d")))
    if kind in ("weekday", "en_weekday"):
        return _weekday_of(kind, m, today, future), True
    if kind == "festival":
        return _festival(m, today, future, cal)
    if kind == "quarter_part":
        return _quarter_part(today, m.group("rel") or "", m.group("part")), True
    if kind in ("week", "en_week"):
        rel = m.group("rel").lower()
        return _weekday(today, {"next": "下", "this": "本", "last": "上"}.get(rel, rel), 0, future), True
    return _month_or_year(kind, m, today, future)


FESTIVALS = {"元旦": "元旦", "元旦节": "元旦", "五一": "劳动节", "五一节": "劳动节", "劳动节": "劳动节", "国庆": "国庆节", "国庆节": "国庆节", "十一": "国庆节",
             "春节": "春节", "过年": "春节", "清明": "清明节", "清明节": "清明节", "端午": "端午节", "端午节": "端午节",
             "中秋": "中秋节", "中秋节": "中秋节"}  # fmt: skip


@cache
def _festival_day(name: str, year: int) -> date | None:
    """The first day of a public holiday in a year, lunar ones included, from the `holidays` package."""
    import holidays  # imported on first use: a festival in a message is rare

    days = holidays.China(years=year, language="zh_CN")
    return min((d for d, label in days.items() if str(label).startswith(name)), default=None)


def _festival(m: re.Match[str], today: date, future: bool, cal: WorkCalendar) -> Resolved:
    """五一前 (the day before), 元旦后 (the first working day after the holiday), 春节 (its day): this year's or the
    next (for a follow-up) or the last (for a visit)."""
    name, side = FESTIVALS[m.group("f")], m.group("side") or ""
    before, after = side.endswith("前"), side.endswith("后")
    for year in (today.year, today.year + 1) if future else (today.year, today.year - 1):
        day = _festival_day(name, year)
        if day is None:
            continue
        if before:
            day -= timedelta(days=1)
        elif after:
            day += timedelta(days=1)
            for _ in range(15):  # the holiday block, then the first working day
                if cal.is_workday(day):
                    break
                day += timedelta(days=1)
        if (future and day >= today) or (not future and day <= today):
            return day, True
    return None


def _quarter_part(today: date, rel: str, part: str) -> date:
    """季度末 the quarter's last day, 下季度初 the next quarter's first."""
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    if rel.startswith("下"):
        first = _add_months(first, 3)
    elif rel.startswith("上"):
        first = _add_months(first, -3)
    return first if part == "初" else _add_months(first, 3) - timedelta(days=1)


def _relative(kind: str, phrase: str) -> int:
    return EN_RELATIVE_DAYS[" ".join(phrase.lower().split())] if kind == "en_relative_day" else RELATIVE_DAYS[phrase]


def _count_from(kind: str, m: re.Match[str], today: date, cal: WorkCalendar) -> Resolved:
    """N天后, 过两周, N个月后, N个工作日后, N天前; a count beyond the limits is an invalid date, not a long loop."""
    if m.group("n") == "几":
        return today + timedelta(days=3), True  # 过几天: a vague few days
    n = _count(m.group("n"))
    unit = "工作日" if kind == "workdays" else _unit(m.group("u")) if kind == "span" else "天"
    if n is None or n > LIMITS[unit]:
        return today, False
    if kind == "days_ago":
        return today - timedelta(days=n), True
    if unit == "天":
        return today + timedelta(days=n), True
    if unit == "周":
        return today + timedelta(weeks=n), True
    if unit == "月":
        return _add_months(today, n), True
    return cal.add_workdays(today, n), True


def _unit(word: str) -> str:
    return "天" if word in ("天", "日") else "月" if word == "个月" else "周"


def _weekday_of(kind: str, m: re.Match[str], today: date, future: bool) -> date:
    if kind == "en_weekday":
        bare = m.group("bare") or m.group("short")
        if bare:  # Friday, by Fri: this week's or the next one, as the clause reads
            return _weekday(today, "", EN_WEEKDAYS[bare.lower()[:3]], future)
        rel = {"next": "下", "this": "本", "last": "上"}[m.group("rel").lower()]
        return _weekday(today, rel, EN_WEEKDAYS[m.group("w").lower()[:3]], future)
    return _weekday(today, m.group("rel") or "", WEEKDAYS[m.group("w") or m.group("w2")], future)


def _month_or_year(kind: str, m: re.Match[str], today: date, future: bool) -> Resolved:
    if kind == "numbered_month_part":
        month = _count(m.group("m"))
        if month is None or not 1 <= month <= 12:
            return None
        # the part's own day decides the year (6月底 on 14 June is this June's end either way), not the 1st
        this_year = _month_part(date(today.year, month, 1), "", m.group("part"))
        if future and this_year < today:
            return _month_part(date(today.year + 1, month, 1), "", m.group("part")), True
        if not future and this_year > today:
            return _month_part(date(today.year - 1, month, 1), "", m.group("part")), True
        return this_year, True
    if kind == "month_part":
        return _month_part(today, m.group("rel") or "", m.group("part")), True
    if kind == "month":
        return _add_months(today.replace(day=1), 1 if m.group("rel").startswith("下") else -1), True
    if kind == "year_part":
        part, rel = m.group("part"), m.group("rel") or ""
        year = today.year + {"明": 1, "去": -1}.get(rel, 0)
        if part == "初":
            return date(year + (1 if rel == "" and future else 0), 1, 15), True
        return date(year, 12, 31), True
    return None


def _count(text: str | None) -> int | None:
    if not text:
        return None
    value = read_number(text)
    return int(value) if value is not None and value == int(value) else None


def _checked(year: int, month: int, day: int | None) -> Resolved:
    """The date, or (today's month's first, False) when that day does not exist in that month."""
    if day is None or not 1 <= month <= 12:
        return None
    try:
        return date(year, month, day), True
    except ValueError:
        return date(year, month, 1), False


def _year(text: str) -> int | None:
    """2026, or 二〇二六 / 二零二六 written digit by digit (read like any other number)."""
    return _count(text.replace("○", "〇").replace("0", "〇")) if not text.isdigit() else int(text)


_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}


def _lunar(today: date, month_word: str, day_text: str, future: bool) -> Resolved:
    """正月十五, 腊月二十三: the lunar day in the nearest lunar year on the right side of today (the next one for a
    follow-up, the latest one for a visit), by the `lunardate` tables."""
    from lunardate import LunarDate  # imported on first use: a lunar date in a message is rare

    day = _count(day_text.replace("初", "").replace("廿", "二十"))
    if day is None or not 1 <= day <= 30:
        return None
    this_year = LunarDate.from_solar_date(today.year, today.month, today.day).year
    candidates = []
    for year in (this_year - 1, this_year, this_year + 1):
        for last in (day, 29) if day == 30 else (day,):  # 腊月三十 is New Year's Eve, the 29th in a short month
            try:
                candidates.append(LunarDate(year, _LUNAR_MONTHS[month_word], last).to_solar_date())
                break
            except ValueError:
                continue
    ahead = [d for d in candidates if d >= today]
    behind = [d for d in candidates if d <= today]
    chosen = (min(ahead) if ahead else None) if future else (max(behind) if behind else None)
    return (chosen, True) if chosen else None


def _month_day(today: date, month: int | None, day: int | None, year: int | None, future: bool) -> Resolved:
    if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    checked = _checked(year or today.year, month, day)
    if checked is None or not checked[1] or year is not None:
        return checked
    candidate = checked[0]
    if future and candidate < today:
        return _checked(today.year + 1, month, day)
    if not future and candidate > today:
        return _checked(today.year - 1, month, day)
    return checked


def _day_of_month(today: date, day: int | None, future: bool) -> Resolved:
    """29号: the latest 29th not after today for a visit, the next one from today on for a follow-up."""
    if day is None or not 1 <= day <= 31:
        return None
    first = today.replace(day=1)
    for step in range(13):  # the nearest month that has that day
        month = _add_months(first, step if future else -step)
        if day <= calendar.monthrange(month.year, month.month)[1]:
            candidate = month.replace(day=day)
            if (future and candidate >= today) or (not future and candidate <= today):
                return candidate, True
    return None


def _weekday(today: date, rel: str, weekday: int, future: bool) -> date:
    monday = today - timedelta(days=today.weekday())
    offsets = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1, "下下": 2}
    rel = rel.removesuffix("个")
    if rel in offsets:
        return monday + timedelta(weeks=offsets[rel], days=weekday)
    this_week = monday + timedelta(days=weekday)
    if future:
        return this_week if this_week >= today else this_week + timedelta(weeks=1)
    return this_week if this_week <= today else this_week - timedelta(weeks=1)


def _month_part(today: date, rel: str, part: str) -> date:
    base = today.replace(day=1)
    if rel.startswith("下"):
        base = _add_months(base, 1)
    elif rel.startswith("上"):
        base = _add_months(base, -1)
    last = calendar.monthrange(base.year, base.month)[1]
    day = {"初": 1, "上旬": 5, "中": 15, "中旬": 15, "下旬": 25, "底": last, "末": last}[part]
    return base.replace(day=day)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return _safe_day(date(year, month + 1, 1), day.day)


def _safe_day(first: date, day: int) -> date:
    last = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day, last))
