"""The organisation tree and who may see whom. Every scope check of the application is made here, so that a
supervisor reaches only their teams whichever command asks."""

from __future__ import annotations

from dataclasses import dataclass

from storage.enums import Role
from storage.errors import NotInScope
from storage.services.staff import StaffView, view_of
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    staff_no: str
    role: Role
    unit_id: int
    team: str


@dataclass(frozen=True)
class UnitMembers:
    unit: str
    members: tuple[Member, ...]


def scope_unit_ids(uow: UnitOfWork, actor: StaffView) -> list[int]:
    """Units the actor may see: all for an admin, led units and everything below for a supervisor."""
    if actor.role is Role.ADMIN:
        return uow.units.all_ids()
    if actor.role is not Role.SUPERVISOR:
        return []
    seen: set[int] = set()
    frontier = uow.staff.led_unit_ids(actor.id)
    while frontier:
        seen.update(frontier)
        frontier = [u for u in uow.units.child_ids(frontier) if u not in seen]
    return sorted(seen)


def branch_unit_ids(uow: UnitOfWork, unit_id: int | None) -> list[int]:
    """The units of the branch a unit belongs to (the topmost unit above it, and everything below that): the
    customer register a manager's new names are checked against."""
    if unit_id is None:
        return []
    top, seen = unit_id, {unit_id}
    while (unit := uow.units.get(top)) is not None and unit.parent_id is not None and unit.parent_id not in seen:
        top = unit.parent_id
        seen.add(top)
    found, frontier = {top}, [top]
    while frontier:
        frontier = [u for u in uow.units.child_ids(frontier) if u not in found]
        found.update(frontier)
    return sorted(found)


def leads_of(uow: UnitOfWork, unit_id: int | None) -> list[int]:
    """Who leads a unit, or (none there) the nearest unit above it; admins when nobody does."""
    current = unit_id
    while current is not None:
        leads = uow.staff.leads_of(current)
        if leads:
            return leads
        unit = uow.units.get(current)
        current = unit.parent_id if unit else None
    admin = uow.staff.first_with_role(Role.ADMIN)
    return [admin.id] if admin else []


def members_in_scope(uow: UnitOfWork, actor: StaffView) -> list[Member]:
    """Active staff of every unit in the actor's scope, with their unit's name."""
    units = {u.id: u.name for u in uow.units.by_ids(scope_unit_ids(uow, actor))}
    if not units:
        return []
    return [
        Member(s.id, s.name, s.staff_no, s.role, s.unit_id, units[s.unit_id])
        for s in uow.units.members(list(units))
        if s.unit_id is not None
    ]


def managers_in_scope(uow: UnitOfWork, actor: StaffView, only: str | None = None) -> list[Member]:
    """The managers in scope; `only` (a name or staff number) narrows them to one and is refused when it names
    nobody in scope."""
    people = [m for m in members_in_scope(uow, actor) if m.role is Role.MANAGER]
    if only is not None:
        people = [m for m in people if only in (m.name, m.staff_no)]
        if not people:
            raise NotInScope(name=only)
    return people


def person_in_scope(uow: UnitOfWork, actor: StaffView, name: str) -> StaffView:
    """An active member of the actor's teams by name, for targets and assignments; refused otherwise."""
    units = set(scope_unit_ids(uow, actor))
    for person in uow.staff.by_name(name):
        if person.active and person.unit_id in units:
            return view_of(person)
    raise NotInScope(name=name)


def team_members(uow: UnitOfWork, actor: StaffView) -> list[UnitMembers]:
    """Active staff of every unit in the actor's scope that has anyone in it."""
    unit_ids = scope_unit_ids(uow, actor)
    if not unit_ids:
        return []
    by_unit: dict[int, list[Member]] = {}
    for member in members_in_scope(uow, actor):
        by_unit.setdefault(member.unit_id, []).append(member)
    return [
        UnitMembers(unit.name, tuple(by_unit[unit.id])) for unit in uow.units.by_ids(unit_ids) if unit.id in by_unit
    ]


def unit_name(uow: UnitOfWork, unit_id: int | None) -> str | None:
    unit = uow.units.get(unit_id) if unit_id is not None else None
    return unit.name if unit else None


def team_names(uow: UnitOfWork) -> list[str]:
    """Every unit's name: a roster's team must be one of them (or created on purpose)."""
    return uow.units.names()
