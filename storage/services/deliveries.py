"""The delivery ledger: every scheduled push is claimed in a row (unique per user, kind and local day) and
committed before it is sent, so no push happens twice.

A row goes claimed → sending (committed just before the platform call) → sent, skipped, failed, blocked or
unknown. A *claimed* row whose process died is taken over after a lease: nothing was sent yet. A *sending* row
whose process died may have been delivered, so it is closed as interrupted and never sent again (at most once).
A push the platform asked to retry (rate limited, network) goes back to claimed and is taken over after the lease.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from storage.uow import UnitOfWork

LEASE = timedelta(minutes=10)
Key = tuple[int, str, date]


@dataclass(frozen=True)
class Ledger:
    """What the ledger already holds for some days: every claim, and those abandoned past their lease."""

    claimed: frozenset[Key]
    abandoned: frozenset[Key]


def ledger(uow: UnitOfWork, days: Sequence[date], now: datetime) -> Ledger:
    return Ledger(frozenset(uow.pushes.delivered_on(days)), frozenset(uow.pushes.abandoned(now - LEASE)))


def claim(uow: UnitOfWork, staff_id: int, kind: str, day: date, now: datetime) -> bool:
    """True for the one caller that may send this push; the row is written before anything is sent."""
    return uow.pushes.claim(staff_id, kind, day, now) is not None


def take_over(uow: UnitOfWork, staff_id: int, kind: str, day: date, now: datetime) -> bool:
    """An abandoned claim becomes this caller's, for exactly one caller."""
    return uow.pushes.reclaim_abandoned(staff_id, kind, day, now - LEASE, now)


def finish(
    uow: UnitOfWork, staff_id: int, kind: str, day: date, status: str, now: datetime, reason: str | None = None
) -> None:
    row = uow.pushes.delivered(staff_id, kind, day)
    if row is not None:
        row.status, row.reason, row.finished_at = status, reason, now


def mark_sending(uow: UnitOfWork, staff_id: int, kind: str, day: date) -> None:
    row = uow.pushes.delivered(staff_id, kind, day)
    if row is not None:
        row.status = "sending"


def release(uow: UnitOfWork, staff_id: int, kind: str, day: date, reason: str | None) -> None:
    """Not delivered and safe to send again: back to claimed, taken over once its lease has run out."""
    row = uow.pushes.delivered(staff_id, kind, day)
    if row is not None:
        row.status, row.reason = "claimed", reason


def close_interrupted(uow: UnitOfWork, now: datetime) -> int:
    """Sends whose process died between the platform call and recording it: failed, never resent."""
    return uow.pushes.close_sending(now - LEASE, now)
