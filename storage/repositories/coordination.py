"""What instances on one database coordinate through: leases and shared version counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, literal, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Lease, PublishedMenu, SharedVersion
from storage.repositories.upsert import insert


class CoordinationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ping(self) -> None:
        """One round trip: raises (StorageUnavailable through the unit of work) when the database does not answer."""
        self.session.execute(select(literal(1))).one()

    def take_lease(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Creates the lease, renews it for its holder, or takes it over once it lapsed; False while another
        instance holds it. Each step is one statement, so two contenders cannot both win."""
        new = insert(self.session, Lease).values(name=name, holder=holder, expires_at=until)
        created = new.on_conflict_do_nothing(index_elements=["name"]).returning(new.table.c.name)
        if self.session.execute(created).first() is not None:
            return True
        taken = (
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at <= now))
            .values(holder=holder, expires_at=until)
            .returning(Lease.name)
        )
        return self.session.execute(taken).first() is not None

    def release_lease(self, name: str, holder: str, now: datetime) -> None:
        stmt = update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=now)
        self.session.execute(stmt)

    def live_leases(self, prefix: str, now: datetime) -> int:
        stmt = select(func.count()).where(Lease.name.startswith(prefix, autoescape=True), Lease.expires_at > now)
        return int(self.session.scalar(stmt) or 0)

    def lease_holder(self, name: str, now: datetime) -> str | None:
        stmt = select(Lease.holder).where(Lease.name == name, Lease.expires_at > now)
        return self.session.scalar(stmt)

    def version(self, name: str) -> int:
        return int(self.session.scalar(select(SharedVersion.version).where(SharedVersion.name == name)) or 0)

    def bump(self, name: str, now: datetime) -> int:
        """The counter one higher (created at 1), atomically."""
        first = insert(self.session, SharedVersion).values(name=name, version=1, changed_at=now)
        stmt = first.on_conflict_do_update(
            index_elements=["name"], set_={"version": first.table.c.version + 1, "changed_at": now}
        ).returning(first.table.c.version)
        return int(self.session.execute(stmt).scalar_one())

    def menu_digests(self, platform: str) -> dict[str, str]:
        stmt = select(PublishedMenu.scope, PublishedMenu.digest).where(PublishedMenu.platform == platform)
        return {scope: digest for scope, digest in self.session.execute(stmt).all()}

    def record_menu(self, platform: str, scope: str, digest: str, now: datetime) -> None:
        row = insert(self.session, PublishedMenu).values(
            platform=platform, scope=scope, digest=digest, published_at=now
        )
        stmt = row.on_conflict_do_update(
            index_elements=["platform", "scope"], set_={"digest": digest, "published_at": now}
        )
        self.session.execute(stmt)
