"""Visit drafts: one row per confirm card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import VisitDraftRow

OPEN = "open"


class DraftRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, draft: VisitDraftRow) -> VisitDraftRow:
        self.session.add(draft)
        self.session.flush()
        return draft

    def get_own(self, staff_id: int, draft_id: int) -> VisitDraftRow | None:
        stmt = select(VisitDraftRow).where(VisitDraftRow.id == draft_id, VisitDraftRow.staff_id == staff_id)
        return self.session.scalar(stmt)

    def awaiting_answer(self, staff_id: int, chat_id: str, now: datetime) -> VisitDraftRow | None:
        """The open draft in this chat that asked a question and waits for the next typed message."""
        stmt = (
            select(VisitDraftRow)
            .where(VisitDraftRow.staff_id == staff_id, VisitDraftRow.chat_id == chat_id)
            .where(VisitDraftRow.status == OPEN, VisitDraftRow.awaiting.is_not(None), VisitDraftRow.expires_at > now)
            .order_by(VisitDraftRow.updated_at.desc(), VisitDraftRow.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def open_in_chat(self, staff_id: int, chat_id: str, now: datetime) -> Sequence[VisitDraftRow]:
        stmt = (
            select(VisitDraftRow)
            .where(VisitDraftRow.staff_id == staff_id, VisitDraftRow.chat_id == chat_id)
            .where(VisitDraftRow.status == OPEN, VisitDraftRow.expires_at > now)
            .order_by(VisitDraftRow.id)
        )
        return self.session.scalars(stmt).all()

    def open_correction(self, staff_id: int, visit_id: int, now: datetime) -> VisitDraftRow | None:
        stmt = (
            select(VisitDraftRow)
            .where(VisitDraftRow.staff_id == staff_id, VisitDraftRow.corrects_visit_id == visit_id)
            .where(VisitDraftRow.status == OPEN, VisitDraftRow.expires_at > now)
            .order_by(VisitDraftRow.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def stop_waiting(self, staff_id: int, chat_id: str, except_id: int) -> None:
        """Only one draft of a chat waits for a typed answer: the one that asked last."""
        stmt = (
            update(VisitDraftRow)
            .where(VisitDraftRow.staff_id == staff_id, VisitDraftRow.chat_id == chat_id)
            .where(VisitDraftRow.id != except_id, VisitDraftRow.awaiting.is_not(None))
            .values(awaiting=None, pending=[])
        )
        self.session.execute(stmt)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(delete(VisitDraftRow).where(VisitDraftRow.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)
