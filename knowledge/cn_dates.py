"""Chinese date and time phrases (今天下午, 上周五, 3月5日, 下周三, 月底前, 3个工作日后) resolved against a reference time.

Past-leaning phrases (when a visit happened) and future-leaning ones (a follow-up) resolve ambiguous forms
differently: a bare 周三 or 3月5日 is the latest one not after today for a visit, the next one for a follow-up.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from knowledge.cn_numbers import small_number
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
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨早": -1,
    "今天": 0,
    "今日": 0,
    "今早": 0,
    "今晚": 0,
    "今儿": 0,
    "明天": 1,
    "明日": 1,
    "明早": 1,
    "后天": 2,
    "大后天": 3,
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
    "今晚": 19,
    "昨晚": 19,
    "明早": 9,
    "昨早": 9,
}
N = r"(?:\d+|[一二两三四五六七八九十]+)"

DATE_PATTERNS = [
    ("just_now", re.compile(r"刚才|刚刚|方才")),
    ("workdays", re.compile(rf"(?P<n>{N})个?工作日(?:后|以后|之后|内)")),
    ("days_after", re.compile(rf"(?P<n>{N})(?:天|日)(?:后|以后|之后)")),
    ("weeks_after", re.compile(rf"(?P<n>{N})(?:个)?(?:周|星期|礼拜)(?:后|以后|之后)")),
    ("months_after", re.compile(rf"(?P<n>{N})个月(?:后|以后|之后)")),
    ("days_ago", re.compile(rf"(?P<n>{N})(?:天|日)前")),
    (
        "month_day",
        re.compile(
            r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2}|[一二三四五六七八九十]+)月(?P<d>\d{1,2}|[一二三四五六七八九十]+)[日号]?"
        ),
    ),
    ("slash_date", re.compile(r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/])")),
    ("day_only", re.compile(r"(?<![月\d])(?P<d>[12]\d|3[01]|[1-9])号")),
    ("weekday", re.compile(r"(?P<rel>上上|上个?|这个?|本|下下|下个?)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7末])")),
    ("next_week", re.compile(r"(?P<rel>下下|下个?|这个?|本|上个?)(?:周|星期|礼拜)(?![一二三四五六日天1-7末])")),
    (
        "numbered_month_part",
        re.compile(r"(?P<m>1[0-2]|[1-9]|[一二三四五六七八九十]+)月(?P<part>初|中旬|中|底|末|下旬|上旬)"),
    ),
    (
        "month_part",
        re.compile(
            r"(?<![\d一二三四五六七八九十])(?P<rel>下个?|这个?|本|上个?)?月(?P<part>初|中旬|中|底|末|下旬|上旬)(?P<before>前|之前)?"
        ),
    ),
    ("next_month", re.compile(r"(?P<rel>下个?|上个?)月(?![初中底末下上\d])")),
    ("year_end", re.compile(r"(?P<rel>今|明|年)?年(?P<part>底|末|前|初)")),
    ("relative_day", re.compile("|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)))),
]
TIME = re.compile(
    rf"(?P<part>{'|'.join(PARTS_OF_DAY)})?(?P<h>\d{{1,2}}|[一二两三四五六七八九十]+)(?:点|:|:|时)"
    r"(?P<m>\d{1,2}|半|一刻|三刻)?分?"
)
PART_ONLY = re.compile("|".join(sorted(PARTS_OF_DAY, key=len, reverse=True)))


@dataclass(frozen=True)
class DateMention:
    day: date
    start: int
    end: int
    is_now: bool = False
    kind: str = ""


def find_dates(text: str, today: date, *, future: bool, calendar_: WorkCalendar) -> list[DateMention]:
    """Every date phrase in the text, resolved; overlapping matches keep the first (longest) pattern."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            day = _resolve(kind, match, today, future, calendar_)
            if day is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(day, match.start(), match.end(), is_now=kind == "just_now", kind=kind))
    return sorted(found, key=lambda m: m.start)


def find_time(text: str) -> tuple[time, int, int] | None:
    """A clock time (下午3点半, 10:30, 晚上七点) or a part of the day (下午 → 15:00)."""
    for match in TIME.finditer(text):
        hour = small_number(match.group("h"))
        if hour is None or hour > 24:
            continue
        minute_text = match.group("m") or ""
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(minute_text, small_number(minute_text) if minute_text else 0)
        part = match.group("part")
        if part in ("下午", "傍晚", "晚上", "今晚", "昨晚") and hour < 12:
            hour += 12
        if part == "中午" and hour < 6:
            hour += 12
        return time(hour % 24, minute or 0), match.start(), match.end()
    part_match = PART_ONLY.search(text)
    if part_match:
        return time(PARTS_OF_DAY[part_match.group(0)]), part_match.start(), part_match.end()
    return None


def _resolve(kind: str, m: re.Match[str], today: date, future: bool, cal: WorkCalendar) -> date | None:
    if kind == "just_now":
        return today
    if kind == "relative_day":
        return today + timedelta(days=RELATIVE_DAYS[m.group(0)])
    if kind in ("days_after", "weeks_after", "months_after", "days_ago", "workdays"):
        n = small_number(m.group("n"))
        if n is None:
            return None
        if kind == "days_after":
            return today + timedelta(days=n)
        if kind == "days_ago":
            return today - timedelta(days=n)
        if kind == "weeks_after":
            return today + timedelta(weeks=n)
        if kind == "months_after":
            return _add_months(today, n)
        return cal.add_workdays(today, n)
    if kind in ("month_day", "slash_date"):
        month, day = small_number(m.group("m")), small_number(m.group("d"))
        year = int(m.group("y")) if kind == "month_day" and m.group("y") else None
        return _month_day(today, month, day, year, future)
    if kind == "day_only":
        day_number = small_number(m.group("d"))
        return _month_day(today, today.month, day_number, None, future, roll_months=True)
    if kind == "weekday":
        return _weekday(today, m.group("rel") or "", WEEKDAYS[m.group("w")], future)
    if kind == "next_week":
        return _weekday(today, m.group("rel"), 0, future)
    if kind == "numbered_month_part":
        month = small_number(m.group("m"))
        if month is None or not 1 <= month <= 12:
            return None
        first = _month_day(today, month, 1, None, future)
        return None if first is None else _month_part(first, "", m.group("part"), False)
    if kind == "month_part":
        return _month_part(today, m.group("rel") or "", m.group("part"), bool(m.group("before")))
    if kind == "next_month":
        return _add_months(today.replace(day=1), 1 if m.group("rel").startswith("下") else -1)
    if kind == "year_end":
        part, rel = m.group("part"), m.group("rel") or ""
        year = today.year + (1 if rel == "明" else 0)
        if part == "初":
            return date(year + (1 if rel != "今" and future else 0), 1, 15)
        return date(year, 12, 31)
    return None


def _month_day(
    today: date, month: int | None, day: int | None, year: int | None, future: bool, roll_months: bool = False
) -> date | None:
    if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    try:
        candidate = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is not None:
        return candidate
    if roll_months:
        if future and candidate < today:
            return _safe_day(_add_months(today.replace(day=1), 1), day)
        if not future and candidate > today:
            return _safe_day(_add_months(today.replace(day=1), -1), day)
        return candidate
    if future and candidate < today:
        return _safe_day(date(today.year + 1, month, 1), day)
    if not future and candidate > today:
        return _safe_day(date(today.year - 1, month, 1), day)
    return candidate


def _weekday(today: date, rel: str, weekday: int, future: bool) -> date:
    monday = today - timedelta(days=today.weekday())
    offsets = {"上上": -2, "上": -1, "上个": -1, "这": 0, "这个": 0, "本": 0, "下": 1, "下个": 1, "下下": 2}
    if rel in offsets:
        return monday + timedelta(weeks=offsets[rel], days=weekday)
    this_week = monday + timedelta(days=weekday)
    if future:
        return this_week if this_week >= today else this_week + timedelta(weeks=1)
    return this_week if this_week <= today else this_week - timedelta(weeks=1)


def _month_part(today: date, rel: str, part: str, before: bool) -> date:
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


def at(day: date, clock: time | None, tz_now: datetime) -> datetime:
    """A local datetime for a day and optional clock time, in the reference time's zone."""
    return datetime.combine(day, clock or time(0), tz_now.tzinfo)
