"""Holiday arrangements imported by admins, shared by every instance through the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Arrangement:
    """Every imported day and the years the imports settle."""

    days: dict[date, bool]
    years: frozenset[int]


def import_year(uow: UnitOfWork, year: int, days: Mapping[date, bool], now: datetime) -> None:
    uow.calendar.replace_year(year, days, now)


def arrangement(uow: UnitOfWork) -> Arrangement:
    rows = uow.calendar.all_days()
    return Arrangement({day: workday for day, workday, _ in rows}, frozenset(year for _, _, year in rows))
