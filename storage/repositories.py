"""Repositories: the only place that writes SQL (as SQLAlchemy 2 `select()`), one class per aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import (
    AuditEntry,
    ButtonAction,
    ChatIdentity,
    Contact,
    ConversationState,
    Customer,
    Delivery,
    FaqLog,
    Leave,
    OrgUnit,
    PeriodKind,
    ProcessedUpdate,
    PushSettings,
    ResultEntry,
    Role,
    Staff,
    Target,
    Task,
    UnitLead,
    Visit,
)


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, staff: Staff) -> Staff:
        self.session.add(staff)
        self.session.flush()
        return staff

    def get(self, staff_id: int) -> Staff | None:
        return self.session.get(Staff, staff_id)

    def by_staff_no(self, staff_no: str) -> Staff | None:
        return self.session.scalar(select(Staff).where(Staff.staff_no == staff_no))

    def by_name(self, name: str) -> Sequence[Staff]:
        return self.session.scalars(select(Staff).where(Staff.name == name).order_by(Staff.id)).all()

    def first_with_role(self, role: Role) -> Staff | None:
        stmt = select(Staff).where(Staff.role == role, Staff.active.is_(True)).order_by(Staff.id).limit(1)
        return self.session.scalar(stmt)

    def by_identity(self, platform: str, external_id: str) -> Staff | None:
        stmt = (
            select(Staff)
            .join(ChatIdentity, ChatIdentity.staff_id == Staff.id)
            .where(ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)
        )
        return self.session.scalar(stmt)

    def identity(self, platform: str, external_id: str) -> ChatIdentity | None:
        stmt = select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)
        return self.session.scalar(stmt)

    def identities(self, platform: str) -> Sequence[tuple[ChatIdentity, Staff]]:
        stmt = (
            select(ChatIdentity, Staff)
            .join(Staff, ChatIdentity.staff_id == Staff.id)
            .where(ChatIdentity.platform == platform, Staff.active.is_(True))
            .order_by(ChatIdentity.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def identity_by_chat(self, platform: str, chat_id: str) -> ChatIdentity | None:
        stmt = select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.private_chat_id == chat_id)
        return self.session.scalar(stmt)

    def add_identity(self, identity: ChatIdentity) -> None:
        self.session.add(identity)
        self.session.flush()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Staff)) or 0

    def led_unit_ids(self, staff_id: int) -> list[int]:
        return list(self.session.scalars(select(UnitLead.unit_id).where(UnitLead.staff_id == staff_id)))

    def add_lead(self, staff_id: int, unit_id: int) -> None:
        self.session.add(UnitLead(staff_id=staff_id, unit_id=unit_id))


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, unit: OrgUnit) -> OrgUnit:
        self.session.add(unit)
        self.session.flush()
        return unit

    def get(self, unit_id: int) -> OrgUnit | None:
        return self.session.get(OrgUnit, unit_id)

    def by_name(self, name: str) -> OrgUnit | None:
        return self.session.scalar(select(OrgUnit).where(OrgUnit.name == name).order_by(OrgUnit.id).limit(1))

    def by_ids(self, unit_ids: Sequence[int]) -> Sequence[OrgUnit]:
        return self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)).order_by(OrgUnit.id)).all()

    def all_ids(self) -> list[int]:
        return list(self.session.scalars(select(OrgUnit.id).order_by(OrgUnit.id)))

    def child_ids(self, parent_ids: Sequence[int]) -> list[int]:
        return list(self.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.in_(parent_ids))))

    def members(self, unit_ids: Sequence[int]) -> Sequence[Staff]:
        stmt = (
            select(Staff)
            .where(Staff.unit_id.in_(unit_ids), Staff.active.is_(True))
            .order_by(Staff.unit_id, Staff.role, Staff.id)
        )
        return self.session.scalars(stmt).all()


class CustomerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, customer: Customer) -> Customer:
        self.session.add(customer)
        self.session.flush()
        return customer

    def owned_by(self, owner_id: int) -> Sequence[Customer]:
        stmt = select(Customer).where(Customer.owner_id == owner_id).order_by(Customer.id)
        return self.session.scalars(stmt).all()

    def get_owned(self, owner_id: int, customer_id: int) -> Customer | None:
        """A customer only when this owner owns it: the ownership check lives in the query."""
        stmt = select(Customer).where(Customer.id == customer_id, Customer.owner_id == owner_id)
        return self.session.scalar(stmt)

    def by_norm(self, owner_id: int, name_norm: str) -> Customer | None:
        stmt = select(Customer).where(Customer.owner_id == owner_id, Customer.name_norm == name_norm)
        return self.session.scalar(stmt)

    def contact_named(self, customer_id: int, name: str) -> Contact | None:
        stmt = select(Contact).where(Contact.customer_id == customer_id, Contact.name == name)
        return self.session.scalar(stmt)

    def add_contact(self, contact: Contact) -> Contact:
        self.session.add(contact)
        self.session.flush()
        return contact

    def count_owned_by(self, owner_id: int) -> int:
        stmt = select(func.count()).select_from(Customer).where(Customer.owner_id == owner_id)
        return self.session.scalar(stmt) or 0


class UpdateRepository:
    """Platform update ids already processed, for exactly-once handling."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, platform: str, update_id: str) -> bool:
        return self.session.get(ProcessedUpdate, (platform, update_id)) is not None

    def add(self, platform: str, update_id: str, at: datetime) -> None:
        self.session.add(ProcessedUpdate(platform=platform, update_id=update_id, processed_at=at))
        self.session.flush()


class ButtonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, action: ButtonAction) -> None:
        self.session.add(action)

    def get(self, key: str) -> ButtonAction | None:
        return self.session.get(ButtonAction, key)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(delete(ButtonAction).where(ButtonAction.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)


class StateRepository:
    """Conversations in progress, one row per (user, chat, kind)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, staff_id: int, chat_id: str, kind: str) -> ConversationState | None:
        stmt = select(ConversationState).where(
            ConversationState.staff_id == staff_id,
            ConversationState.chat_id == chat_id,
            ConversationState.kind == kind,
        )
        return self.session.scalar(stmt)

    def add(self, state: ConversationState) -> None:
        self.session.add(state)

    def remove(self, state: ConversationState) -> None:
        self.session.delete(state)


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def for_actor(self, actor_id: int) -> Sequence[AuditEntry]:
        stmt = select(AuditEntry).where(AuditEntry.actor_id == actor_id).order_by(AuditEntry.id)
        return self.session.scalars(stmt).all()


class FaqLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: FaqLog) -> FaqLog:
        self.session.add(entry)
        self.session.flush()
        return entry

    def get(self, log_id: int) -> FaqLog | None:
        return self.session.get(FaqLog, log_id)

    def needing_review(self, since: datetime | None) -> Sequence[FaqLog]:
        """Questions nobody could answer, and answers someone voted down."""
        stmt = select(FaqLog).where((FaqLog.status == "none") | (FaqLog.feedback < 0))
        if since is not None:
            stmt = stmt.where(FaqLog.at >= since)
        return self.session.scalars(stmt.order_by(FaqLog.id)).all()


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, visit: Visit) -> Visit:
        self.session.add(visit)
        self.session.flush()
        return visit

    def get_own(self, staff_id: int, visit_id: int) -> Visit | None:
        return self.session.scalar(select(Visit).where(Visit.id == visit_id, Visit.staff_id == staff_id))

    def between(
        self, staff_id: int, start: datetime, end: datetime, customer_id: int | None = None, limit: int = 50
    ) -> Sequence[tuple[Visit, Customer]]:
        stmt = (
            select(Visit, Customer)
            .join(Customer, Visit.customer_id == Customer.id)
            .where(Visit.staff_id == staff_id, Visit.occurred_at >= start, Visit.occurred_at < end)
            .where(Visit.withdrawn_at.is_(None))
            .order_by(Visit.occurred_at.desc())
            .limit(limit)
        )
        if customer_id is not None:
            stmt = stmt.where(Visit.customer_id == customer_id)
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def latest_created(self, staff_id: int) -> Visit | None:
        stmt = (
            select(Visit)
            .where(Visit.staff_id == staff_id, Visit.withdrawn_at.is_(None))
            .order_by(Visit.created_at.desc(), Visit.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)


class TaskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, task: Task) -> Task:
        self.session.add(task)
        self.session.flush()
        return task

    def get_own(self, owner_id: int, task_id: int) -> Task | None:
        return self.session.scalar(select(Task).where(Task.id == task_id, Task.owner_id == owner_id))

    def open_for(self, owner_id: int, limit: int = 50) -> Sequence[tuple[Task, Customer | None]]:
        stmt = (
            select(Task, Customer)
            .outerjoin(Customer, Task.customer_id == Customer.id)
            .where(Task.owner_id == owner_id, Task.done_at.is_(None))
            .order_by(Task.due_date.is_(None), Task.due_date, Task.id)
            .limit(limit)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def for_visit(self, visit_id: int) -> Sequence[Task]:
        return self.session.scalars(select(Task).where(Task.visit_id == visit_id)).all()


class TargetRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_staff(self, staff_id: int, period: PeriodKind, start: date) -> Sequence[Target]:
        stmt = select(Target).where(Target.staff_id == staff_id, Target.period == period, Target.period_start == start)
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

    def result_sums(self, staff_id: int, metric: str, first: date, last: date) -> Sequence[tuple[date, str, Decimal]]:
        """Per day and source, the summed results of one metric."""
        stmt = (
            select(ResultEntry.day, ResultEntry.source, func.sum(ResultEntry.amount))
            .where(ResultEntry.staff_id == staff_id, ResultEntry.metric == metric)
            .where(ResultEntry.day >= first, ResultEntry.day <= last)
            .group_by(ResultEntry.day, ResultEntry.source)
        )
        return [(row[0], row[1], Decimal(row[2] or 0)) for row in self.session.execute(stmt).all()]

    def visit_count(self, staff_id: int, start: datetime, end: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(Visit)
            .where(
                Visit.staff_id == staff_id,
                Visit.occurred_at >= start,
                Visit.occurred_at < end,
                Visit.withdrawn_at.is_(None),
            )
        )
        return self.session.scalar(stmt) or 0

    def new_customer_count(self, staff_id: int, start: datetime, end: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(Customer)
            .where(Customer.owner_id == staff_id, Customer.created_at >= start, Customer.created_at < end)
        )
        return self.session.scalar(stmt) or 0

    def stale_customers(self, staff_id: int) -> Sequence[tuple[Customer, datetime | None]]:
        """Each of the manager's customers with the time of their latest visit (None if never visited)."""
        latest = (
            select(Visit.customer_id, func.max(Visit.occurred_at).label("last"))
            .where(Visit.staff_id == staff_id, Visit.withdrawn_at.is_(None))
            .group_by(Visit.customer_id)
            .subquery()
        )
        stmt = (
            select(Customer, latest.c.last)
            .outerjoin(latest, latest.c.customer_id == Customer.id)
            .where(Customer.owner_id == staff_id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]


class PushRepository:
    """Leave, push settings and the delivery ledger."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_leave(self, leave: Leave) -> None:
        self.session.add(leave)

    def on_leave(self, staff_id: int, day: date) -> bool:
        stmt = select(Leave.id).where(Leave.staff_id == staff_id, Leave.first_day <= day, Leave.last_day >= day)
        return self.session.scalar(stmt.limit(1)) is not None

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

    def abandoned(self, older_than: datetime) -> set[tuple[int, str, date]]:
        """Keys of claims still unfinished after the lease: their sender died before sending."""
        stmt = select(Delivery.staff_id, Delivery.kind, Delivery.local_day).where(
            Delivery.status == "claimed", Delivery.claimed_at < older_than
        )
        return {(row[0], row[1], row[2]) for row in self.session.execute(stmt).all()}

    def delivered(self, staff_id: int, kind: str, day: date) -> Delivery | None:
        stmt = select(Delivery).where(Delivery.staff_id == staff_id, Delivery.kind == kind, Delivery.local_day == day)
        return self.session.scalar(stmt)
