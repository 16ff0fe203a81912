"""Spot checks (抽查): a supervisor verifies random recent visits of a manager in their teams, against what the
visit says (customer, contact and number, content, products, amount, place), and notes why one is doubted."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from storage.enums import Role
from storage.errors import Forbidden, NotInScope
from storage.models import Contact, Customer, SpotCheck, Visit
from storage.services import audit, org
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

WINDOW = timedelta(days=30)
RESULTS = ("ok", "doubt")
SUPERVISING = (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class CheckItem:
    """What a check needs; the numbers are whole: a supervisor calls them to verify, in a private chat."""

    visit_id: int
    customer: str
    occurred_at: datetime
    channel: str
    time_known: bool = True
    contact: str | None = None
    phone: str | None = None
    content: str | None = None
    products: tuple[str, ...] = ()
    amount: Decimal | None = None
    location: tuple[float, float] | None = None


@dataclass(frozen=True)
class Tally:
    """Spot checks of one manager's visits in a period: confirmed, doubted, not yet answered."""

    ok: int = 0
    doubt: int = 0
    pending: int = 0


def pick(
    uow: UnitOfWork, actor: StaffView, name: str, count: int, now: datetime, rng: random.Random
) -> list[CheckItem]:
    """`count` random visits of the last 30 days by a manager in scope, registered for checking."""
    person = org.managers_in_scope(uow, actor, name)[0]
    rows = uow.visits.between([person.id], now - WINDOW, now + timedelta(days=1), limit=None, newest_first=False)
    chosen = sorted(rng.sample(list(rows), min(count, len(rows))), key=lambda row: row[0].occurred_at)
    for visit, _ in chosen:
        if uow.spot_checks.get(actor.id, visit.id) is None:
            uow.spot_checks.add(SpotCheck(supervisor_id=actor.id, visit_id=visit.id, at=now))
    audit.record(
        uow,
        actor.id,
        "spot_check_started",
        now,
        entity="staff",
        entity_id=person.id,
        detail={"visits": [visit.id for visit, _ in chosen]},
    )
    contacts = uow.customers.contacts_by_ids([v.contact_id for v, _ in chosen if v.contact_id is not None])
    return [_item(v, c, contacts) for v, c in chosen]


@dataclass(frozen=True)
class VisitCard:
    """One visit of a manager in scope, for the desk's drill-down, with this supervisor's check of it if any."""

    manager: str
    item: CheckItem
    result: str | None
    reason: str | None


def visit_card(uow: UnitOfWork, actor: StaffView, visit_id: int) -> VisitCard:
    """Refused alike whether the visit does not exist or belongs to someone outside the actor's teams."""
    found = uow.visits.get_with_customer(visit_id)
    in_scope = {m.id: m for m in org.managers_in_scope(uow, actor)} if actor.role in SUPERVISING else {}
    if found is None or found[0].staff_id not in in_scope:
        raise NotInScope()
    visit, customer = found
    contacts = uow.customers.contacts_by_ids([visit.contact_id] if visit.contact_id is not None else [])
    check = uow.spot_checks.get(actor.id, visit.id)
    return VisitCard(
        in_scope[visit.staff_id].name,
        _item(visit, customer, contacts),
        check.result if check else None,
        check.reason if check else None,
    )


def _item(v: Visit, c: Customer, contacts: dict[int, Contact]) -> CheckItem:
    contact = contacts.get(v.contact_id) if v.contact_id is not None else None
    content = "；".join(dict.fromkeys(p for p in (v.purpose, v.outcome, v.note) if p)) or v.raw_text
    place = (v.latitude, v.longitude) if v.latitude is not None and v.longitude is not None else None
    return CheckItem(
        v.id,
        c.name,
        v.occurred_at,
        v.channel,
        v.time_known,
        contact.name if contact else None,
        (contact.phone if contact and contact.phone else c.phone) or None,
        content,
        tuple(v.products),
        v.amount,
        place,
    )


def record(uow: UnitOfWork, actor: StaffView, visit_id: int, result: str, now: datetime) -> None:
    """✓ or ✗ on a visit this supervisor picked; anything else is refused."""
    row = uow.spot_checks.get(actor.id, visit_id)
    if row is None or result not in RESULTS:
        raise Forbidden()
    row.result, row.at = result, now
    audit.record(uow, actor.id, "spot_check", now, entity="visit", entity_id=visit_id, detail={"result": result})


def give_reason(uow: UnitOfWork, actor: StaffView, visit_id: int, reason: str, now: datetime) -> None:
    """Why a doubted visit is doubted (the next message after ✗)."""
    row = uow.spot_checks.get(actor.id, visit_id)
    if row is None or row.result != "doubt":
        raise Forbidden()
    row.reason = reason.strip()
    audit.record(uow, actor.id, "spot_check_reason", now, entity="visit", entity_id=visit_id)


def tallies(uow: UnitOfWork, staff_ids: list[int], since: datetime, until: datetime) -> dict[int, Tally]:
    """Per manager, the checks made in [since, until) on their visits, by result."""
    return {
        staff_id: Tally(counts.get("ok", 0), counts.get("doubt", 0), counts.get(None, 0))
        for staff_id, counts in uow.spot_checks.tallies(staff_ids, since, until).items()
    }


def pending(uow: UnitOfWork, actor: StaffView) -> int:
    """Checks this supervisor started and has not answered: a line of their morning brief."""
    return uow.spot_checks.pending_for(actor.id)
