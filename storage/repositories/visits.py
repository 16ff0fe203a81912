"""Visits, counted and listed per author, and the supervisors' spot checks of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Customer, SpotCheck, Visit

_OPEN = Visit.withdrawn_at.is_(None)


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, visit: Visit) -> Visit:
        self.session.add(visit)
        self.session.flush()
        return visit

    def get_with_customer(self, visit_id: int) -> tuple[Visit, Customer] | None:
        stmt = (
            select(Visit, Customer).join(Customer, Customer.id == Visit.customer_id).where(Visit.id == visit_id, _OPEN)
        )
        row = self.session.execute(stmt).first()
        return (row[0], row[1]) if row is not None else None

    def get_own(self, staff_id: int, visit_id: int) -> Visit | None:
        return self.session.scalar(select(Visit).where(Visit.id == visit_id, Visit.staff_id == staff_id))

    def between(
        self,
        staff_ids: Sequence[int],
        start: datetime,
        end: datetime,
        customer_id: int | None = None,
        limit: int | None = 50,
        newest_first: bool = True,
    ) -> Sequence[tuple[Visit, Customer]]:
        """Open visits of these authors in [start, end), with their customer."""
        stmt = (
            select(Visit, Customer)
            .join(Customer, Visit.customer_id == Customer.id)
            .where(Visit.staff_id.in_(staff_ids), Visit.occurred_at >= start, Visit.occurred_at < end, _OPEN)
            .order_by(Visit.occurred_at.desc() if newest_first else Visit.occurred_at)
        )
        if customer_id is not None:
            stmt = stmt.where(Visit.customer_id == customer_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def latest_created(self, staff_id: int) -> Visit | None:
        stmt = (
            select(Visit)
            .where(Visit.staff_id == staff_id, _OPEN)
            .order_by(Visit.created_at.desc(), Visit.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def count(self, staff_id: int, start: datetime, end: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(Visit)
            .where(Visit.staff_id == staff_id, Visit.occurred_at >= start, Visit.occurred_at < end, _OPEN)
        )
        return self.session.scalar(stmt) or 0

    def counts(self, staff_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, tuple[int, int]]:
        """(visits, distinct customers) per author in [start, end), in one grouped query."""
        stmt = (
            select(Visit.staff_id, func.count(), func.count(func.distinct(Visit.customer_id)))
            .where(Visit.staff_id.in_(staff_ids), Visit.occurred_at >= start, Visit.occurred_at < end, _OPEN)
            .group_by(Visit.staff_id)
        )
        return {int(row[0]): (int(row[1]), int(row[2])) for row in self.session.execute(stmt).all()}


class SpotCheckRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, supervisor_id: int, visit_id: int) -> SpotCheck | None:
        stmt = select(SpotCheck).where(SpotCheck.supervisor_id == supervisor_id, SpotCheck.visit_id == visit_id)
        return self.session.scalar(stmt)

    def add(self, check: SpotCheck) -> None:
        self.session.add(check)

    def tallies(self, staff_ids: Sequence[int], since: datetime, until: datetime) -> dict[int, dict[str | None, int]]:
        """Checks made in [since, until) on these authors' visits, per author and result (None: not yet checked)."""
        stmt = (
            select(Visit.staff_id, SpotCheck.result, func.count())
            .join(Visit, SpotCheck.visit_id == Visit.id)
            .where(Visit.staff_id.in_(staff_ids), SpotCheck.at >= since, SpotCheck.at < until)
            .group_by(Visit.staff_id, SpotCheck.result)
        )
        found: dict[int, dict[str | None, int]] = {}
        for staff_id, result, count in self.session.execute(stmt).all():
            found.setdefault(int(staff_id), {})[result] = int(count)
        return found

    def pending_for(self, supervisor_id: int) -> int:
        stmt = select(func.count()).where(SpotCheck.supervisor_id == supervisor_id, SpotCheck.result.is_(None))
        return int(self.session.scalar(stmt) or 0)
