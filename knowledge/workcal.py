"""The Chinese working calendar: public holidays and 调休 make-up workdays, with a fallback for unknown years."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import yaml

log = logging.getLogger(__name__)


class WorkCalendar:
    """Working days from the maintained `chinese_calendar` data; an override file wins; years the package does
    not know fall back to Monday–Friday (with one warning per year), never to an error."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._warned: set[int] = set()

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year not in self._warned:
                self._warned.add(day.year)
                log.warning("no holiday data for %s: using weekends plus the override file", day.year)
            return day.weekday() < 5

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 1)."""
        current = day
        while count > 0:
            current += timedelta(days=1)
            count -= self.is_workday(current)
        return current


class CalendarFileError(ValueError):
    """An override file that cannot be read; the message says what is wrong in it."""


def load_overrides(path: Path) -> dict[date, bool]:
    """`workdays: [2027-02-07, …]` and `holidays: [2027-02-10, …]` from an admin-maintained YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, ValueError) as exc:  # YAML reads 2027-13-01 as a date and fails with ValueError
        raise CalendarFileError(f"无法读取 (unreadable): {exc}") from None
    if not isinstance(data, dict):
        raise CalendarFileError("应包含 workdays: 与 holidays: 两个日期列表 (expected workdays: and holidays: lists)")
    try:
        overrides = {date.fromisoformat(str(d)): True for d in data.get("workdays") or ()}
        overrides.update({date.fromisoformat(str(d)): False for d in data.get("holidays") or ()})
    except ValueError as exc:
        raise CalendarFileError(f"日期应为 YYYY-MM-DD (dates must be YYYY-MM-DD): {exc}") from None
    return overrides
