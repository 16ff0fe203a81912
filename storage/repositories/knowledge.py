"""The knowledge base's working copy in the database, its revisions, and the curators' decisions on gaps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import FaqGapDecision, KbEntryRow, KbRevision
from storage.repositories.upsert import insert


class KnowledgeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def any_entry(self) -> bool:
        return self.session.scalar(select(KbEntryRow.id).limit(1)) is not None

    def rows(self) -> Sequence[KbEntryRow]:
        return self.session.scalars(select(KbEntryRow).order_by(KbEntryRow.id)).all()

    def get(self, entry_id: str) -> KbEntryRow | None:
        return self.session.get(KbEntryRow, entry_id)

    def add(self, row: KbEntryRow) -> None:
        self.session.add(row)
        self.session.flush()

    def bump(self, entry_id: str, expected: int, values: dict[str, object]) -> bool:
        """Writes `values` only if nobody saved the entry since version `expected` (a compare-and-set, so two
        curators saving at once cannot silently overwrite each other)."""
        stmt = (
            update(KbEntryRow)
            .where(KbEntryRow.id == entry_id, KbEntryRow.version == expected)
            .values(version=expected + 1, **values)
            .returning(KbEntryRow.id)
        )
        found = self.session.execute(stmt).first() is not None
        self.session.expire_all()
        return found

    def add_revision(self, revision: KbRevision) -> None:
        self.session.add(revision)
        self.session.flush()

    def revisions(self, entry_id: str) -> Sequence[KbRevision]:
        stmt = select(KbRevision).where(KbRevision.entry_id == entry_id).order_by(KbRevision.version.desc())
        return self.session.scalars(stmt).all()

    def gap_decisions(self) -> set[str]:
        return set(self.session.scalars(select(FaqGapDecision.question)).all())

    def decide_gap(self, question: str, action: str, entry_id: str | None, staff_id: int, now: datetime) -> None:
        values = {"question": question, "action": action, "entry_id": entry_id, "decided_at": now}
        stmt = insert(self.session, FaqGapDecision).values(**values, staff_id=staff_id)
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["question"]))
