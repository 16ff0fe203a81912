"""Period words of the list commands (/team, /visits): 今天, 昨天, 本周, 上周, 本月, 上月, 11月, 本季度, 上季度,
本年, 去年, one day (11月28日) or a range of days (11月1日-11月15日, 2026-11-01~2026-11-30)."""

from __future__ import annotations

import calendar as monthcal
import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.cn_dates import find_dates
from knowledge.workcal import WorkCalendar

MONTH = re.compile(r"^(\d{1,2})月(?:份)?$")
RANGE_GAP = re.compile(r"^\s*(?:-|－|—|~|～|至|到)\s*$")
MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Period:
    """The days asked about; `running` while today is inside it (a pace is only shown for such a period)."""

    first: date
    last: date
    label: str
    running: bool


def period(word: str, today: date, calendar: WorkCalendar | None = None) -> Period | None:
    """The period a word names, or None when it names none; a range needs the calendar to read its dates."""
    span = _named(word.strip(), today) or (_dates(word.strip(), today, calendar) if calendar else None)
    if span is None:
        return None
    first, last, label = span
    return Period(first, last, label, first <= today <= last)


def _named(word: str, today: date) -> tuple[date, date, str] | None:
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    named: dict[str, tuple[date, date, str]] = {
        "": (today, today, "今天"),
        "今天": (today, today, "今天"),
        "今日": (today, today, "今天"),
        "昨天": (today - timedelta(days=1), today - timedelta(days=1), "昨天"),
        "昨日": (today - timedelta(days=1), today - timedelta(days=1), "昨天"),
        "本周": (monday, _end_of_week(monday), "本周"),
        "上周": (monday - timedelta(days=7), monday - timedelta(days=1), "上周"),
        "本月": (first_of_month, _end_of_month(first_of_month), "本月"),
        "上月": ((first_of_month - timedelta(days=1)).replace(day=1), first_of_month - timedelta(days=1), "上月"),
        "本季度": (quarter, _end_of_month(_add_months(quarter, 2)), "本季度"),
        "上季度": (_add_months(quarter, -3), quarter - timedelta(days=1), "上季度"),
        "本年": (date(today.year, 1, 1), date(today.year, 12, 31), "本年"),
        "今年": (date(today.year, 1, 1), date(today.year, 12, 31), "本年"),
        "去年": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), "去年"),
    }
    for alias, name in (("这周", "本周"), ("上个月", "上月"), ("这个月", "本月"), ("这个季度", "本季度")):
        named[alias] = named[name]
    if word in named:
        return named[word]
    if match := MONTH.match(word):
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return None
        year = today.year if month <= today.month else today.year - 1
        first = date(year, month, 1)
        return first, _end_of_month(first), f"{month}月"
    return None


def _dates(word: str, today: date, calendar: WorkCalendar) -> tuple[date, date, str] | None:
    """One day or two days joined by a dash, 至 or 到 that make up the whole word, first not after last."""
    found = [m for m in find_dates(word, today, future=False, calendar_=calendar) if m.valid and not m.vague]
    if not found or found[0].start != 0 or found[-1].end != len(word) or len(found) > 2:
        return None
    if len(found) == 2 and not RANGE_GAP.match(word[found[0].end : found[1].start]):
        return None
    first, last = found[0].day, found[-1].day
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        return None
    return first, last, word


def _end_of_week(monday: date) -> date:
    return monday + timedelta(days=6)


def _end_of_month(day: date) -> date:
    return date(day.year, day.month, monthcal.monthrange(day.year, day.month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
