"""Reminders benchmark: compose the morning brief for every manager of a large bank and print time and memory.

Data: 10,000 managers, 200,000 customers, 1,000,000 visits, 100,000 tasks and 30,000 monthly targets in an
SQLite file (built once, then reused), or in PostgreSQL with --database-url. The 1,000-manager run in the same
process is the baseline that shows the scaling. Run: .venv/bin/python benchmarks/reminders.py
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.pushes import compose_brief  # noqa: E402
from knowledge.workcal import WorkCalendar  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.enums import Role  # noqa: E402
from storage.models import Customer, OrgUnit, Staff, Target, Task, Visit  # noqa: E402
from storage.services.staff import StaffView  # noqa: E402
from storage.uow import UnitOfWork  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=SH)
MANAGERS, CUSTOMERS_EACH, VISITS_EACH, TASKS_EACH = 10_000, 20, 100, 10
CHUNK = 50_000


def build(url: str) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        if session.scalar(select(Staff.id).limit(1)) is not None:
            engine.dispose()
            return
        print("building the data set (once) …", flush=True)
        rng = random.Random(7)
        unit = OrgUnit(name="压测分行", kind="branch", created_at=NOW)
        session.add(unit)
        session.flush()
        staff = [
            {
                "staff_no": f"B{i:05d}",
                "name": f"经理{i}",
                "role": Role.MANAGER,
                "unit_id": unit.id,
                "active": True,
                "locale": "zh-CN",
                "timezone": "Asia/Shanghai",
                "created_at": NOW,
            }
            for i in range(MANAGERS)
        ]
        session.execute(insert(Staff), staff)
        ids = list(session.scalars(select(Staff.id).order_by(Staff.id)))
        customers = [
            {
                "owner_id": sid,
                "name": f"客户{sid}-{j}",
                "name_norm": f"客户{sid}-{j}",
                "is_company": True,
                "tier": rng.choice("ABC"),
                "created_at": NOW - timedelta(days=400),
                "updated_at": NOW,
            }
            for sid in ids
            for j in range(CUSTOMERS_EACH)
        ]
        for i in range(0, len(customers), CHUNK):
            session.execute(insert(Customer), customers[i : i + CHUNK])
        customer_ids = list(session.execute(select(Customer.id, Customer.owner_id).order_by(Customer.id)))
        by_owner: dict[int, list[int]] = {}
        for cid, owner in customer_ids:
            by_owner.setdefault(owner, []).append(cid)
        batch = []
        for sid in ids:
            for _ in range(VISITS_EACH):
                at = NOW - timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
                batch.append(
                    {
                        "staff_id": sid,
                        "customer_id": rng.choice(by_owner[sid]),
                        "occurred_at": at,
                        "channel": "上门拜访",
                        "products": ["贷款"],
                        "product_details": [],
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                if len(batch) == CHUNK:
                    session.execute(insert(Visit), batch)
                    batch = []
        if batch:
            session.execute(insert(Visit), batch)
        tasks = [
            {
                "owner_id": sid,
                "created_by_id": sid,
                "title": f"跟进客户{sid}-{j}",
                "source": "own",
                "due_date": NOW.date() + timedelta(days=rng.randint(-20, 20)),
                "created_at": NOW,
            }
            for sid in ids
            for j in range(TASKS_EACH)
        ]
        for i in range(0, len(tasks), CHUNK):
            session.execute(insert(Task), tasks[i : i + CHUNK])
        targets = [
            {
                "staff_id": sid,
                "metric": metric,
                "period": "month",
                "period_start": date(2026, 11, 1),
                "amount": Decimal(amount),
                "created_at": NOW,
            }
            for sid in ids
            for metric, amount in (("visits", 30), ("deposits", 20_000_000), ("loans", 30_000_000))
        ]
        session.execute(insert(Target), targets)
        session.commit()
    engine.dispose()


def compose_all(url: str, count: int) -> tuple[float, int]:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    calendar = WorkCalendar()
    with sessions() as session:
        people = [
            StaffView(s.id, s.staff_no, s.name, s.role, s.unit_id, s.locale, s.timezone)
            for s in session.scalars(select(Staff).order_by(Staff.id).limit(count))
        ]
    started = time.perf_counter()
    characters = 0
    for offset in range(0, len(people), 500):
        with UnitOfWork(sessions) as uow:
            for person in people[offset : offset + 500]:
                characters += sum(len(r.text) for r in compose_brief(uow, person, NOW, calendar))  # type: ignore[union-attr]
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, characters


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="sqlite:////tmp/kehu-bench-reminders.db")
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.database_url)
    print(
        f"data ready in {time.perf_counter() - started:.1f} s: {MANAGERS} managers, {MANAGERS * VISITS_EACH} visits, "
        f"{MANAGERS * TASKS_EACH} tasks"
    )
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    small, _ = compose_all(args.database_url, 1_000)
    full, characters = compose_all(args.database_url, MANAGERS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"1,000 briefs:  {small:.1f} s ({small / 1_000 * 1000:.2f} ms each)   <- baseline, same run")
    each = full / MANAGERS * 1000
    print(f"10,000 briefs: {full:.1f} s ({each:.2f} ms each), {characters / MANAGERS:.0f} characters each")
    print(f"scaling 10k/1k: {full / small:.1f}x for 10x the managers (linear = 10x)")
    print(f"peak RSS: {peak:.0f} MiB (was {base_rss:.0f} MiB before composing); targets: < 60 s, < 500 MB")


if __name__ == "__main__":
    main()
