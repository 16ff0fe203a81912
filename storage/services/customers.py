"""Customers as their owner sees them: listing, matching a typed name, creating, and who is overdue a visit.
Every query is scoped to the owner; personal numbers leave this module masked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz

from knowledge.names import normalise_name
from storage.errors import CustomerExists, NotFound
from storage.masking import mask_phone
from storage.models import Customer
from storage.services import audit, org, tasks
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

CLEAR_MATCH = 90
CLOSE_MATCH = 70
TIER_INTERVAL_DAYS = {"A": 30, "B": 90, "C": 180}  # 考核政策: A 每月, B 每季度, C 每半年
DEFAULT_INTERVAL_DAYS = 180


@dataclass(frozen=True)
class CustomerSummary:
    id: int
    name: str
    tier: str
    phone_masked: str


@dataclass(frozen=True)
class KnownCustomer:
    """A customer's id and name with the normalised form that matching compares; `owner` is set for another
    manager's customer (the register), and is all the author learns of it."""

    id: int
    name: str
    norm: str
    owner: str = ""


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    score: float
    owner: str = ""


@dataclass(frozen=True)
class CustomerMatch:
    """`one` (use it), `several` (ask which), or `none` (offer to create `name`)."""

    kind: str
    choices: tuple[CustomerChoice, ...]
    name: str


@dataclass(frozen=True)
class OverdueCustomer:
    """A customer whose latest visit is older than their tier's interval."""

    name: str
    owner_id: int
    tier: str
    days: int


def list_own(uow: UnitOfWork, owner_id: int) -> list[CustomerSummary]:
    """The acting manager's own customers only; nobody else's are reachable from here."""
    return [CustomerSummary(c.id, c.name, c.tier, mask_phone(c.phone)) for c in uow.customers.owned_by(owner_id)]


def known(uow: UnitOfWork, owner_id: int) -> list[KnownCustomer]:
    """The owner's customers, read once per message for the parser and the matcher."""
    return [KnownCustomer(c.id, c.name, c.name_norm) for c in uow.customers.owned_by(owner_id)]


def recent(uow: UnitOfWork, owner_id: int, limit: int = 5) -> tuple[CustomerChoice, ...]:
    """The customers the manager visited last, offered as buttons when a message names none."""
    return tuple(CustomerChoice(i, name, 100.0) for i, name in uow.customers.recently_visited(owner_id, limit))


def owned_names(uow: UnitOfWork, owner_id: int) -> list[str]:
    return [c.name for c in known(uow, owner_id)]


def match_in(candidates: Sequence[KnownCustomer], name: str) -> CustomerMatch:
    """Fuzzy match of a typed name against the given customers; names are compared normalised."""
    target = normalise_name(name)
    scored = []
    for customer in candidates:
        if customer.norm == target:
            return CustomerMatch("one", (CustomerChoice(customer.id, customer.name, 100.0, customer.owner),), name)
        score = max(fuzz.ratio(target, customer.norm), 0.9 * fuzz.partial_ratio(target, customer.norm))
        if score >= CLOSE_MATCH:
            scored.append(CustomerChoice(customer.id, customer.name, score, customer.owner))
    scored.sort(key=lambda c: -c.score)
    if scored and scored[0].score >= CLEAR_MATCH and (len(scored) == 1 or scored[1].score < CLOSE_MATCH + 10):
        return CustomerMatch("one", (scored[0],), name)
    return CustomerMatch("several" if scored else "none", tuple(scored[:3]), name)


def register(uow: UnitOfWork, staff_id: int, unit_id: int | None) -> list[KnownCustomer]:
    """Other managers' customers in the author's branch: a name found here is never created again."""
    units = org.branch_unit_ids(uow, unit_id)
    if not units:
        return []
    return [KnownCustomer(c.id, c.name, c.name_norm, s.name) for c, s in uow.customers.in_units(units, staff_id)]


def in_register(uow: UnitOfWork, staff_id: int, unit_id: int | None, customer_id: int) -> KnownCustomer | None:
    return next((c for c in register(uow, staff_id, unit_id) if c.id == customer_id), None)


def request_handover(uow: UnitOfWork, actor: StaffView, customer_id: int, now: datetime) -> str:
    """A manager asks to take over a register customer: a task for the owner's team lead, and an audit entry."""
    customer = in_register(uow, actor.id, actor.unit_id, customer_id)
    row = uow.customers.get(customer_id) if customer else None
    if customer is None or row is None:
        raise NotFound()
    owner = uow.staff.get(row.owner_id)
    title = f"{actor.name}申请接手客户「{customer.name}」(现由{customer.owner}维护)"
    for lead in org.leads_of(uow, owner.unit_id if owner else None):
        tasks.add_for(uow, lead, actor.id, title, None, now)
    audit.record(uow, actor.id, "handover_requested", now, entity="customer", entity_id=customer_id)
    return customer.owner


def match_customer(uow: UnitOfWork, owner_id: int, name: str) -> CustomerMatch:
    """The typed name against this manager's own customers only."""
    return match_in(known(uow, owner_id), name)


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


def overdue(uow: UnitOfWork, owner_ids: Sequence[int], now: datetime, tier: str | None = None) -> list[OverdueCustomer]:
    """Customers not visited (or, never visited, not since they were created) for longer than their tier's
    interval, longest first."""
    if not owner_ids:
        return []
    found = []
    for name, owner, customer_tier, last, created in uow.customers.last_visited(owner_ids, tier):
        days = (now - (last or created)).days
        if days > TIER_INTERVAL_DAYS.get(customer_tier, DEFAULT_INTERVAL_DAYS):
            found.append(OverdueCustomer(name, owner, customer_tier, days))
    return sorted(found, key=lambda row: -row.days)
