"""The inbox of incoming updates: stored before they are acknowledged to the platform, processed from there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import InboxUpdate
from storage.uow import UnitOfWork

KEEP_DONE = timedelta(days=2)  # processed updates stay a while for redeliveries and diagnosis
RESUME_BATCH = 1000


@dataclass(frozen=True)
class Stored:
    """One stored update to process: its row id, the chat whose order it keeps, the user it counts against."""

    id: int
    update_id: str
    chat: str
    user: str
    payload: str


def store(
    uow: UnitOfWork, platform: str, update_id: str, chat: str, user: str, payload: str, now: datetime
) -> Stored | None:
    """The update, stored for processing; None when it was stored before (a redelivery)."""
    row = InboxUpdate(
        platform=platform, update_id=update_id, chat=chat, user=user, payload=payload, received_at=now, done_at=None
    )
    if not uow.inbox.add(row):
        return None
    return Stored(row.id, update_id, chat, user, payload)


def pending(uow: UnitOfWork, platform: str) -> list[Stored]:
    """What was stored and not processed (a crash, a restart), oldest first."""
    rows = uow.inbox.pending(platform, RESUME_BATCH)
    return [Stored(r.id, r.update_id, r.chat, r.user, r.payload) for r in rows]


def done(uow: UnitOfWork, row_id: int, now: datetime) -> None:
    uow.inbox.mark_done(row_id, now)


def purge(uow: UnitOfWork, now: datetime) -> int:
    return uow.inbox.purge_done(now - KEEP_DONE)
