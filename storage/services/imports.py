"""Spreadsheet imports of targets and of the bank's daily results: every row is checked first, and nothing is
imported when any row is wrong, so a half-imported month never happens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from knowledge.amounts import read_amount, read_count
from storage.models import PeriodKind, ResultEntry, Staff
from storage.services import audit
from storage.services.targets import COUNT_METRICS, UnknownMetric, known_metric
from storage.uow import UnitOfWork

COLUMNS = {
    "staff": ("工号", "staff_no", "员工号"),
    "name": ("姓名", "name", "客户经理"),
    "metric": ("指标", "metric"),
    "amount": ("数额", "金额", "目标", "amount", "value"),
    "month": ("月份", "期间", "month", "period"),
    "day": ("日期", "date", "day"),
}


@dataclass(frozen=True)
class ImportReport:
    imported: int
    errors: list[str]


def _get(row: dict[str, Any], column: str) -> str:
    for name in COLUMNS[column]:
        if name.lower() in row and str(row[name.lower()]).strip():
            return str(row[name.lower()]).strip()
    return ""


def _person(uow: UnitOfWork, row: dict[str, Any]) -> Staff | None:
    staff_no, name = _get(row, "staff"), _get(row, "name")
    if staff_no:
        return uow.staff.by_staff_no(staff_no)
    matches = [p for p in uow.staff.by_name(name) if p.active] if name else []
    return matches[0] if len(matches) == 1 else None


def _amount(metric: str, text: str) -> Decimal | None:
    if metric in COUNT_METRICS:
        count = read_count(text)
        return Decimal(count) if count is not None else None
    amount = read_amount(text)
    return amount.value if amount is not None and amount.certain else None


def _check(
    uow: UnitOfWork, number: int, row: dict[str, Any], when_column: str
) -> tuple[Staff, str, Decimal, date] | str:
    person = _person(uow, row)
    if person is None:
        who = _get(row, "staff") or _get(row, "name") or "(空)"
        return f"第 {number} 行:找不到人员「{who}」(或重名,请用工号)"
    try:
        metric = known_metric(uow, _get(row, "metric"))  # a typo must not define a new metric
    except UnknownMetric:
        return f"第 {number} 行:未知指标「{_get(row, 'metric')}」"
    amount = _amount(metric, _get(row, "amount"))
    if amount is None:
        return f"第 {number} 行:数额「{_get(row, 'amount')}」不是有效数字"
    raw = _get(row, when_column)
    try:
        when = date.fromisoformat(raw + "-01") if when_column == "month" and len(raw) == 7 else date.fromisoformat(raw)
    except ValueError:
        label = "月份(YYYY-MM)" if when_column == "month" else "日期(YYYY-MM-DD)"
        return f"第 {number} 行:{label}「{raw}」格式错误"
    return person, metric, amount, when


def _check_all(
    uow: UnitOfWork, rows: Iterable[tuple[int, dict[str, Any]]], when_column: str
) -> tuple[list[tuple[Staff, str, Decimal, date]], list[str]]:
    checked, errors = [], []
    for number, row in rows:
        result = _check(uow, number, row, when_column)
        if isinstance(result, str):
            errors.append(result)
        else:
            checked.append(result)
    return checked, errors


def import_targets(
    uow: UnitOfWork, rows: Iterable[tuple[int, dict[str, Any]]], actor_id: int | None, now: datetime
) -> ImportReport:
    checked, errors = _check_all(uow, rows, "month")
    if errors:
        return ImportReport(0, errors)
    for person, metric, amount, month in checked:
        uow.targets.upsert(
            person.id, metric, PeriodKind.MONTH, month.replace(day=1), amount, actor_id or person.id, now
        )
    audit.record(uow, actor_id, "targets_imported", now, detail={"rows": len(checked)})
    return ImportReport(len(checked), [])


def import_results(
    uow: UnitOfWork, rows: Iterable[tuple[int, dict[str, Any]]], now: datetime, actor_id: int | None = None
) -> ImportReport:
    """The bank's daily performance export; re-importing a day replaces that day's imported figures."""
    checked, errors = _check_all(uow, rows, "day")
    if errors:
        return ImportReport(0, errors)
    for staff_id, metric, day in {(p.id, m, d) for p, m, _, d in checked}:
        uow.targets.delete_imported(staff_id, metric, day)
    for person, metric, amount, day in checked:
        uow.targets.add_result(
            ResultEntry(staff_id=person.id, metric=metric, day=day, amount=amount, source="import", created_at=now)
        )
    audit.record(uow, actor_id, "results_imported", now, detail={"rows": len(checked)})
    return ImportReport(len(checked), [])
