"""What a conversation leaves behind: the inbox of stored updates, processed update ids, button rows,
conversation state, the audit log and the FAQ log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import (
    AuditEntry,
    ButtonAction,
    ConversationState,
    FaqLog,
    FaqSuggestionDecision,
    InboxUpdate,
    ProcessedUpdate,
)
from storage.repositories.upsert import insert


class UpdateRepository:
    """Platform update ids already processed, for exactly-once handling."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, platform: str, update_id: str, at: datetime) -> bool:
        """Insert-or-nothing (ON CONFLICT DO NOTHING on both databases): True when this transaction recorded the
        update first. A second instance holding the same update waits for the first one's commit and then gets
        False, never a unique violation."""
        new = insert(self.session, ProcessedUpdate).values(platform=platform, update_id=update_id, processed_at=at)
        stmt = new.on_conflict_do_nothing(index_elements=["platform", "update_id"]).returning(new.table.c.update_id)
        return self.session.execute(stmt).first() is not None

    def set_replies(self, platform: str, update_id: str, payload: str | None) -> None:
        """One UPDATE, no read first: it runs twice for every update a durable channel handles."""
        stmt = (
            update(ProcessedUpdate)
            .where(ProcessedUpdate.platform == platform, ProcessedUpdate.update_id == update_id)
            .values(replies=payload)
            .execution_options(synchronize_session=False)
        )
        self.session.execute(stmt)

    def replies(self, platform: str, update_id: str) -> str | None:
        stmt = select(ProcessedUpdate.replies).where(
            ProcessedUpdate.platform == platform, ProcessedUpdate.update_id == update_id
        )
        return self.session.scalar(stmt)


class InboxRepository:
    """Updates stored before they are acknowledged, until processed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: InboxUpdate) -> bool:
        """False when the update is stored already (a redelivery); the insert is its own savepoint."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            return False
        return True

    def pending(self, platform: str, limit: int) -> Sequence[InboxUpdate]:
        stmt = select(InboxUpdate).where(InboxUpdate.platform == platform, InboxUpdate.done_at.is_(None))
        return self.session.scalars(stmt.order_by(InboxUpdate.id).limit(limit)).all()

    def mark_done(self, row_id: int, at: datetime) -> None:
        self.session.execute(update(InboxUpdate).where(InboxUpdate.id == row_id).values(done_at=at))

    def purge_done(self, before: datetime) -> int:
        stmt = delete(InboxUpdate).where(InboxUpdate.done_at.is_not(None), InboxUpdate.done_at < before)
        return int(getattr(self.session.execute(stmt), "rowcount", 0) or 0)


class ButtonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, action: ButtonAction) -> None:
        self.session.add(action)

    def get(self, key: str) -> ButtonAction | None:
        return self.session.get(ButtonAction, key)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(delete(ButtonAction).where(ButtonAction.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)


class StateRepository:
    """Conversations in progress, one row per (user, chat, kind)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, staff_id: int, chat_id: str, kind: str) -> ConversationState | None:
        stmt = select(ConversationState).where(
            ConversationState.staff_id == staff_id,
            ConversationState.chat_id == chat_id,
            ConversationState.kind == kind,
        )
        return self.session.scalar(stmt)

    def remove(self, state: ConversationState) -> None:
        self.session.delete(state)

    def add(self, state: ConversationState) -> None:
        self.session.add(state)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(delete(ConversationState).where(ConversationState.expires_at < now))
        return int(getattr(result, "rowcount", 0) or 0)


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def for_actor(self, actor_id: int) -> Sequence[AuditEntry]:
        stmt = select(AuditEntry).where(AuditEntry.actor_id == actor_id).order_by(AuditEntry.id)
        return self.session.scalars(stmt).all()


class FaqLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: FaqLog) -> FaqLog:
        self.session.add(entry)
        self.session.flush()
        return entry

    def get(self, log_id: int) -> FaqLog | None:
        return self.session.get(FaqLog, log_id)

    def needing_review(self, since: datetime | None) -> Sequence[FaqLog]:
        """Questions nobody could answer, and answers someone voted down."""
        stmt = select(FaqLog).where((FaqLog.status == "none") | (FaqLog.feedback < 0))
        if since is not None:
            stmt = stmt.where(FaqLog.at >= since)
        return self.session.scalars(stmt.order_by(FaqLog.id)).all()


class FaqSuggestionRepository:
    """What users' choices suggest to the curators, and the curators' decisions on it."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def logged_since(self, since: datetime | None) -> Sequence[FaqLog]:
        """The FAQ log, each asker's questions together in the order asked."""
        stmt = select(FaqLog).where(FaqLog.staff_id.is_not(None))
        if since is not None:
            stmt = stmt.where(FaqLog.at >= since)
        return self.session.scalars(stmt.order_by(FaqLog.staff_id, FaqLog.id)).all()

    def decided(self) -> set[tuple[str, str]]:
        rows = self.session.execute(select(FaqSuggestionDecision.entry_id, FaqSuggestionDecision.question))
        return {(entry_id, question) for entry_id, question in rows}

    def decide(self, entry_id: str, question: str, accepted: bool, at: datetime) -> None:
        self.session.add(FaqSuggestionDecision(entry_id=entry_id, question=question, accepted=accepted, decided_at=at))
        self.session.flush()
