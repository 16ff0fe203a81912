"""The organisation tree and who may see whom: scope is enforced here, not in handlers."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Role
from storage.services.staff import StaffView
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Member:
    name: str
    staff_no: str
    role: Role


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


def team_members(uow: UnitOfWork, actor: StaffView) -> list[UnitMembers]:
    """Active staff of every unit in the actor's scope that has anyone in it."""
    unit_ids = scope_unit_ids(uow, actor)
    if not unit_ids:
        return []
    by_unit: dict[int, list[Member]] = {}
    for staff in uow.units.members(unit_ids):
        assert staff.unit_id is not None
        by_unit.setdefault(staff.unit_id, []).append(Member(staff.name, staff.staff_no, staff.role))
    return [
        UnitMembers(unit.name, tuple(by_unit[unit.id])) for unit in uow.units.by_ids(unit_ids) if unit.id in by_unit
    ]


def unit_name(uow: UnitOfWork, unit_id: int | None) -> str | None:
    unit = uow.units.get(unit_id) if unit_id is not None else None
    return unit.name if unit else None
