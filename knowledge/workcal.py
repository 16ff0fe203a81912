"""The Chinese working calendar: public holidays and 调休 make-up workdays, for years published and not yet published.

Where a day's answer comes from, first match wins:
1. the admin's override file (a single day moved by the bank itself);
2. an imported State Council arrangement (`kehu calendar import`): for its year, the listed holidays are off, the
   listed make-up days are on, every other day follows the week;
3. the maintained `chinese_calendar` data, for the years it has been released with;
4. the statutory rules (`holidays`' China calendar: 元旦, 春节 on the lunar calendar, 清明 by the solar term, 劳动节,
   端午, 中秋, 国庆, moved off weekends as the rules say), with make-up days unknown: weekends stay off. Such a
   year is *estimated* until its arrangement is imported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from threading import Lock

import chinese_calendar
import holidays
import yaml

log = logging.getLogger(__name__)
WEEK = timedelta(days=7)


class WorkCalendar:
    """One per process (bootstrap builds it); `arrange` replaces the imported years when another process imported
    one, so every instance reads the same calendar."""

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, arranged: Mapping[date, bool] | None = None
    ) -> None:
        self.overrides = dict(overrides or {})
        self._lock = Lock()
        self._arranged: dict[date, bool] = {}
        self._arranged_years: frozenset[int] = frozenset()
        self._statutory: dict[int, frozenset[date]] = {}
        self._weeks: dict[date, int] = {}
        self.arrange(arranged or {})

    # ---- sources -------------------------------------------------------------------------------------------
    def arrange(self, days: Mapping[date, bool], years: Iterable[int] = ()) -> None:
        """The imported arrangements: their days, and the years they settle (by default the years of their days; a
        notice may list a make-up day of the year before without settling that year)."""
        with self._lock:
            self._arranged = dict(days)
            self._arranged_years = frozenset(years) or frozenset(d.year for d in days)
            self._weeks = {}

    @property
    def arranged_years(self) -> frozenset[int]:
        return self._arranged_years

    def published(self, year: int) -> bool:
        """Whether the year's make-up days are known: imported, or in the released calendar data."""
        return year in self._arranged_years or _released(year)

    # ---- answers -------------------------------------------------------------------------------------------
    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day in self._arranged:
            return self._arranged[day]
        if day.year in self._arranged_years:
            return day.weekday() < 5
        if _released(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5 and day not in self._statutory_days(day.year)

    def is_holiday(self, day: date) -> bool:
        """A day off that is not a weekend: a public holiday or its observed day."""
        return day.weekday() < 5 and not self.is_workday(day)

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 1), a week at a time where the whole week fits."""
        current = day
        while count > 0 and current.weekday() != 6:
            current += timedelta(days=1)
            count -= self.is_workday(current)
        while count > 0 and (in_week := self._workdays_in_week(current + timedelta(days=1))) < count:
            count -= in_week
            current += WEEK
        while count > 0:
            current += timedelta(days=1)
            count -= self.is_workday(current)
        return current

    def _workdays_in_week(self, monday: date) -> int:
        known = self._weeks.get(monday)
        if known is None:
            known = sum(self.is_workday(monday + timedelta(days=i)) for i in range(7))
            self._weeks[monday] = known
        return known

    def _statutory_days(self, year: int) -> frozenset[date]:
        known = self._statutory.get(year)
        if known is None:
            known = frozenset(holidays.China(years=year))
            self._statutory[year] = known
            log.warning("no holiday arrangement for %s: statutory holidays by rule, make-up days unknown", year)
        return known


def _released(year: int) -> bool:
    """Years `chinese_calendar`'s installed release covers (its data ends with the last announced year)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class CalendarFileError(ValueError):
    """An override file that cannot be read; the message says what is wrong in it."""


def load_overrides(path: Path) -> dict[date, bool]:
    """`workdays: [2027-02-07, …]` and `holidays: [2027-02-10, …]` from an admin-maintained YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, ValueError) as exc:  # YAML reads 2027-13-01 as a date and fails with ValueError
        raise CalendarFileError(f"无法读取 (unreadable): {exc}") from None
    return overrides_from(data)


def overrides_from(data: object) -> dict[date, bool]:
    """The days of a `workdays:`/`holidays:` mapping; CalendarFileError says what is wrong."""
    if not isinstance(data, dict):
        raise CalendarFileError("应包含 workdays: 与 holidays: 两个日期列表 (expected workdays: and holidays: lists)")
    try:
        overrides = {date.fromisoformat(str(d)): True for d in data.get("workdays") or ()}
        overrides.update({date.fromisoformat(str(d)): False for d in data.get("holidays") or ()})
    except ValueError as exc:
        raise CalendarFileError(f"日期应为 YYYY-MM-DD (dates must be YYYY-MM-DD): {exc}") from None
    return overrides
