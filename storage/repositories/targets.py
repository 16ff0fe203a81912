"""Targets per manager and period, and the results that count towards them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.enums import PeriodKind
from storage.models import ResultEntry, Target


class TargetRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_staff(self, staff_ids: Sequence[int], period: PeriodKind, start: date) -> Sequence[Target]:
        stmt = select(Target).where(
            Target.staff_id.in_(staff_ids), Target.period == period, Target.period_start == start
        )
        return self.session.scalars(stmt.order_by(Target.id)).all()

    def upsert(
        self, staff_id: int, metric: str, period: PeriodKind, start: date, amount: Decimal, by: int, now: datetime
    ) -> None:
        stmt = select(Target).where(
            Target.staff_id == staff_id, Target.metric == metric, Target.period == period, Target.period_start == start
        )
        row = self.session.scalar(stmt)
        if row is None:
            self.session.add(
                Target(
                    staff_id=staff_id,
                    metric=metric,
                    period=period,
                    period_start=start,
                    amount=amount,
                    created_by_id=by,
                    created_at=now,
                )
            )
        else:
            row.amount, row.created_by_id = amount, by

    def metric_defined(self, metric: str) -> bool:
        return self.session.scalar(select(Target.id).where(Target.metric == metric).limit(1)) is not None

    def add_result(self, entry: ResultEntry) -> None:
        self.session.add(entry)

    def delete_imported(self, staff_id: int, metric: str, day: date) -> None:
        self.session.execute(
            delete(ResultEntry).where(
                ResultEntry.staff_id == staff_id,
                ResultEntry.metric == metric,
                ResultEntry.day == day,
                ResultEntry.source == "import",
            )
        )

    def result_sums(
        self, staff_ids: Sequence[int], first: date, last: date
    ) -> Sequence[tuple[int, str, date, str, Decimal]]:
        """(staff, metric, day, source, summed amount) for every result in [first, last]."""
        stmt = (
            select(
                ResultEntry.staff_id,
                ResultEntry.metric,
                ResultEntry.day,
                ResultEntry.source,
                func.sum(ResultEntry.amount),
            )
            .where(ResultEntry.staff_id.in_(staff_ids), ResultEntry.day >= first, ResultEntry.day <= last)
            .group_by(ResultEntry.staff_id, ResultEntry.metric, ResultEntry.day, ResultEntry.source)
        )
        return [(row[0], row[1], row[2], row[3], Decimal(row[4] or 0)) for row in self.session.execute(stmt).all()]
