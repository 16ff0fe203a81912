"""Saved visits: logging a confirmed draft, correcting or withdrawing it within 24 hours, listing, and a location
shared just after. Every query is scoped to the acting manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from storage.enums import Role
from storage.errors import NotFound, NotInScope, TooLate
from storage.models import Contact, Customer, Visit
from storage.services import audit, customers, org, tasks
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from storage.services.visit_drafts import VisitDraft

EDIT_WINDOW = timedelta(hours=24)
LOCATION_WINDOW = timedelta(hours=2)
LISTED = 500  # a list command pages through at most this many


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
    time_known: bool = True


def log_visit(uow: UnitOfWork, staff_id: int, draft: VisitDraft, now: datetime) -> int:
    """Saves a confirmed visit (and its follow-up task); the customer must be the author's own, or (a joint visit)
    another manager's in the author's branch."""
    customer = _visitable(uow, staff_id, draft)
    row = uow.visits.add(
        Visit(
            staff_id=staff_id,
            customer_id=customer.id,
            created_at=now,
            updated_at=now,
            raw_text=draft.raw_text,
            occurred_at=draft.occurred_at,
            channel=draft.channel,
        )
    )
    _apply(uow, staff_id, row, customer, draft, now)
    audit.record(uow, staff_id, "visit_logged", now, entity="visit", entity_id=row.id)
    return row.id


def correct_visit(uow: UnitOfWork, staff_id: int, visit_id: int, fixed: VisitDraft, now: datetime) -> None:
    """Replaces the fields of a visit within 24 hours; the previous values go to the audit log and the follow-up
    task follows the new date."""
    visit = _editable(uow, staff_id, visit_id, now)
    before = {
        "customer_id": visit.customer_id,
        "occurred_at": visit.occurred_at.isoformat(),
        "channel": visit.channel,
        "products": list(visit.products),
        "amount": str(visit.amount) if visit.amount is not None else None,
        "follow_up": visit.follow_up_date.isoformat() if visit.follow_up_date else None,
        "note": visit.note,
    }
    customer = _visitable(uow, staff_id, fixed)
    tasks.close_for_visit(uow, visit.id, now)
    _apply(uow, staff_id, visit, customer, fixed, now)
    audit.record(uow, staff_id, "visit_corrected", now, entity="visit", entity_id=visit.id, detail={"before": before})


def withdraw_visit(uow: UnitOfWork, staff_id: int, visit_id: int, now: datetime) -> None:
    """The author withdraws a visit within 24 hours; it stays in the database, marked, with an audit entry."""
    visit = _editable(uow, staff_id, visit_id, now)
    visit.withdrawn_at = now
    tasks.close_for_visit(uow, visit.id, now)
    audit.record(uow, staff_id, "visit_withdrawn", now, entity="visit", entity_id=visit.id)


def ensure_editable(uow: UnitOfWork, staff_id: int, visit_id: int, now: datetime) -> None:
    """Refuses unless the visit is its author's own, open, and inside the 24-hour window."""
    _editable(uow, staff_id, visit_id, now)


def _editable(uow: UnitOfWork, staff_id: int, visit_id: int, now: datetime) -> Visit:
    visit = uow.visits.get_own(staff_id, visit_id)
    if visit is None or visit.withdrawn_at is not None:
        raise NotFound()
    if now - visit.created_at > EDIT_WINDOW:
        raise TooLate()
    return visit


def attach_location(uow: UnitOfWork, staff_id: int, latitude: float, longitude: float, now: datetime) -> str | None:
    """A location shared right after logging a visit joins that visit; otherwise it is not kept."""
    visit = uow.visits.latest_created(staff_id)
    if visit is None or now - visit.created_at > LOCATION_WINDOW:
        return None
    visit.latitude, visit.longitude = latitude, longitude
    customer = uow.customers.get_owned(staff_id, visit.customer_id)
    return customer.name if customer else None


def visits_between(
    uow: UnitOfWork,
    staff_id: int,
    start: datetime,
    end: datetime,
    customer_id: int | None = None,
    limit: int | None = LISTED,
) -> list[VisitView]:
    """The manager's own open visits in [start, end), newest first."""
    return [
        VisitView(
            v.id,
            c.name,
            v.occurred_at,
            v.channel,
            tuple(v.products),
            v.amount,
            v.note or v.purpose,
            v.follow_up_date,
            v.time_known,
        )
        for v, c in uow.visits.between([staff_id], start, end, customer_id, limit)
    ]


def member_visits(
    uow: UnitOfWork, actor: StaffView, who: str, start: datetime, end: datetime
) -> tuple[str, list[VisitView]] | None:
    """A supervisor's drill-down into one manager of their teams; None when `who` names no manager in scope (the
    caller then reads it as a customer)."""
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        return None
    try:
        person = org.managers_in_scope(uow, actor, who)[0]
    except NotInScope:
        return None
    return person.name, visits_between(uow, person.id, start, end)


def logged_between(uow: UnitOfWork, staff_id: int, start: datetime, end: datetime) -> bool:
    return uow.visits.count(staff_id, start, end) > 0


def _visitable(uow: UnitOfWork, staff_id: int, draft: VisitDraft) -> Customer:
    if draft.customer_id is None:
        raise NotFound()
    customer = uow.customers.get_owned(staff_id, draft.customer_id)
    if customer is None and draft.joint:
        author = uow.staff.get(staff_id)
        register = customers.in_register(uow, staff_id, author.unit_id if author else None, draft.customer_id)
        customer = uow.customers.get(draft.customer_id) if register else None
    if customer is None:
        raise NotFound()
    return customer


def _apply(uow: UnitOfWork, staff_id: int, row: Visit, customer: Customer, draft: VisitDraft, now: datetime) -> None:
    """Copies the fields onto the row, finds or creates the contact, and gives a follow-up date its task."""
    contact_id = None
    if draft.contact:
        contact = uow.customers.contact_named(customer.id, draft.contact) or uow.customers.add_contact(
            Contact(customer_id=customer.id, name=draft.contact, title=None)
        )
        contact_id = contact.id
    row.customer_id, row.contact_id, row.occurred_at, row.channel = (
        customer.id,
        contact_id,
        draft.occurred_at,
        draft.channel,
    )
    row.products, row.product_details = list(draft.products), list(draft.product_details)
    row.amount, row.purpose, row.outcome, row.note = draft.amount, draft.purpose, draft.outcome, draft.note
    row.amount_approximate = draft.amount is not None and draft.amount_note == "approximate"
    row.time_known = draft.time_known
    row.follow_up_date, row.updated_at, customer.updated_at = draft.follow_up, now, now
    if draft.follow_up is not None:
        title = f"跟进{customer.name}:{draft.follow_up_text or draft.purpose or '拜访后续'}"
        tasks.add_follow_up(uow, staff_id, customer.id, row.id, title, draft.follow_up, now)
