"""Staff onboarding and offboarding: accounts, one-time invite codes, deactivation and handover (离岗交接)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from knowledge.names import normalise_name
from storage.enums import Role, UnitKind
from storage.errors import DomainError, NotFound, UnknownStaff
from storage.models import InviteCode, OrgUnit, Staff
from storage.services import audit, staff
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

INVITE_TTL = timedelta(days=7)
MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(hours=1)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
ROLE_WORDS = {
    "客户经理": Role.MANAGER,
    "经理": Role.MANAGER,
    "manager": Role.MANAGER,
    "团队主管": Role.SUPERVISOR,
    "主管": Role.SUPERVISOR,
    "团队长": Role.SUPERVISOR,
    "行长": Role.SUPERVISOR,
    "supervisor": Role.SUPERVISOR,
    "管理员": Role.ADMIN,
    "admin": Role.ADMIN,
}


class StaffExists(NotFound):
    code = "error.staff_exists"


class AccountTaken(DomainError):
    """A platform account already bound to someone else."""

    code = "error.account_taken"


@dataclass(frozen=True)
class Redeemed:
    status: str  # ok, invalid, expired, used, locked, already
    user: StaffView | None = None


def role_of(word: str) -> Role | None:
    return ROLE_WORDS.get(word.strip().lower())


def add_staff(
    uow: UnitOfWork,
    staff_no: str,
    name: str,
    role: Role,
    team: str | None,
    phone: str | None,
    now: datetime,
    *,
    timezone: str = "Asia/Shanghai",
) -> int:
    """A new account; the team is created under the first branch when it does not exist yet."""
    if uow.staff.by_staff_no(staff_no) is not None:
        raise StaffExists(staff_no=staff_no)
    unit_id = _team(uow, team, now) if team else None
    person = uow.staff.add(
        Staff(
            staff_no=staff_no,
            name=name,
            role=role,
            unit_id=unit_id,
            phone=phone or None,
            active=True,
            locale="zh-CN",
            timezone=timezone,
            created_at=now,
        )
    )
    if role is Role.SUPERVISOR and unit_id is not None:
        uow.staff.add_lead(person.id, unit_id)
    audit.record(uow, None, "staff_created", now, entity="staff", entity_id=person.id)
    return person.id


def _team(uow: UnitOfWork, name: str, now: datetime) -> int:
    unit = uow.units.by_name(name)
    if unit is not None:
        return unit.id
    branch = uow.units.first_of_kind(UnitKind.BRANCH)
    return uow.units.add(
        OrgUnit(name=name, kind=UnitKind.TEAM, parent_id=branch.id if branch else None, created_at=now)
    ).id


def issue_invite(uow: UnitOfWork, staff_no: str, now: datetime, ttl: timedelta = INVITE_TTL) -> str:
    """A fresh code for an active staff member; earlier unused codes stop working."""
    person = uow.staff.by_staff_no(staff_no)
    if person is None or not person.active:
        raise UnknownStaff(who=staff_no)
    uow.invites.expire_unused(person.id, now)
    code = "".join(secrets.choice(ALPHABET) for _ in range(10))
    uow.invites.add(InviteCode(staff_id=person.id, code_hash=_hash(code), created_at=now, expires_at=now + ttl))
    return code


def redeem(uow: UnitOfWork, platform: str, external_id: str, code: str, now: datetime) -> Redeemed:
    """Binds this chat identity with a code; failed tries are recorded (and counted) in the same transaction."""
    if staff.resolve(uow, platform, external_id) is not None:
        return Redeemed("already")
    if uow.invites.failed_attempts_since(platform, external_id, now - ATTEMPT_WINDOW) >= MAX_FAILED_ATTEMPTS:
        return Redeemed("locked")
    row = uow.invites.by_hash(_hash(code))
    status = "invalid" if row is None else "used" if row.used_at else "expired" if row.expires_at <= now else "ok"
    person = uow.staff.get(row.staff_id) if row is not None else None
    if status == "ok" and (person is None or not person.active):
        status = "invalid"
    if status != "ok" or row is None or person is None:
        uow.invites.add_failed_attempt(platform, external_id, now)
        return Redeemed(status)
    row.used_at = now
    staff.bind_identity(uow, person.id, platform, external_id, now)
    audit.record(
        uow, person.id, "identity_bound", now, entity="staff", entity_id=person.id, detail={"platform": platform}
    )
    return Redeemed("ok", staff.resolve(uow, platform, external_id))


def deactivate(uow: UnitOfWork, staff_no: str, now: datetime) -> str:
    """A leaver loses access at once: every lookup of an identity checks the active flag."""
    person = uow.staff.by_staff_no(staff_no)
    if person is None:
        raise UnknownStaff(who=staff_no)
    person.active, person.deactivated_at = False, now
    audit.record(uow, None, "staff_deactivated", now, entity="staff", entity_id=person.id)
    return person.name


@dataclass(frozen=True)
class Handover:
    customers: int
    tasks: int
    kept: tuple[str, ...]  # customers the successor already has under the same name, left with the leaver


def handover(uow: UnitOfWork, old_no: str, new_no: str, now: datetime) -> Handover:
    """Moves customers and open tasks to the successor; visits stay with their author as history."""
    old, new = uow.staff.by_staff_no(old_no), uow.staff.by_staff_no(new_no)
    if old is None:
        raise UnknownStaff(who=old_no)
    if new is None or not new.active:
        raise UnknownStaff(who=new_no)
    taken = {c.name_norm for c in uow.customers.owned_by(new.id)}
    moved, kept = 0, []
    for customer in uow.customers.owned_by(old.id):
        if normalise_name(customer.name) in taken:
            kept.append(customer.name)
            continue
        customer.owner_id, customer.updated_at = new.id, now
        moved += 1
    count = uow.tasks.reassign_open(old.id, new.id)
    audit.record(
        uow,
        None,
        "handover",
        now,
        entity="staff",
        entity_id=old.id,
        detail={"to": new.id, "customers": moved, "tasks": count, "kept": kept},
    )
    return Handover(moved, count, tuple(kept))


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def link_account(uow: UnitOfWork, staff_no: str, platform: str, account: str, now: datetime) -> None:
    """A platform account the corp already knows (a WeCom userid) bound to the staff member at once: their first
    message is answered as theirs, with no invite code."""
    person = uow.staff.by_staff_no(staff_no)
    if person is None:
        raise UnknownStaff(who=staff_no)
    taken = uow.staff.identity(platform, account)
    if taken is not None and taken.staff_id != person.id:
        raise AccountTaken(account=account)
    staff.bind_identity(uow, person.id, platform, account, now)
    audit.record(uow, None, "account_linked", now, entity="staff", entity_id=person.id, detail={"platform": platform})
