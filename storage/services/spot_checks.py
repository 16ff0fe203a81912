"""Spot checks (抽查): a supervisor verifies random recent visits of a manager in their teams."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.errors import Forbidden
from storage.models import SpotCheck
from storage.services import audit, org
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class CheckItem:
    visit_id: int
    customer: str
    occurred_at: datetime
    channel: str
    time_known: bool = True


def pick(
    uow: UnitOfWork, actor: StaffView, name: str, count: int, now: datetime, rng: random.Random
) -> list[CheckItem]:
    """`count` random visits of the last 30 days by a manager in scope, registered for checking."""
    person = org.managers_in_scope(uow, actor, name)[0]
    rows = uow.visits.between([person.id], now - WINDOW, now + timedelta(days=1), limit=None, newest_first=False)
    chosen = rng.sample(list(rows), min(count, len(rows)))
    for visit, _ in chosen:
        if uow.spot_checks.get(actor.id, visit.id) is None:
            uow.spot_checks.add(SpotCheck(supervisor_id=actor.id, visit_id=visit.id, at=now))
    audit.record(
        uow,
        actor.id,
        "spot_check_started",
        now,
        entity="staff",
        entity_id=person.id,
        detail={"visits": [visit.id for visit, _ in chosen]},
    )
    return [CheckItem(v.id, c.name, v.occurred_at, v.channel, v.time_known) for v, c in chosen]


def record(uow: UnitOfWork, actor: StaffView, visit_id: int, result: str, now: datetime) -> None:
    """✓ or ✗ on a visit this supervisor picked; anything else is refused."""
    row = uow.spot_checks.get(actor.id, visit_id)
    if row is None:
        raise Forbidden()
    row.result, row.at = result, now
    audit.record(uow, actor.id, "spot_check", now, entity="visit", entity_id=visit_id, detail={"result": result})
