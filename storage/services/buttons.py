"""Buttons carry a short key; the action and its payload live in a row with an expiry."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.errors import ButtonExpired, ButtonNotYours
from storage.models import ButtonAction
from storage.uow import UnitOfWork

DEFAULT_TTL = timedelta(days=2)


@dataclass(frozen=True)
class Pressed:
    action: str
    payload: dict[str, Any]


def issue(
    uow: UnitOfWork,
    staff_id: int,
    chat_id: str,
    action: str,
    payload: dict[str, Any],
    now: datetime,
    ttl: timedelta = DEFAULT_TTL,
) -> str:
    """Stores what the button does and returns its key (12 URL-safe characters)."""
    key = secrets.token_urlsafe(9)
    uow.buttons.add(
        ButtonAction(
            key=key,
            staff_id=staff_id,
            chat_id=chat_id,
            action=action,
            payload=payload,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return key


def redeem(uow: UnitOfWork, key: str, staff_id: int, now: datetime, *, single_use: bool = False) -> Pressed:
    """The action behind a key, for the user it was shown to, while it is still valid."""
    row = uow.buttons.get(key)
    if row is None or row.expires_at <= now or row.used_at is not None:
        raise ButtonExpired()
    if row.staff_id != staff_id:
        raise ButtonNotYours()
    if single_use:
        row.used_at = now
    return Pressed(action=row.action, payload=dict(row.payload))
