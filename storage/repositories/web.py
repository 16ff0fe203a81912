"""Sign-in links, browser sessions and the shared signing key of the web desk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import WebKey, WebLink, WebSession
from storage.repositories.upsert import insert


class WebRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def key(self, name: str, candidate: str, now: datetime) -> str:
        """The key called `name`: `candidate` if none exists yet, else the one another instance made first."""
        stmt = insert(self.session, WebKey).values(name=name, value=candidate, created_at=now)
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
        return str(self.session.scalar(select(WebKey.value).where(WebKey.name == name)))

    def add_link(self, link: WebLink) -> None:
        self.session.add(link)
        self.session.flush()

    def use_link(self, digest: str, now: datetime) -> int | None:
        """Marks the link used and returns its staff id, in one statement: a second use finds nothing."""
        stmt = (
            update(WebLink)
            .where(WebLink.digest == digest, WebLink.used_at.is_(None), WebLink.expires_at > now)
            .values(used_at=now)
            .returning(WebLink.staff_id)
        )
        return self.session.execute(stmt).scalar()

    def add_session(self, row: WebSession) -> None:
        self.session.add(row)
        self.session.flush()

    def live_session(self, digest: str, now: datetime) -> WebSession | None:
        stmt = select(WebSession).where(
            WebSession.digest == digest, WebSession.ended_at.is_(None), WebSession.expires_at > now
        )
        return self.session.scalar(stmt)

    def end_session(self, digest: str, now: datetime) -> None:
        self.session.execute(update(WebSession).where(WebSession.digest == digest).values(ended_at=now))
