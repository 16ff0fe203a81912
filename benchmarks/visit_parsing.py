"""Visit-parsing benchmark: per-field precision/recall on the labelled sets, and parse time, against a naive
keyword baseline in the same run. Run: .venv/bin/python benchmarks/visit_parsing.py"""

from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation.visits import FIELDS, VisitCase, read_visit_cases, same  # noqa: E402
from knowledge.visit_parser import parse_visit  # noqa: E402
from knowledge.workcal import WorkCalendar  # noqa: E402

SETS = {
    "development (202)": ROOT / "tests/data/visit_eval.jsonl",
    "held-out (30)": ROOT / "tests/data/visit_holdout.jsonl",
}


def naive(text: str, now: datetime) -> dict[str, Any]:
    """What a keyword spreadsheet macro would do: first 万/亿 number, 今天/昨天, 电话/微信 else 上门拜访."""
    amount = re.search(r"(\d+(?:\.\d+)?)(万|亿)", text)
    value = float(amount.group(1)) * (10_000 if amount.group(2) == "万" else 100_000_000) if amount else None
    day = now.date() - timedelta(days=1) if "昨天" in text else now.date()
    channel = "电话" if "电话" in text else "微信" if "微信" in text else "上门拜访"
    company = re.search(r"[\u4e00-\u9fa5]{2,8}(?:公司|科技|物流|建材|集团)", text)
    return {
        "customer": company.group(0) if company else None,
        "contact": None,
        "when": day.isoformat(),
        "channel": channel,
        "products": ["贷款"] if "贷" in text else [],
        "amount": value,
        "follow_up": None,
    }


def score(cases: list[VisitCase], parse: Any) -> tuple[dict[str, tuple[float, float, float]], float]:
    table: dict[str, list[int]] = {f: [0, 0, 0, 0, 0] for f in FIELDS}  # named, right, predicted, right_ne, exp_ne
    all_right = 0
    for case in cases:
        got = parse(case)
        ok_all = True
        for name, want in case.expect.items():
            row = table[name]
            ok = same(name, got[name], want)
            empty_got, empty_want = got[name] in (None, []), want in (None, [])
            row[0] += 1
            row[1] += ok
            row[2] += not empty_got
            row[3] += ok and not empty_want
            row[4] += not empty_want
            ok_all &= ok
        all_right += ok_all
    fields = {
        name: (r[1] / r[0], r[3] / r[2] if r[2] else 1.0, r[3] / r[4] if r[4] else 1.0)
        for name, r in table.items()
        if r[0]
    }
    return fields, all_right / len(cases)


def main() -> None:
    calendar = WorkCalendar()
    for label, path in SETS.items():
        cases = read_visit_cases(path)
        ours, ours_all = score(cases, lambda c: parse_visit(c.text, c.now, calendar).as_json())
        base, base_all = score(cases, lambda c: naive(c.text, c.now))
        print(f"\n{label} set: {len(cases)} messages")
        print(f"{'field':<11}{'kehu acc':>9}{'prec':>7}{'recall':>8}   {'naive acc':>9}")
        for name in FIELDS:
            a, p, r = ours[name]
            print(f"{name:<11}{a:>9.1%}{p:>7.1%}{r:>8.1%}   {base[name][0]:>9.1%}")
        print(f"{'all fields':<11}{ours_all:>9.1%}{'':>15}   {base_all:>9.1%}")
    cases = read_visit_cases(SETS["development (202)"]) * 5
    for case in cases[:50]:
        parse_visit(case.text, case.now, calendar)
    times = []
    for case in cases:
        started = time.perf_counter()
        parse_visit(case.text, case.now, calendar)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"\nparse time over {len(times)} parses: median {statistics.median(times):.2f} ms, "
        f"p99 {times[int(len(times) * 0.99) - 1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
