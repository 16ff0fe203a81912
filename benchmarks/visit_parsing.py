"""Visit-parsing benchmark: per-field accuracy, precision and recall, the wrong-customer rate and how often the card
asks for the customer, on every labelled set, against a naive keyword baseline in the same run, and parse time.
The two sets of new styles were each measured once as held-out sets (the figures are in the README) and have been
development sets since; a fresh held-out set belongs outside this list until it is measured.
Run: .venv/bin/python benchmarks/visit_parsing.py"""

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

from bot.evaluation.faq import questions_in  # noqa: E402
from bot.evaluation.visits import FIELDS, VisitCase, evaluate_visits, read_visit_cases, same  # noqa: E402
from knowledge.visit_parser import looks_like_visit, parse_visit  # noqa: E402
from knowledge.workcal import WorkCalendar  # noqa: E402

SETS = {
    "development (visit_eval)": ROOT / "tests/data/visit_eval.jsonl",
    "earlier held-out (visit_holdout)": ROOT / "tests/data/visit_holdout.jsonl",
    "new styles, first held-out (visit_unseen)": ROOT / "tests/data/visit_unseen.jsonl",
    "new styles, second held-out (visit_unseen2)": ROOT / "tests/data/visit_unseen2.jsonl",
    "new styles, third held-out (visit_unseen3)": ROOT / "tests/data/visit_unseen3.jsonl",
    "new styles, fourth held-out (visit_unseen4)": ROOT / "tests/data/visit_unseen4.jsonl",
    "new styles, fifth held-out (visit_unseen5)": ROOT / "tests/data/visit_unseen5.jsonl",
    "new styles, sixth held-out (visit_unseen6)": ROOT / "tests/data/visit_unseen6.jsonl",
    "new styles, seventh held-out (visit_unseen7)": ROOT / "tests/data/visit_unseen7.jsonl",
    "new styles, eighth held-out (visit_unseen8)": ROOT / "tests/data/visit_unseen8.jsonl",
    "new styles, ninth held-out (visit_unseen9)": ROOT / "tests/data/visit_unseen9.jsonl",
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


def naive_score(cases: list[VisitCase]) -> tuple[dict[str, float], float]:
    """The keyword baseline, scored field by field as `kehu visit eval` scores the parser."""
    right = {f: 0 for f in FIELDS}
    named = {f: 0 for f in FIELDS}
    all_right = 0
    for case in cases:
        got = naive(case.text, case.now)
        ok_all = True
        for name, want in case.expect.items():
            ok = same(name, got.get(name), want)
            named[name] += 1
            right[name] += ok
            ok_all &= ok
        all_right += ok_all
    return {f: right[f] / named[f] for f in FIELDS if named[f]}, all_right / len(cases)


def main() -> None:
    calendar = WorkCalendar()
    for label, path in SETS.items():
        cases = read_visit_cases(path)
        report = evaluate_visits(cases, calendar).as_json()
        base, base_all = naive_score(cases)
        print(f"\n{label}: {len(cases)} messages")
        print(f"{'field':<11}{'kehu acc':>9}{'prec':>7}{'recall':>8}   {'naive acc':>9}")
        for name, row in report["fields"].items():
            print(
                f"{name:<11}{row['accuracy']:>9.1%}{row['precision']:>7.1%}{row['recall']:>8.1%}   {base[name]:>9.1%}"
            )
        print(f"{'all fields':<11}{report['all_fields_right']:>9.1%}{'':>15}   {base_all:>9.1%}")
        print(f"wrong customer (not a question back): {report['wrong_customer']:.1%}")
        print(
            f"asked which customer: {report['asked']:.1%} "
            f"(the first choice offered right: {report['asked_offering_right']:.1%})"
        )
    routing()
    cases = read_visit_cases(SETS["development (visit_eval)"]) * 5
    for case in cases[:50]:
        parse_visit(case.text, case.now, calendar, known_customers=case.known)
    times = []
    for case in cases:
        started = time.perf_counter()
        parse_visit(case.text, case.now, calendar, known_customers=case.known)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"\nparse time over {len(times)} parses (with the 40-name register): median {statistics.median(times):.2f} ms, "
        f"p99 {times[int(len(times) * 0.99) - 1]:.2f} ms, max {times[-1]:.2f} ms"
    )


def routing() -> None:
    """How often a report goes to visit logging (every labelled message is one) and an FAQ question does not (every
    question of the FAQ sets and conversations)."""
    visits = [case for path in SETS.values() for case in read_visit_cases(path)]
    questions = list(
        dict.fromkeys(q for path in sorted((ROOT / "tests/data").glob("faq_*.jsonl")) for q in questions_in(path))
    )
    taken = sum(looks_like_visit(case.text, case.known) for case in visits)
    mistaken = sum(looks_like_visit(q, ["华星科技有限公司"]) for q in questions)
    print(
        f"\nrouting: {taken}/{len(visits)} reports go to visit logging ({taken / len(visits):.1%}), "
        f"{mistaken}/{len(questions)} FAQ questions are taken for reports ({mistaken / len(questions):.1%})"
    )


if __name__ == "__main__":
    main()
