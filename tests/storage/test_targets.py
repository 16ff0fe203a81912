from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.bootstrap import App
from knowledge.workcal import WorkCalendar
from storage.services import imports, staff, targets
from tests.conftest import SHANGHAI

TODAY = date(2026, 11, 23)


def _deposits(app: App, who: str) -> targets.Progress:
    with app.uow_factory() as uow:
        person = staff.pick(uow, who)
        rows = targets.progress(uow, person.id, TODAY, SHANGHAI, WorkCalendar().is_workday)
    return next(r for r in rows if r.metric == "deposits")


def test_progress_and_pace_over_the_remaining_working_days(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        targets.report_result(uow, zhang.id, "存款", Decimal(8_000_000), "华星科技", TODAY, now)
        uow.commit()
    row = _deposits(demo_app, "张伟")
    assert row.actual == Decimal(8_000_000) and row.target == Decimal(20_000_000)
    assert row.remaining_workdays == 6  # 11-23..11-27 and 11-30
    assert row.daily_pace == Decimal(2_000_000)


def test_the_banks_export_is_authoritative_for_its_metric_and_day(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        targets.report_result(uow, zhang.id, "存款", Decimal(8_000_000), None, TODAY, now)
        targets.report_result(uow, zhang.id, "存款", Decimal(1_000_000), None, date(2026, 11, 20), now)
        report = imports.import_results(
            uow, [(2, {"工号": "D1101", "指标": "存款", "数额": "500万", "日期": "2026-11-23"})], now
        )
        assert report.imported == 1
        uow.commit()
    assert _deposits(demo_app, "张伟").actual == Decimal(6_000_000)  # 500万 imported for 11-23 + 100万 self on 11-20
    with demo_app.uow_factory() as uow:  # re-importing a day replaces it
        imports.import_results(
            uow, [(2, {"工号": "D1101", "指标": "存款", "数额": "700万", "日期": "2026-11-23"})], now
        )
        uow.commit()
    assert _deposits(demo_app, "张伟").actual == Decimal(8_000_000)


def test_an_import_with_a_bad_row_imports_nothing_and_names_every_bad_row(demo_app: App) -> None:
    now = demo_app.clock.now()
    rows = [
        (2, {"工号": "D1101", "指标": "存款", "数额": "3000万", "月份": "2026-11"}),
        (3, {"姓名": "不存在", "指标": "存款", "数额": "100万", "月份": "2026-11"}),
        (4, {"工号": "D1102", "指标": "黄金", "数额": "100万", "月份": "2026-11"}),
        (5, {"工号": "D1102", "指标": "贷款", "数额": "很多", "月份": "2026-11"}),
        (6, {"工号": "D1102", "指标": "贷款", "数额": "100万", "月份": "十一月"}),
    ]
    with demo_app.uow_factory() as uow:
        report = imports.import_targets(uow, rows, None, now)
        assert report.imported == 0
        assert [e.split(":")[0] for e in report.errors] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行"]
        uow.commit()
    assert _deposits(demo_app, "张伟").target == Decimal(20_000_000)
    with demo_app.uow_factory() as uow:
        assert imports.import_targets(uow, rows[:1], None, now).imported == 1
        uow.commit()
    assert _deposits(demo_app, "张伟").target == Decimal(30_000_000)
