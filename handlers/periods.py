"""Period words of the list commands (/team, /visits): 今天, 本周, 上周, 本月, 上月, 11月."""

from __future__ import annotations

import calendar as monthcal
import re
from datetime import date, timedelta

MONTH = re.compile(r"^(\d{1,2})月$")


def period(word: str, today: date) -> tuple[date, date, str] | None:
    """(first day, last day, label) for 今天/本周/上周/本月/上月/11月; None when the word is not a period."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    if word in ("", "今天", "今日"):
        return today, today, "今天"
    if word == "本周":
        return monday, today, "本周"
    if word == "上周":
        return monday - timedelta(days=7), monday - timedelta(days=1), "上周"
    if word == "本月":
        return first_of_month, today, "本月"
    if word == "上月":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last, "上月"
    if match := MONTH.match(word):
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return None
        year = today.year if month <= today.month else today.year - 1
        last = date(year, month, monthcal.monthrange(year, month)[1])
        return date(year, month, 1), min(last, today), f"{month}月"
    return None
