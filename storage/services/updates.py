"""Exactly-once processing of incoming platform updates, and the replies of a durable channel kept with them until
they are delivered (a crash between the commit and the platform call sends them on the retry)."""

from __future__ import annotations

from datetime import datetime

from storage.uow import UnitOfWork


def claim(uow: UnitOfWork, platform: str, update_id: str, now: datetime) -> bool:
    """Records the update in the current transaction; False when it was processed before (or, by another
    instance, at the same time)."""
    return uow.updates.claim(platform, update_id, now)


def keep_replies(uow: UnitOfWork, platform: str, update_id: str, payload: str) -> None:
    uow.updates.set_replies(platform, update_id, payload)


def undelivered_replies(uow: UnitOfWork, platform: str, update_id: str) -> str | None:
    return uow.updates.replies(platform, update_id)


def replies_delivered(uow: UnitOfWork, platform: str, update_id: str) -> None:
    uow.updates.set_replies(platform, update_id, None)
