"""Exactly-once processing of incoming platform updates."""

from __future__ import annotations

from datetime import datetime

from storage.uow import UnitOfWork


def claim(uow: UnitOfWork, platform: str, update_id: str, now: datetime) -> bool:
    """Records the update in the current transaction; False when it was processed before."""
    if uow.updates.seen(platform, update_id):
        return False
    uow.updates.add(platform, update_id, now)
    return True
