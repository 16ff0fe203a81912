"""The FAQ log: what was asked, what the bot did, and what the asker thought of it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from knowledge.visit_parser import looks_like_visit, mentions_known
from storage.errors import ButtonNotYours, NotFound
from storage.masking import mask_text
from storage.models import FaqLog
from storage.services import audit
from storage.uow import UnitOfWork

PRIVATE = ""  # the stored question of a text that named a customer: counted, never shown


def record(
    uow: UnitOfWork,
    staff_id: int | None,
    question: str,
    status: str,
    entry_id: str | None,
    score: float,
    now: datetime,
) -> int:
    """Logs a question for the curators, with personal numbers masked; a text that names one of the asker's
    customers or reads as a visit report is logged without its words, so no customer reaches the gap list."""
    text = mask_text(question)
    if staff_id is not None and _private(uow, staff_id, question):
        text = PRIVATE
    row = uow.faq_log.add(
        FaqLog(at=now, staff_id=staff_id, question=text, status=status, entry_id=entry_id, score=score)
    )
    return row.id


def _private(uow: UnitOfWork, staff_id: int, question: str) -> bool:
    names = [c.name for c in uow.customers.owned_by(staff_id)]
    return looks_like_visit(question, names) or bool(mentions_known(question, names))


def resolve_choice(uow: UnitOfWork, log_id: int, staff_id: int, entry_id: str | None) -> None:
    """A "did you mean" press: the chosen entry, or none of them (which sends it to review)."""
    row = _own(uow, log_id, staff_id)
    row.entry_id = entry_id
    row.status = "chosen" if entry_id else "none"


def vote(uow: UnitOfWork, log_id: int, staff_id: int, value: int) -> None:
    """👍 (+1) or 👎 (-1) on an answer; the last vote counts."""
    _own(uow, log_id, staff_id).feedback = 1 if value > 0 else -1


def review_queue(uow: UnitOfWork, since: datetime | None = None) -> list[str]:
    """Masked again on the way out: rows logged before a form was recognised are not shown unmasked either.
    Questions a curator already decided on (made an alternate or an entry, or dismissed) are not shown again."""
    decided = uow.knowledge.gap_decisions()
    questions = (mask_text(row.question) for row in uow.faq_log.needing_review(since) if row.question != PRIVATE)
    return [question for question in questions if question not in decided]


GAP_ACTIONS = ("alternate", "entry", "dismissed")


def decide_gaps(
    uow: UnitOfWork, questions: Iterable[str], action: str, actor: int, now: datetime, entry_id: str | None = None
) -> int:
    """One decision for every question of a gap cluster; the review queue leaves them out from now on."""
    if action not in GAP_ACTIONS:
        raise ValueError(action)
    count = 0
    for question in dict.fromkeys(questions):
        uow.knowledge.decide_gap(question[:500], action, entry_id, actor, now)
        count += 1
    audit.record(
        uow, actor, f"kb_gap_{action}", now, entity="kb_entry", entity_id=entry_id, detail={"questions": count}
    )
    return count


def _own(uow: UnitOfWork, log_id: int, staff_id: int) -> FaqLog:
    row = uow.faq_log.get(log_id)
    if row is None:
        raise NotFound()
    if row.staff_id != staff_id:
        raise ButtonNotYours()
    return row
