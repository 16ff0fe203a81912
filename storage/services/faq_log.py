"""The FAQ log: what was asked, what the bot did, and what the asker thought of it."""

from __future__ import annotations

from datetime import datetime

from storage.errors import ButtonNotYours, NotFound
from storage.models import FaqLog
from storage.uow import UnitOfWork


def record(
    uow: UnitOfWork,
    staff_id: int | None,
    question: str,
    status: str,
    entry_id: str | None,
    score: float,
    now: datetime,
) -> int:
    row = uow.faq_log.add(
        FaqLog(at=now, staff_id=staff_id, question=question, status=status, entry_id=entry_id, score=score)
    )
    return row.id


def resolve_choice(uow: UnitOfWork, log_id: int, staff_id: int, entry_id: str | None) -> None:
    """A "did you mean" press: the chosen entry, or none of them (which sends it to review)."""
    row = _own(uow, log_id, staff_id)
    row.entry_id = entry_id
    row.status = "chosen" if entry_id else "none"


def vote(uow: UnitOfWork, log_id: int, staff_id: int, value: int) -> None:
    """👍 (+1) or 👎 (-1) on an answer; the last vote counts."""
    _own(uow, log_id, staff_id).feedback = 1 if value > 0 else -1


def review_queue(uow: UnitOfWork, since: datetime | None = None) -> list[str]:
    return [row.question for row in uow.faq_log.needing_review(since)]


def _own(uow: UnitOfWork, log_id: int, staff_id: int) -> FaqLog:
    row = uow.faq_log.get(log_id)
    if row is None:
        raise NotFound()
    if row.staff_id != staff_id:
        raise ButtonNotYours()
    return row
