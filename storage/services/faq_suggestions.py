"""Learning from use: a question for which a user found the right entry becomes a suggested alternate of that entry
(a "您是不是想问" choice pressed, or an answer voted down and another one found right after), for the curators to
accept into the knowledge base or reject."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import FaqLog
from storage.services import audit
from storage.services.faq_log import PRIVATE
from storage.uow import UnitOfWork

RETRY_WINDOW = timedelta(minutes=10)  # a 👎 and the entry found next count together within this time


@dataclass(frozen=True)
class Suggestion:
    entry_id: str
    question: str
    times: int  # how many times users made this choice


def pending(uow: UnitOfWork, since: datetime | None = None) -> list[Suggestion]:
    """Suggestions nobody has decided on, the most made first; the numbering of `kehu kb suggestions`."""
    found: Counter[tuple[str, str]] = Counter()
    rows = uow.faq_suggestions.logged_since(since)
    for index, row in enumerate(rows):
        if row.question == PRIVATE:
            continue
        if row.status == "chosen" and row.entry_id:
            found[(row.entry_id, row.question)] += 1
        elif (row.feedback or 0) < 0 and (later := _found_next(rows, index)) is not None:
            found[(later, row.question)] += 1
    decided = uow.faq_suggestions.decided()
    open_ = [(key, n) for key, n in found.items() if key not in decided]
    return [Suggestion(entry, question, n) for (entry, question), n in sorted(open_, key=lambda kv: (-kv[1], kv[0]))]


def _found_next(rows: Sequence[FaqLog], index: int) -> str | None:
    """The entry the same asker found right after a 👎 (chosen, or answered and voted up), if any."""
    row = rows[index]
    for later in rows[index + 1 :]:
        if later.staff_id != row.staff_id or later.at - row.at > RETRY_WINDOW:
            return None
        if (
            later.entry_id
            and later.entry_id != row.entry_id
            and (later.status == "chosen" or (later.feedback or 0) > 0)
        ):
            return later.entry_id
    return None


def decide(uow: UnitOfWork, suggestion: Suggestion, accepted: bool, now: datetime, actor_id: int | None = None) -> None:
    uow.faq_suggestions.decide(suggestion.entry_id, suggestion.question, accepted, now)
    action = "kb_suggestion_accepted" if accepted else "kb_suggestion_rejected"
    audit.record(uow, actor_id, action, now, entity="kb_entry", entity_id=suggestion.entry_id)
