"""Leave, push settings and the delivery ledger of scheduled pushes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Delivery, Leave, PushSettings


class PushRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_leave(self, leave: Leave) -> None:
        self.session.add(leave)

    def on_leave(self, staff_id: int, day: date) -> bool:
        stmt = select(Leave.id).where(Leave.staff_id == staff_id, Leave.first_day <= day, Leave.last_day >= day)
        return self.session.scalar(stmt.limit(1)) is not None

    def leave_from(self, staff_id: int, day: date) -> Sequence[Leave]:
        """Leave not yet over on `day`, earliest first."""
        stmt = select(Leave).where(Leave.staff_id == staff_id, Leave.last_day >= day).order_by(Leave.first_day)
        return self.session.scalars(stmt).all()

    def own_leave(self, staff_id: int, leave_id: int) -> Leave | None:
        return self.session.scalar(select(Leave).where(Leave.id == leave_id, Leave.staff_id == staff_id))

    def remove_leave(self, leave: Leave) -> None:
        self.session.delete(leave)

    def settings_for(self, staff_id: int | None, unit_id: int | None) -> PushSettings | None:
        stmt = select(PushSettings).where(
            PushSettings.staff_id.is_(None) if staff_id is None else PushSettings.staff_id == staff_id,
            PushSettings.unit_id.is_(None) if unit_id is None else PushSettings.unit_id == unit_id,
        )
        return self.session.scalar(stmt)

    def all_settings(self) -> Sequence[PushSettings]:
        return self.session.scalars(select(PushSettings)).all()

    def add_settings(self, row: PushSettings) -> PushSettings:
        self.session.add(row)
        self.session.flush()
        return row

    def claim(self, staff_id: int, kind: str, day: date, now: datetime) -> Delivery | None:
        """Inserts the delivery row in its own savepoint; None when another process or run already has it."""
        row = Delivery(staff_id=staff_id, kind=kind, local_day=day, status="claimed", claimed_at=now)
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            return None
        return row

    def delivered_on(self, days: Sequence[date]) -> set[tuple[int, str, date]]:
        stmt = select(Delivery.staff_id, Delivery.kind, Delivery.local_day).where(Delivery.local_day.in_(days))
        return {(row[0], row[1], row[2]) for row in self.session.execute(stmt).all()}

    def reclaim_abandoned(self, staff_id: int, kind: str, day: date, older_than: datetime, now: datetime) -> bool:
        """A claim whose sender died before finishing is taken over, by exactly one caller."""
        stmt = (
            update(Delivery)
            .where(Delivery.staff_id == staff_id, Delivery.kind == kind, Delivery.local_day == day)
            .where(Delivery.status == "claimed", Delivery.claimed_at < older_than)
            .values(claimed_at=now)
        )
        return bool(getattr(self.session.execute(stmt), "rowcount", 0))

    def close_sending(self, older_than: datetime, now: datetime) -> int:
        stmt = (
            update(Delivery)
            .where(Delivery.status == "sending", Delivery.claimed_at < older_than)
            .values(status="failed", reason="interrupted", finished_at=now)
        )
        return int(getattr(self.session.execute(stmt), "rowcount", 0) or 0)

    def abandoned(self, older_than: datetime) -> set[tuple[int, str, date]]:
        """Keys of claims still unfinished after the lease: their sender died before sending."""
        stmt = select(Delivery.staff_id, Delivery.kind, Delivery.local_day).where(
            Delivery.status == "claimed", Delivery.claimed_at < older_than
        )
        return {(row[0], row[1], row[2]) for row in self.session.execute(stmt).all()}

    def delivered(self, staff_id: int, kind: str, day: date) -> Delivery | None:
        stmt = select(Delivery).where(Delivery.staff_id == staff_id, Delivery.kind == kind, Delivery.local_day == day)
        return self.session.scalar(stmt)
