"""Who is talking: resolving chat identities to staff, and choosing a console user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from storage.enums import Role
from storage.errors import UnknownStaff
from storage.models import ChatIdentity, Staff
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class StaffView:
    """What handlers need to know of the acting user."""

    id: int
    staff_no: str
    name: str
    role: Role
    unit_id: int | None
    locale: str
    timezone: str


def view_of(staff: Staff) -> StaffView:
    return StaffView(
        id=staff.id,
        staff_no=staff.staff_no,
        name=staff.name,
        role=staff.role,
        unit_id=staff.unit_id,
        locale=staff.locale,
        timezone=staff.timezone,
    )


def resolve(uow: UnitOfWork, platform: str, external_id: str) -> StaffView | None:
    """The active staff member bound to this chat identity, or None for a stranger or a leaver.

    Writing to the bot again after blocking it unblocks the identity for pushes.
    """
    staff = uow.staff.by_identity(platform, external_id)
    if staff is None or not staff.active:
        return None
    identity = uow.staff.identity(platform, external_id)
    if identity is not None and identity.blocked_at is not None:
        identity.blocked_at = None
    return view_of(staff)


def pick(uow: UnitOfWork, who: str) -> StaffView:
    """A staff member by role word (manager/supervisor/admin, first active one), staff number or name."""
    staff: Staff | None
    if who in {r.value for r in Role}:
        staff = uow.staff.first_with_role(Role(who))
    else:
        staff = uow.staff.by_staff_no(who)
        if staff is None:
            matches = [s for s in uow.staff.by_name(who) if s.active]
            staff = matches[0] if matches else None
    if staff is None or not staff.active:
        raise UnknownStaff(who=who)
    return view_of(staff)


def bind_identity(uow: UnitOfWork, staff_id: int, platform: str, external_id: str, now: datetime) -> None:
    """Links a chat identity to a staff member; rebinding the same pair is a no-op."""
    existing = uow.staff.identity(platform, external_id)
    if existing is not None:
        existing.staff_id = staff_id
        return
    uow.staff.add_identity(
        ChatIdentity(
            staff_id=staff_id,
            platform=platform,
            external_id=external_id,
            private_chat_id=external_id,
            bound_at=now,
        )
    )


@dataclass(frozen=True)
class Reachable:
    """A staff member with a private chat the bot can write to on one platform."""

    user: StaffView
    chat_id: str


def reachable(uow: UnitOfWork, platform: str) -> list[Reachable]:
    """Active staff with a private chat on this platform that has not blocked the bot."""
    return [
        Reachable(view_of(person), identity.private_chat_id or identity.external_id)
        for identity, person in uow.staff.identities(platform)
        if identity.blocked_at is None
    ]


def mark_blocked(uow: UnitOfWork, platform: str, chat_id: str, now: datetime) -> None:
    """The user blocked the bot: pushes stop until they write again."""
    identity = uow.staff.identity_by_chat(platform, chat_id)
    if identity is not None and identity.blocked_at is None:
        identity.blocked_at = now


def set_locale(uow: UnitOfWork, staff_id: int, locale: str) -> None:
    """The language every later reply and push uses for this user."""
    person = uow.staff.get(staff_id)
    if person is None:
        raise UnknownStaff(who=str(staff_id))
    person.locale = locale


ZONE_WORDS = {
    "北京": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "中国": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong",
    "澳门": "Asia/Macau",
    "台北": "Asia/Taipei",
    "乌鲁木齐": "Asia/Urumqi",
    "新疆": "Asia/Urumqi",
    "新加坡": "Asia/Singapore",
    "东京": "Asia/Tokyo",
    "首尔": "Asia/Seoul",
    "悉尼": "Australia/Sydney",
    "伦敦": "Europe/London",
    "法兰克福": "Europe/Berlin",
    "纽约": "America/New_York",
    "洛杉矶": "America/Los_Angeles",
}


def zone_of(word: str) -> str | None:
    """An IANA zone for a city word (香港) or an IANA name (Asia/Hong_Kong, any case); None when there is none."""
    word = word.strip()
    return _zones().get(ZONE_WORDS.get(word, word).lower())


@cache
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


def set_timezone(uow: UnitOfWork, staff_id: int, word: str) -> str | None:
    """The zone every later date, reminder and summary of this user is read in; None when the word names none."""
    zone = zone_of(word)
    person = uow.staff.get(staff_id)
    if person is None:
        raise UnknownStaff(who=str(staff_id))
    if zone is not None:
        person.timezone = zone
    return zone


def anyone(uow: UnitOfWork) -> bool:
    """Whether any staff exists yet (an empty database gets the demo in the console)."""
    return uow.staff.count() > 0
