"""Removing what has expired: button rows, conversation state and visit drafts past their expiry, and processed
updates of the inbox after two days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.services import inbox
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Purged:
    buttons: int
    states: int
    drafts: int
    updates: int = 0


def purge_expired(uow: UnitOfWork, now: datetime) -> Purged:
    """Deletes rows whose expiry has passed; none of them can be used any more, so nothing is lost."""
    return Purged(
        buttons=uow.buttons.purge_expired(now),
        states=uow.states.purge_expired(now),
        drafts=uow.drafts.purge_expired(now),
        updates=inbox.purge(uow, now),
    )


def ping(uow: UnitOfWork) -> None:
    """The health check's round trip to the database."""
    uow.coordination.ping()
