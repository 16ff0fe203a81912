"""Staff, their chat identities, the organisation tree, and invite codes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.enums import Role, UnitKind
from storage.models import BindAttempt, ChatIdentity, InviteCode, OrgUnit, Staff, UnitLead


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, staff: Staff) -> Staff:
        self.session.add(staff)
        self.session.flush()
        return staff

    def get(self, staff_id: int) -> Staff | None:
        return self.session.get(Staff, staff_id)

    def by_staff_no(self, staff_no: str) -> Staff | None:
        return self.session.scalar(select(Staff).where(Staff.staff_no == staff_no))

    def by_name(self, name: str) -> Sequence[Staff]:
        return self.session.scalars(select(Staff).where(Staff.name == name).order_by(Staff.id)).all()

    def first_with_role(self, role: Role) -> Staff | None:
        stmt = select(Staff).where(Staff.role == role, Staff.active.is_(True)).order_by(Staff.id).limit(1)
        return self.session.scalar(stmt)

    def by_identity(self, platform: str, external_id: str) -> Staff | None:
        stmt = (
            select(Staff)
            .join(ChatIdentity, ChatIdentity.staff_id == Staff.id)
            .where(ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)
        )
        return self.session.scalar(stmt)

    def identity(self, platform: str, external_id: str) -> ChatIdentity | None:
        stmt = select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)
        return self.session.scalar(stmt)

    def identities(self, platform: str) -> Sequence[tuple[ChatIdentity, Staff]]:
        stmt = (
            select(ChatIdentity, Staff)
            .join(Staff, ChatIdentity.staff_id == Staff.id)
            .where(ChatIdentity.platform == platform, Staff.active.is_(True))
            .order_by(ChatIdentity.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def identity_by_chat(self, platform: str, chat_id: str) -> ChatIdentity | None:
        stmt = select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.private_chat_id == chat_id)
        return self.session.scalar(stmt)

    def add_identity(self, identity: ChatIdentity) -> None:
        self.session.add(identity)
        self.session.flush()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Staff)) or 0

    def led_unit_ids(self, staff_id: int) -> list[int]:
        return list(self.session.scalars(select(UnitLead.unit_id).where(UnitLead.staff_id == staff_id)))

    def leads_of(self, unit_id: int) -> list[int]:
        stmt = (
            select(UnitLead.staff_id)
            .join(Staff, Staff.id == UnitLead.staff_id)
            .where(UnitLead.unit_id == unit_id, Staff.active.is_(True))
            .order_by(UnitLead.staff_id)
        )
        return list(self.session.scalars(stmt))

    def add_lead(self, staff_id: int, unit_id: int) -> None:
        self.session.add(UnitLead(staff_id=staff_id, unit_id=unit_id))

    def remove_lead(self, staff_id: int, unit_id: int) -> None:
        self.session.execute(delete(UnitLead).where(UnitLead.staff_id == staff_id, UnitLead.unit_id == unit_id))


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, unit: OrgUnit) -> OrgUnit:
        self.session.add(unit)
        self.session.flush()
        return unit

    def get(self, unit_id: int) -> OrgUnit | None:
        return self.session.get(OrgUnit, unit_id)

    def by_name(self, name: str) -> OrgUnit | None:
        return self.session.scalar(select(OrgUnit).where(OrgUnit.name == name).order_by(OrgUnit.id).limit(1))

    def names(self) -> list[str]:
        return list(self.session.scalars(select(OrgUnit.name).order_by(OrgUnit.id)))

    def first_of_kind(self, kind: UnitKind) -> OrgUnit | None:
        return self.session.scalar(select(OrgUnit).where(OrgUnit.kind == kind).order_by(OrgUnit.id).limit(1))

    def by_ids(self, unit_ids: Sequence[int]) -> Sequence[OrgUnit]:
        return self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)).order_by(OrgUnit.id)).all()

    def all_ids(self) -> list[int]:
        return list(self.session.scalars(select(OrgUnit.id).order_by(OrgUnit.id)))

    def child_ids(self, parent_ids: Sequence[int]) -> list[int]:
        return list(self.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.in_(parent_ids))))

    def members(self, unit_ids: Sequence[int]) -> Sequence[Staff]:
        stmt = (
            select(Staff)
            .where(Staff.unit_id.in_(unit_ids), Staff.active.is_(True))
            .order_by(Staff.unit_id, Staff.role, Staff.id)
        )
        return self.session.scalars(stmt).all()


class InviteRepository:
    """One-time invite codes (stored as hashes) and the failed attempts that rate-limit guessing."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, code: InviteCode) -> None:
        self.session.add(code)

    def by_hash(self, code_hash: str) -> InviteCode | None:
        return self.session.scalar(select(InviteCode).where(InviteCode.code_hash == code_hash))

    def expire_unused(self, staff_id: int, now: datetime) -> None:
        stmt = (
            update(InviteCode)
            .where(InviteCode.staff_id == staff_id, InviteCode.used_at.is_(None))
            .values(expires_at=now)
        )
        self.session.execute(stmt)

    def add_failed_attempt(self, platform: str, external_id: str, at: datetime) -> None:
        self.session.add(BindAttempt(platform=platform, external_id=external_id, at=at))

    def failed_attempts_since(self, platform: str, external_id: str, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(BindAttempt)
            .where(BindAttempt.platform == platform, BindAttempt.external_id == external_id, BindAttempt.at > since)
        )
        return self.session.scalar(stmt) or 0
