"""Customers as their owner sees them; personal numbers leave this module masked."""

from __future__ import annotations

from dataclasses import dataclass

from storage.masking import mask_phone
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class CustomerSummary:
    id: int
    name: str
    tier: str
    phone_masked: str


def list_own(uow: UnitOfWork, owner_id: int) -> list[CustomerSummary]:
    """The acting manager's own customers only; nobody else's are reachable from here."""
    return [CustomerSummary(c.id, c.name, c.tier, mask_phone(c.phone)) for c in uow.customers.owned_by(owner_id)]
