"""Short-lived conversation state (the last FAQ answer, a draft), kept in the database with an expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from storage.models import ConversationState
from storage.uow import UnitOfWork


def remember(
    uow: UnitOfWork,
    staff_id: int,
    chat_id: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    ttl: timedelta,
) -> None:
    state = uow.states.get(staff_id, chat_id, kind)
    if state is None:
        uow.states.add(
            ConversationState(
                staff_id=staff_id,
                chat_id=chat_id,
                kind=kind,
                payload=payload,
                updated_at=now,
                expires_at=now + ttl,
            )
        )
        return
    state.payload, state.updated_at, state.expires_at = payload, now, now + ttl


def recall(uow: UnitOfWork, staff_id: int, chat_id: str, kind: str, now: datetime) -> dict[str, Any] | None:
    """The payload if the state exists and has not expired."""
    state = uow.states.get(staff_id, chat_id, kind)
    if state is None or state.expires_at <= now:
        return None
    return dict(state.payload)


def forget(uow: UnitOfWork, staff_id: int, chat_id: str, kind: str) -> None:
    state = uow.states.get(staff_id, chat_id, kind)
    if state is not None:
        uow.states.remove(state)
