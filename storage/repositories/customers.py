"""Customers and their contacts, always read through their owner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Contact, Customer, Staff, Visit


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

    def in_units(self, unit_ids: Sequence[int], except_owner: int) -> Sequence[tuple[Customer, Staff]]:
        """Customers whose owner works in these units (a branch's register), with the owner, but not this owner's."""
        stmt = (
            select(Customer, Staff)
            .join(Staff, Staff.id == Customer.owner_id)
            .where(Staff.unit_id.in_(unit_ids), Customer.owner_id != except_owner)
            .order_by(Customer.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def recently_visited(self, owner_id: int, limit: int) -> Sequence[tuple[int, str]]:
        """(id, name) of the owner's customers with the latest open visits, most recent first."""
        latest = func.max(Visit.occurred_at)
        stmt = (
            select(Customer.id, Customer.name)
            .join(Visit, Visit.customer_id == Customer.id)
            .where(Customer.owner_id == owner_id, Visit.staff_id == owner_id, Visit.withdrawn_at.is_(None))
            .group_by(Customer.id, Customer.name)
            .order_by(latest.desc())
            .limit(limit)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def get(self, customer_id: int) -> Customer | None:
        return self.session.get(Customer, customer_id)

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

    def contact_name(self, contact_id: int | None) -> str | None:
        if contact_id is None:
            return None
        return self.session.scalar(select(Contact.name).where(Contact.id == contact_id))

    def contacts_by_ids(self, contact_ids: Sequence[int]) -> dict[int, Contact]:
        if not contact_ids:
            return {}
        stmt = select(Contact).where(Contact.id.in_(set(contact_ids)))
        return {row.id: row for row in self.session.scalars(stmt)}

    def add_contact(self, contact: Contact) -> Contact:
        self.session.add(contact)
        self.session.flush()
        return contact

    def new_counts(self, owner_ids: Sequence[int], since: datetime, until: datetime) -> dict[int, int]:
        """Customers created in [since, until), per owner."""
        stmt = (
            select(Customer.owner_id, func.count())
            .where(Customer.owner_id.in_(owner_ids), Customer.created_at >= since, Customer.created_at < until)
            .group_by(Customer.owner_id)
        )
        return {int(row[0]): int(row[1]) for row in self.session.execute(stmt).all()}

    def last_visited(
        self, owner_ids: Sequence[int], tier: str | None = None
    ) -> Sequence[tuple[str, int, str, datetime | None, datetime]]:
        """(name, owner, tier, latest open visit or None, created) for the owners' customers; the latest visit of
        each is one seek in the partial index on open visits."""
        latest = (
            select(func.max(Visit.occurred_at))
            .where(Visit.customer_id == Customer.id, Visit.withdrawn_at.is_(None))
            .correlate(Customer)
            .scalar_subquery()
        )
        stmt = select(Customer.name, Customer.owner_id, Customer.tier, latest, Customer.created_at).where(
            Customer.owner_id.in_(owner_ids)
        )
        if tier is not None:
            stmt = stmt.where(Customer.tier == tier)
        return [(row[0], row[1], row[2], row[3], row[4]) for row in self.session.execute(stmt).all()]
