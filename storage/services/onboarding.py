"""Staff onboarding and offboarding: accounts, one-time invite codes, deactivation and handover (离岗交接)."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

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
    "知识库管理员": Role.CURATOR,
    "知识库": Role.CURATOR,
    "curator": Role.CURATOR,
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


class AmbiguousStaff(DomainError):
    """A name several staff members share: the staff number decides."""

    code = "error.ambiguous_staff"


class UnknownTeam(DomainError):
    """A team name that does not exist (a typo would otherwise create a team without a lead)."""

    code = "error.unknown_team"


class InvalidPhone(DomainError):
    code = "error.invalid_phone"


class AccountTaken(DomainError):
    """A platform account already bound to someone else."""

    code = "error.account_taken"


@dataclass(frozen=True)
class Redeemed:
    status: str  # ok, invalid, expired, used, locked, already
    user: StaffView | None = None


def role_of(word: str) -> Role | None:
    return ROLE_WORDS.get(word.strip().lower())


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")  # 区号 and a 7- or 8-digit number


def valid_phone(phone: str | None) -> str | None:
    """A mainland mobile (11 digits from 13…19) or a landline with its area code, digits only; +86, spaces and
    dashes are dropped; anything else is refused rather than stored (a 9-digit number cannot be called)."""
    if phone is None or not str(phone).strip():
        return None
    digits = re.sub(r"[\s\-()()]", "", unicodedata.normalize("NFKC", str(phone)))
    digits = re.sub(r"^(?:\+?86)(?=1\d{10}$)", "", digits)
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise InvalidPhone(phone=str(phone).strip())


def _find_staff(uow: UnitOfWork, who: str, *, active_only: bool = False) -> Staff:
    """A staff member by number, or by a name only one of them has (the active ones first)."""
    who = who.strip()
    person = uow.staff.by_staff_no(who)
    if person is not None and (person.active or not active_only):
        return person
    named = [p for p in uow.staff.by_name(who) if p.active or not active_only]
    active = [p for p in named if p.active]
    if len(active) == 1 or (len(named) == 1 and not active):
        return active[0] if active else named[0]
    if len(named) > 1:
        raise AmbiguousStaff(who=who, numbers="、".join(sorted(p.staff_no for p in named)))
    raise UnknownStaff(who=who)


@dataclass(frozen=True)
class StaffCard:
    """Who a confirmation card names: enough to tell two people apart."""

    staff_no: str
    name: str
    role: Role
    team: str | None
    active: bool


def staff_card(uow: UnitOfWork, who: str, *, active_only: bool = True) -> StaffCard:
    person = _find_staff(uow, who, active_only=active_only)
    unit = uow.units.get(person.unit_id) if person.unit_id is not None else None
    return StaffCard(person.staff_no, person.name, person.role, unit.name if unit else None, person.active)


def check_new_staff(uow: UnitOfWork, staff_no: str, team: str | None, phone: str | None, *, new_team: bool) -> None:
    """What add_staff would refuse, checked before a confirmation card is shown."""
    if uow.staff.by_staff_no(staff_no.strip()) is not None:
        raise StaffExists(staff_no=staff_no)
    valid_phone(phone)
    if team and not new_team and uow.units.by_name(team.strip()) is None:
        raise _unknown_team(uow, team)


def team_id(uow: UnitOfWork, name: str, now: datetime, *, create: bool = False) -> int:
    """An existing team, or (asked for on purpose) a new one under the first branch; a name that exists nowhere is
    refused with the closest names."""
    unit = uow.units.by_name(name.strip())
    if unit is not None:
        return unit.id
    if not create:
        raise _unknown_team(uow, name)
    branch = uow.units.first_of_kind(UnitKind.BRANCH)
    unit_id = uow.units.add(
        OrgUnit(name=name.strip(), kind=UnitKind.TEAM, parent_id=branch.id if branch else None, created_at=now)
    ).id
    audit.record(uow, None, "team_created", now, entity="unit", entity_id=unit_id)
    return unit_id


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
    new_team: bool = False,
    actor_id: int | None = None,
) -> int:
    """A new account in an existing team (or a new one, asked for with `new_team`); a supervisor leads it."""
    check_new_staff(uow, staff_no, team, phone, new_team=new_team)
    unit_id = team_id(uow, team, now, create=new_team) if team else None
    person = uow.staff.add(
        Staff(
            staff_no=staff_no.strip(),
            name=name.strip(),
            role=role,
            unit_id=unit_id,
            phone=valid_phone(phone),
            active=True,
            locale="zh-CN",
            timezone=timezone,
            created_at=now,
        )
    )
    if role is Role.SUPERVISOR and unit_id is not None:
        uow.staff.add_lead(person.id, unit_id)
    audit.record(uow, actor_id, "staff_created", now, entity="staff", entity_id=person.id)
    return person.id


def move_staff(uow: UnitOfWork, who: str, team: str, now: datetime, *, actor_id: int | None = None) -> str:
    """Moves an active member to another existing team; a supervisor then leads the new team instead."""
    person = _find_staff(uow, who, active_only=True)
    unit_id = team_id(uow, team, now)
    old = person.unit_id
    person.unit_id = unit_id
    if person.role is Role.SUPERVISOR:
        if old is not None:
            uow.staff.remove_lead(person.id, old)
        uow.staff.add_lead(person.id, unit_id)
    audit.record(uow, actor_id, "staff_moved", now, entity="staff", entity_id=person.id, detail={"to": unit_id})
    return person.name


def _unknown_team(uow: UnitOfWork, name: str) -> UnknownTeam:
    close = [n for n, score, _ in process.extract(name, uow.units.names(), scorer=fuzz.ratio, limit=3) if score >= 50]
    return UnknownTeam(team=name, close="、".join(close) or "—")


def issue_invite(
    uow: UnitOfWork, who: str, now: datetime, ttl: timedelta = INVITE_TTL, *, actor_id: int | None = None
) -> str:
    """A fresh code for an active staff member (by number or unique name); earlier unused codes stop working."""
    person = _find_staff(uow, who, active_only=True)
    uow.invites.expire_unused(person.id, now)
    code = "".join(secrets.choice(ALPHABET) for _ in range(10))
    uow.invites.add(InviteCode(staff_id=person.id, code_hash=_hash(code), created_at=now, expires_at=now + ttl))
    audit.record(uow, actor_id, "invite_issued", now, entity="staff", entity_id=person.id)
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


def deactivate(uow: UnitOfWork, who: str, now: datetime, *, actor_id: int | None = None) -> str:
    """A leaver loses access at once: every lookup of an identity checks the active flag."""
    person = _find_staff(uow, who, active_only=True)
    person.active, person.deactivated_at = False, now
    audit.record(uow, actor_id, "staff_deactivated", now, entity="staff", entity_id=person.id)
    return person.name


@dataclass(frozen=True)
class Handover:
    customers: int
    tasks: int
    kept: tuple[str, ...]  # customers the successor already has under the same name, left with the leaver


def handover(uow: UnitOfWork, old_who: str, new_who: str, now: datetime, *, actor_id: int | None = None) -> Handover:
    """Moves customers and open tasks to the successor; visits stay with their author as history."""
    old, new = _find_staff(uow, old_who), _find_staff(uow, new_who, active_only=True)
    if old.id == new.id:
        raise UnknownStaff(who=new_who)
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
        actor_id,
        "handover",
        now,
        entity="staff",
        entity_id=old.id,
        detail={"to": new.id, "customers": moved, "tasks": count, "kept": kept},
    )
    return Handover(moved, count, tuple(kept))


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def link_account(uow: UnitOfWork, who: str, platform: str, account: str, now: datetime) -> None:
    """A platform account the corp already knows (a WeCom userid) bound to the staff member at once: their first
    message is answered as theirs, with no invite code."""
    person = _find_staff(uow, who, active_only=True)
    taken = uow.staff.identity(platform, account)
    if taken is not None and taken.staff_id != person.id:
        raise AccountTaken(account=account)
    staff.bind_identity(uow, person.id, platform, account, now)
    audit.record(uow, None, "account_linked", now, entity="staff", entity_id=person.id, detail={"platform": platform})
