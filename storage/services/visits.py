"""Visits, customers as a manager logs them, and follow-up tasks. Every query is scoped to the acting manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from rapidfuzz import fuzz

from knowledge.names import normalise_name
from storage.errors import CustomerExists, NotFound, TooLate
from storage.models import Contact, Customer, TaskSource, Visit
from storage.models import Task as TaskRow
from storage.services import audit
from storage.uow import UnitOfWork

CLEAR_MATCH = 90
CLOSE_MATCH = 70
EDIT_WINDOW = timedelta(hours=24)
LOCATION_WINDOW = timedelta(hours=2)


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    score: float


@dataclass(frozen=True)
class CustomerMatch:
    """`one` (use it), `several` (ask which), or `none` (offer to create `name`)."""

    kind: str
    choices: tuple[CustomerChoice, ...]
    name: str


@dataclass(frozen=True)
class NewVisit:
    customer_id: int
    occurred_at: datetime
    channel: str
    contact: str | None = None
    products: tuple[str, ...] = ()
    product_details: tuple[str, ...] = ()
    amount: Decimal | None = None
    purpose: str | None = None
    outcome: str | None = None
    note: str | None = None
    follow_up: date | None = None
    follow_up_text: str | None = None
    raw_text: str | None = None


@dataclass(frozen=True)
class VisitView:
    id: int
    customer: str
    occurred_at: datetime
    channel: str
    products: tuple[str, ...]
    amount: Decimal | None
    note: str | None
    follow_up: date | None


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    due: date | None
    customer: str | None


def match_customer(uow: UnitOfWork, owner_id: int, name: str) -> CustomerMatch:
    """Fuzzy match against this manager's own customers only; names are compared normalised."""
    target = normalise_name(name)
    scored = []
    for customer in uow.customers.owned_by(owner_id):
        if customer.name_norm == target:
            return CustomerMatch("one", (CustomerChoice(customer.id, customer.name, 100.0),), name)
        score = max(fuzz.ratio(target, customer.name_norm), 0.9 * fuzz.partial_ratio(target, customer.name_norm))
        if score >= CLOSE_MATCH:
            scored.append(CustomerChoice(customer.id, customer.name, score))
    scored.sort(key=lambda c: -c.score)
    if scored and scored[0].score >= CLEAR_MATCH and (len(scored) == 1 or scored[1].score < CLOSE_MATCH + 10):
        return CustomerMatch("one", (scored[0],), name)
    return CustomerMatch("several" if scored else "none", tuple(scored[:3]), name)


def owned_names(uow: UnitOfWork, owner_id: int) -> list[str]:
    return [c.name for c in uow.customers.owned_by(owner_id)]


def create_customer(uow: UnitOfWork, owner_id: int, name: str, now: datetime) -> int:
    """A new customer for this manager; refuses a name that normalises to one they already have."""
    norm = normalise_name(name)
    if not norm:
        raise NotFound()
    existing = uow.customers.by_norm(owner_id, norm)
    if existing is not None:
        raise CustomerExists(name=existing.name)
    customer = uow.customers.add(
        Customer(
            owner_id=owner_id, name=name.strip(), name_norm=norm, created_at=now, updated_at=now, company=name.strip()
        )
    )
    audit.record(uow, owner_id, "customer_created", now, entity="customer", entity_id=customer.id)
    return customer.id


def customer_name(uow: UnitOfWork, owner_id: int, customer_id: int) -> str:
    customer = uow.customers.get_owned(owner_id, customer_id)
    if customer is None:
        raise NotFound()
    return customer.name


def log_visit(uow: UnitOfWork, staff_id: int, visit: NewVisit, now: datetime) -> int:
    """Saves a confirmed visit (and its follow-up task); the customer must be the author's own."""
    customer = uow.customers.get_owned(staff_id, visit.customer_id)
    if customer is None:
        raise NotFound()
    row = uow.visits.add(
        Visit(
            staff_id=staff_id,
            customer_id=customer.id,
            created_at=now,
            updated_at=now,
            raw_text=visit.raw_text,
            occurred_at=visit.occurred_at,
            channel=visit.channel,
        )
    )
    _apply(uow, staff_id, row, customer, visit, now)
    audit.record(uow, staff_id, "visit_logged", now, entity="visit", entity_id=row.id)
    return row.id


def _apply(uow: UnitOfWork, staff_id: int, row: Visit, customer: Customer, visit: NewVisit, now: datetime) -> None:
    """Copies the fields onto the row, finds or creates the contact, and gives a follow-up date its task."""
    contact_id = None
    if visit.contact:
        contact = uow.customers.contact_named(customer.id, visit.contact) or uow.customers.add_contact(
            Contact(customer_id=customer.id, name=visit.contact, title=None)
        )
        contact_id = contact.id
    row.customer_id, row.contact_id, row.occurred_at, row.channel = (
        customer.id,
        contact_id,
        visit.occurred_at,
        visit.channel,
    )
    row.products, row.product_details = list(visit.products), list(visit.product_details)
    row.amount, row.purpose, row.outcome, row.note = visit.amount, visit.purpose, visit.outcome, visit.note
    row.follow_up_date, row.updated_at, customer.updated_at = visit.follow_up, now, now
    if visit.follow_up is not None:
        title = f"跟进{customer.name}:{visit.follow_up_text or visit.purpose or '拜访后续'}"[:500]
        uow.tasks.add(
            TaskRow(
                owner_id=staff_id,
                created_by_id=staff_id,
                customer_id=customer.id,
                visit_id=row.id,
                title=title,
                due_date=visit.follow_up,
                source=TaskSource.FOLLOW_UP,
                created_at=now,
            )
        )


def editable_visit(uow: UnitOfWork, staff_id: int, visit_id: int, now: datetime) -> tuple[Visit, str, str | None]:
    """The author's own visit, still inside the 24-hour window, with its customer and contact names."""
    visit = uow.visits.get_own(staff_id, visit_id)
    if visit is None or visit.withdrawn_at is not None:
        raise NotFound()
    if now - visit.created_at > EDIT_WINDOW:
        raise TooLate()
    customer = uow.customers.get_owned(staff_id, visit.customer_id)
    contact = next((c.name for c in customer.contacts if c.id == visit.contact_id), None) if customer else None
    return visit, customer.name if customer else "", contact


def correct_visit(uow: UnitOfWork, staff_id: int, visit_id: int, fixed: NewVisit, now: datetime) -> None:
    """Replaces the fields of a visit within 24 hours; the previous values go to the audit log and the follow-up
    task follows the new date."""
    visit, _, _ = editable_visit(uow, staff_id, visit_id, now)
    before = {
        "customer_id": visit.customer_id,
        "occurred_at": visit.occurred_at.isoformat(),
        "channel": visit.channel,
        "products": list(visit.products),
        "amount": str(visit.amount) if visit.amount is not None else None,
        "follow_up": visit.follow_up_date.isoformat() if visit.follow_up_date else None,
        "note": visit.note,
    }
    customer = uow.customers.get_owned(staff_id, fixed.customer_id)
    if customer is None:
        raise NotFound()
    for task in uow.tasks.for_visit(visit.id):
        if task.done_at is None:
            task.done_at = now
    _apply(uow, staff_id, visit, customer, fixed, now)
    audit.record(uow, staff_id, "visit_corrected", now, entity="visit", entity_id=visit.id, detail={"before": before})


def withdraw_visit(uow: UnitOfWork, staff_id: int, visit_id: int, now: datetime) -> None:
    """The author withdraws a visit within 24 hours; it stays in the database, marked, with an audit entry."""
    visit = uow.visits.get_own(staff_id, visit_id)
    if visit is None or visit.withdrawn_at is not None:
        raise NotFound()
    if now - visit.created_at > EDIT_WINDOW:
        raise TooLate()
    visit.withdrawn_at = now
    for task in uow.tasks.for_visit(visit.id):
        if task.done_at is None:
            task.done_at = now
    audit.record(uow, staff_id, "visit_withdrawn", now, entity="visit", entity_id=visit.id)


def attach_location(uow: UnitOfWork, staff_id: int, latitude: float, longitude: float, now: datetime) -> str | None:
    """A location shared right after logging a visit joins that visit; otherwise it is not kept."""
    visit = uow.visits.latest_created(staff_id)
    if visit is None or now - visit.created_at > LOCATION_WINDOW:
        return None
    visit.latitude, visit.longitude = latitude, longitude
    customer = uow.customers.get_owned(staff_id, visit.customer_id)
    return customer.name if customer else None


def visits_between(
    uow: UnitOfWork, staff_id: int, start: datetime, end: datetime, customer_id: int | None = None
) -> list[VisitView]:
    return [
        VisitView(
            v.id, c.name, v.occurred_at, v.channel, tuple(v.products), v.amount, v.note or v.purpose, v.follow_up_date
        )
        for v, c in uow.visits.between(staff_id, start, end, customer_id)
    ]


def open_tasks(uow: UnitOfWork, owner_id: int) -> list[TaskView]:
    return [TaskView(t.id, t.title, t.due_date, c.name if c else None) for t, c in uow.tasks.open_for(owner_id)]


def complete_task(uow: UnitOfWork, owner_id: int, task_id: int, now: datetime) -> str:
    task = uow.tasks.get_own(owner_id, task_id)
    if task is None:
        raise NotFound()
    task.done_at = task.done_at or now
    return task.title
