"""The vocabularies the whole application speaks (roles, unit kinds, task sources, periods), apart from the ORM
so that handlers and channels can use them without touching a table."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    CURATOR = "curator"  # 知识库管理员: curates the FAQ on the web desk; no customers, no team


class UnitKind(StrEnum):
    BRANCH = "branch"
    SUBBRANCH = "subbranch"
    TEAM = "team"


class TaskSource(StrEnum):
    FOLLOW_UP = "follow_up"
    ASSIGNED = "assigned"
    OWN = "own"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
