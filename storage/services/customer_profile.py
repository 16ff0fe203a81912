"""One customer's profile for /customer: tier, owner, contacts, open tasks and the latest visits. A manager reaches
their own customers; a supervisor also those of the managers in their teams. Phone numbers are masked unless the
owner asks in a private chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.errors import NotInScope
from storage.masking import mask_phone
from storage.models import Customer
from storage.services import customers, org, tasks, visits
from storage.services.customers import CustomerMatch, KnownCustomer
from storage.services.staff import StaffView
from storage.services.tasks import TaskView
from storage.services.visits import VisitView
from storage.uow import UnitOfWork

LAST_VISITS = 5
HISTORY = timedelta(days=3650)


@dataclass(frozen=True)
class ContactView:
    name: str
    title: str | None
    phone: str


@dataclass(frozen=True)
class CustomerProfile:
    id: int
    name: str
    tier: str
    owner: str
    own: bool
    phone: str
    industry: str | None
    contacts: tuple[ContactView, ...]
    open_tasks: tuple[TaskView, ...]
    last_visits: tuple[VisitView, ...]


def find(uow: UnitOfWork, actor: StaffView, name: str) -> CustomerMatch:
    """The typed name against the actor's own customers first, then (a supervisor) the teams' customers."""
    own = customers.match_customer(uow, actor.id, name)
    if own.kind == "one" or not org.scope_unit_ids(uow, actor):
        return own
    return customers.match_in(_team_customers(uow, actor), name)


def profile(uow: UnitOfWork, actor: StaffView, customer_id: int, now: datetime, *, reveal: bool) -> CustomerProfile:
    """The profile of a customer the actor may see (NotInScope otherwise); `reveal` (a private chat) shows the
    owner full numbers."""
    row = _visible(uow, actor, customer_id)
    owner = uow.staff.get(row.owner_id)
    own = row.owner_id == actor.id

    def shown(phone: str | None) -> str:
        return (phone or "") if reveal and own else mask_phone(phone)

    history = visits.visits_between(uow, row.owner_id, now - HISTORY, now + timedelta(days=1), row.id, LAST_VISITS)
    return CustomerProfile(
        row.id,
        row.name,
        row.tier,
        owner.name if owner else "",
        own,
        shown(row.phone),
        row.industry,
        tuple(ContactView(c.name, c.title, shown(c.phone)) for c in row.contacts),
        tuple(t for t in tasks.open_tasks(uow, row.owner_id) if t.customer == row.name),
        tuple(history),
    )


def history(uow: UnitOfWork, actor: StaffView, customer_id: int, start: datetime, end: datetime) -> list[VisitView]:
    """The owner's visits of a customer the actor may see, newest first."""
    row = _visible(uow, actor, customer_id)
    return visits.visits_between(uow, row.owner_id, start, end, row.id)


def _team_customers(uow: UnitOfWork, actor: StaffView) -> list[KnownCustomer]:
    units = org.scope_unit_ids(uow, actor)
    return [KnownCustomer(c.id, c.name, c.name_norm, s.name) for c, s in uow.customers.in_units(units, actor.id)]


def _visible(uow: UnitOfWork, actor: StaffView, customer_id: int) -> Customer:
    row = uow.customers.get(customer_id)
    if row is None:
        raise NotInScope(name=str(customer_id))
    if row.owner_id != actor.id:
        owner = uow.staff.get(row.owner_id)
        if owner is None or owner.unit_id not in set(org.scope_unit_ids(uow, actor)):
            raise NotInScope(name=row.name)
    return row
