"""The audit log: one call so every capability records actions the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models import AuditEntry
from storage.uow import UnitOfWork


def record(
    uow: UnitOfWork,
    actor_id: int | None,
    action: str,
    now: datetime,
    *,
    entity: str | None = None,
    entity_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    uow.audit.add(
        AuditEntry(
            at=now,
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail or {},
        )
    )
