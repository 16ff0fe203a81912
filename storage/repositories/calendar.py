"""Imported holiday arrangements."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import CalendarDay


class CalendarRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def replace_year(self, year: int, days: Mapping[date, bool], now: datetime) -> None:
        """The year's arrangement, replacing an earlier import of it (a corrected notice)."""
        self.session.execute(delete(CalendarDay).where((CalendarDay.year == year) | CalendarDay.day.in_(list(days))))
        self.session.add_all(
            CalendarDay(day=day, workday=workday, year=year, imported_at=now) for day, workday in days.items()
        )
        self.session.flush()

    def all_days(self) -> list[tuple[date, bool, int]]:
        rows = self.session.execute(select(CalendarDay.day, CalendarDay.workday, CalendarDay.year))
        return [(day, workday, year) for day, workday, year in rows]
