"""A roster (花名册) import, shared by `kehu staff import` and the web desk: every row checked first (name, staff
number, role, team, time zone, phone), any bad row imports nobody, and each error names its row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers import messages
from storage.enums import Role
from storage.errors import DomainError
from storage.services import onboarding, org
from storage.services import staff as staff_service
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Person:
    staff_no: str
    name: str
    role: Role
    team: str | None
    phone: str | None
    timezone: str
    wecom: str | None


@dataclass(frozen=True)
class Invited:
    staff_no: str
    name: str
    code: str


def _cell(row: dict[str, Any], *names: str) -> str:
    return next((str(row[n]).strip() for n in names if str(row.get(n, "")).strip()), "")


def check_rows(
    uow: UnitOfWork, rows: list[tuple[int, dict[str, Any]]], default_timezone: str, *, new_teams: bool
) -> tuple[list[Person], list[str]]:
    """The people of a roster, or the errors of its rows (第 N 行:…)."""
    people, errors = [], []
    seen: set[str] = set()
    teams = set(org.team_names(uow))
    for number, row in rows:
        name, no = _cell(row, "姓名", "name"), _cell(row, "工号", "staff_no")
        role = onboarding.role_of(_cell(row, "角色", "role"))
        if not name or not no or role is None or no in seen:
            errors.append(f"第 {number} 行:姓名、工号、角色(客户经理/团队主管/管理员/知识库管理员)必填,工号不能重复")
            continue
        seen.add(no)
        team = _cell(row, "团队", "team") or None
        zone_word = _cell(row, "时区", "timezone")
        zone = staff_service.zone_of(zone_word) if zone_word else default_timezone
        if zone is None:
            errors.append(f"第 {number} 行:时区「{zone_word}」无效,可写城市(北京、香港)或 IANA 名称(Asia/Hong_Kong)")
            continue
        if team and team not in teams and not new_teams:
            errors.append(f"第 {number} 行:团队「{team}」不存在;如要新建,请加 --new-teams(工作台上勾选「新建团队」)")
            continue
        try:
            phone = onboarding.valid_phone(_cell(row, "手机", "phone") or None)
        except DomainError as exc:
            errors.append(f"第 {number} 行:{messages.text('zh-CN', exc.code, **exc.params)}")
            continue
        people.append(Person(no, name, role, team, phone, zone, _cell(row, "企业微信账号", "wecom") or None))
    return people, errors


def add_people(uow: UnitOfWork, people: list[Person], now: datetime, *, new_teams: bool) -> list[Invited]:
    """Creates everyone with an invite code; a refusal (a staff number taken) raises and nobody is kept."""
    invited = []
    for p in people:
        onboarding.add_staff(
            uow, p.staff_no, p.name, p.role, p.team, p.phone, now, timezone=p.timezone, new_team=new_teams
        )
        if p.wecom:
            onboarding.link_account(uow, p.staff_no, "wecom", p.wecom, now)
        invited.append(Invited(p.staff_no, p.name, onboarding.issue_invite(uow, p.staff_no, now)))
    return invited
