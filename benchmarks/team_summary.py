"""Team-summary benchmark: a team of 50 managers with 1,000,000 visits; `/team 本月` text and chart, against a naive
per-manager query loop in the same run. Run: .venv/bin/python benchmarks/team_summary.py [--database-url URL]"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.charts import progress_chart  # noqa: E402
from handlers.formatting import Formatter  # noqa: E402
from handlers.pushes import translator  # noqa: E402
from handlers.team import summary_text  # noqa: E402
from knowledge.workcal import WorkCalendar  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.enums import Role  # noqa: E402
from storage.models import Customer, OrgUnit, Staff, Target, Task, UnitLead, Visit  # noqa: E402
from storage.services import org, team  # noqa: E402
from storage.services.staff import StaffView  # noqa: E402
from storage.uow import UnitOfWork  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
MANAGERS, VISITS, CUSTOMERS_EACH = 50, 1_000_000, 200
RUNS = 15


def build(url: str) -> StaffView:
    engine = make_engine(url)
    migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions() as s:
        lead = s.scalar(select(Staff).where(Staff.staff_no == "S0000"))
        if lead is None:
            print("building the data set (once) …", flush=True)
            rng = random.Random(11)
            unit = OrgUnit(name="压测团队", kind="team", created_at=NOW)
            s.add(unit)
            s.flush()
            lead = Staff(
                staff_no="S0000",
                name="主管",
                role=Role.SUPERVISOR,
                unit_id=unit.id,
                active=True,
                locale="zh-CN",
                timezone="Asia/Shanghai",
                created_at=NOW,
            )
            s.add(lead)
            s.flush()
            s.add(UnitLead(staff_id=lead.id, unit_id=unit.id))
            s.execute(
                insert(Staff),
                [
                    {
                        "staff_no": f"S{i:04d}",
                        "name": f"经理{i}",
                        "role": Role.MANAGER,
                        "unit_id": unit.id,
                        "active": True,
                        "locale": "zh-CN",
                        "timezone": "Asia/Shanghai",
                        "created_at": NOW,
                    }
                    for i in range(1, MANAGERS + 1)
                ],
            )
            ids = list(s.scalars(select(Staff.id).where(Staff.role == Role.MANAGER).order_by(Staff.id)))
            s.execute(
                insert(Customer),
                [
                    {
                        "owner_id": sid,
                        "name": f"客户{sid}-{j}",
                        "name_norm": f"客户{sid}-{j}",
                        "is_company": True,
                        "tier": rng.choice("ABC"),
                        "created_at": NOW - timedelta(days=500),
                        "updated_at": NOW,
                    }
                    for sid in ids
                    for j in range(CUSTOMERS_EACH)
                ],
            )
            owners: dict[int, list[int]] = {}
            for cid, owner in s.execute(select(Customer.id, Customer.owner_id)):
                owners.setdefault(owner, []).append(cid)
            batch = []
            for n in range(VISITS):
                sid = ids[n % MANAGERS]
                at = NOW - timedelta(minutes=rng.randint(60, 60 * 24 * 365 * 2))
                batch.append(
                    {
                        "staff_id": sid,
                        "customer_id": rng.choice(owners[sid]),
                        "occurred_at": at,
                        "channel": "上门拜访",
                        "products": ["贷款"],
                        "product_details": [],
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                if len(batch) == 50_000:
                    s.execute(insert(Visit), batch)
                    batch = []
            s.execute(
                insert(Task),
                [
                    {
                        "owner_id": sid,
                        "created_by_id": sid,
                        "title": "跟进",
                        "source": "own",
                        "due_date": NOW.date() - timedelta(days=rng.randint(-10, 10)),
                        "created_at": NOW,
                    }
                    for sid in ids
                    for _ in range(20)
                ],
            )
            s.execute(
                insert(Target),
                [
                    {
                        "staff_id": sid,
                        "metric": m,
                        "period": "month",
                        "period_start": date(2026, 11, 1),
                        "amount": Decimal(a),
                        "created_at": NOW,
                    }
                    for sid in ids
                    for m, a in (("visits", 120), ("deposits", 20_000_000))
                ],
            )
            s.commit()
            if s.bind is not None and s.bind.dialect.name == "postgresql":
                s.connection().exec_driver_sql("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
                s.commit()
        view = StaffView(lead.id, lead.staff_no, lead.name, lead.role, lead.unit_id, lead.locale, lead.timezone)
    engine.dispose()
    return view


def naive(uow: UnitOfWork, ids: list[int], first: date, today: date) -> list[tuple[int, int, int]]:
    """The obvious way: a few queries per manager (with the same filters, so the same indexes apply)."""
    since = datetime.combine(first, datetime.min.time(), SH)
    until = datetime.combine(today + timedelta(days=1), datetime.min.time(), SH)
    rows = []
    for sid in ids:
        in_period = (
            Visit.staff_id == sid,
            Visit.occurred_at >= since,
            Visit.occurred_at < until,
            Visit.withdrawn_at.is_(None),
        )
        visits = uow.session.scalar(select(func.count()).select_from(Visit).where(*in_period)) or 0
        customers = uow.session.scalar(select(func.count(func.distinct(Visit.customer_id))).where(*in_period)) or 0
        overdue = (
            uow.session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.owner_id == sid, Task.done_at.is_(None), Task.due_date < today)
            )
            or 0
        )
        for _target in uow.session.scalars(select(Target).where(Target.staff_id == sid)):
            uow.session.scalar(select(func.count()).select_from(Visit).where(*in_period))
        latest = (
            select(Visit.customer_id, func.max(Visit.occurred_at))
            .where(Visit.staff_id == sid, Visit.withdrawn_at.is_(None))
            .group_by(Visit.customer_id)
        )
        uow.session.execute(latest).all()
        rows.append((visits, customers, overdue))
    return rows


def timed(work: object) -> list[float]:
    assert callable(work)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="sqlite:////tmp/kehu-bench-team.db")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server (tests/pg.py)")
    args = parser.parse_args()
    if args.postgres:
        from tests import pg

        server = pg.start()
        try:
            args.database_url = server.create_database("bench")
            run(args.database_url)
        finally:
            pg.stop(server)
        return
    run(args.database_url)


def run(url: str) -> None:
    class Args:
        database_url = url

    args = Args()
    started = time.perf_counter()
    lead = build(args.database_url)
    print(f"data ready in {time.perf_counter() - started:.1f} s: {MANAGERS} managers, {VISITS} visits")
    engine = make_engine(args.database_url)
    sessions = make_session_factory(engine)
    today, first = NOW.date(), NOW.date().replace(day=1)
    calendar = WorkCalendar()
    t = translator("zh-CN")
    with UnitOfWork(sessions) as uow:
        ids = [m.id for m in org.managers_in_scope(uow, lead)]

        def ours() -> str:
            result = team.summary(uow, lead, first, today, today, SH, calendar.is_workday)
            return summary_text(result, "📊 团队汇总 · 本月", t, Formatter("zh-CN"))

        ours()
        fast = timed(ours)
        slow = timed(lambda: naive(uow, ids, first, today))
        result = team.summary(uow, lead, first, today, today, SH, calendar.is_workday)
        bars = [(line.name, line.completion) for line in result.lines]
        progress_chart("本月指标平均完成率", bars, "完成率(%)")
        chart = timed(lambda: progress_chart("本月指标平均完成率", bars, "完成率(%)"))
    engine.dispose()
    backend = args.database_url.split(":")[0]
    print(f"backend {backend}, {RUNS} runs each")
    print(f"/team 本月 text:    median {statistics.median(fast):.1f} ms  (max {max(fast):.1f} ms)   target < 200 ms")
    ratio = statistics.median(slow) / statistics.median(fast)
    print(f"naive loop baseline: median {statistics.median(slow):.1f} ms  ({ratio:.1f}x slower)")
    print(f"chart PNG:          median {statistics.median(chart):.1f} ms   target < 1000 ms")


if __name__ == "__main__":
    main()
