"""Push preferences: a user's own choices over their team's defaults over the built-in ones."""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage.enums import Role
from storage.errors import Forbidden
from storage.models import PushSettings
from storage.services.staff import StaffView
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Settings:
    brief_at: str = "08:30"
    nudge_at: str = "17:30"
    quiet_from: str | None = None
    quiet_until: str | None = None
    brief_on: bool = True
    nudge_on: bool = True
    recap_on: bool = True

    def quiet_at(self, hhmm: str) -> bool:
        """Whether a time of day falls in the quiet hours (which may wrap past midnight)."""
        if not self.quiet_from or not self.quiet_until:
            return False
        if self.quiet_from <= self.quiet_until:
            return self.quiet_from <= hhmm < self.quiet_until
        return hhmm >= self.quiet_from or hhmm < self.quiet_until


FIELDS = ("brief_at", "nudge_at", "quiet_from", "quiet_until", "brief_on", "nudge_on", "recap_on")


def effective_settings(uow: UnitOfWork, staff_id: int, unit_id: int | None) -> Settings:
    """Defaults, overridden by the team's defaults, overridden by the user's own choices."""
    team = uow.pushes.settings_for(None, unit_id) if unit_id else None
    return _merge(_chosen(team), _chosen(uow.pushes.settings_for(staff_id, None)))


class SettingsBook:
    """Every user's and team's settings, read in one query (for a scheduler tick over all users)."""

    def __init__(self, uow: UnitOfWork) -> None:
        rows = uow.pushes.all_settings()
        self._users = {r.staff_id: _chosen(r) for r in rows if r.staff_id is not None}
        self._teams = {r.unit_id: _chosen(r) for r in rows if r.unit_id is not None and r.staff_id is None}

    def effective(self, staff_id: int, unit_id: int | None) -> Settings:
        return _merge(self._teams.get(unit_id, {}) if unit_id else {}, self._users.get(staff_id, {}))


def _chosen(row: PushSettings | None) -> dict[str, object]:
    """The fields a row sets, as plain values (usable after its session has closed)."""
    if row is None:
        return {}
    return {f: getattr(row, f) for f in FIELDS if getattr(row, f) is not None}


def _merge(*layers: dict[str, object]) -> Settings:
    result = Settings()
    for layer in layers:
        result = replace(result, **layer)  # type: ignore[arg-type]
    return result


def change_settings(uow: UnitOfWork, actor: StaffView, changes: dict[str, object], *, team: bool = False) -> None:
    """The user's own settings, or (supervisors) the defaults of every team they lead."""
    targets: list[tuple[int | None, int | None]] = [(actor.id, None)]
    if team:
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden()
        targets = [(None, unit) for unit in uow.staff.led_unit_ids(actor.id)] or [(None, actor.unit_id)]
    for staff_id, unit_id in targets:
        row = uow.pushes.settings_for(staff_id, unit_id) or uow.pushes.add_settings(
            PushSettings(staff_id=staff_id, unit_id=unit_id)
        )
        for key, value in changes.items():
            setattr(row, key, value)
