"""`kehu visit eval`: per-field accuracy of the visit parser on labelled messages."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from knowledge.names import normalise_name
from knowledge.simplify import to_simplified
from knowledge.visit_parser import parse_visit
from knowledge.workcal import WorkCalendar

FIELDS = ("customer", "contact", "when", "channel", "products", "amount", "follow_up")


@dataclass(frozen=True)
class VisitCase:
    text: str
    now: datetime
    expect: dict[str, Any]


@dataclass
class FieldScore:
    named: int = 0
    right: int = 0
    predicted: int = 0  # non-empty predictions on cases that name the field
    right_nonempty: int = 0
    expected_nonempty: int = 0

    def as_json(self) -> dict[str, float | int]:
        return {
            "cases": self.named,
            "accuracy": self.right / self.named if self.named else 0.0,
            "precision": self.right_nonempty / self.predicted if self.predicted else 1.0,
            "recall": self.right_nonempty / self.expected_nonempty if self.expected_nonempty else 1.0,
        }


@dataclass
class VisitReport:
    fields: dict[str, FieldScore] = field(default_factory=lambda: defaultdict(FieldScore))
    cases: int = 0
    all_right: int = 0
    slowest_ms: float = 0.0
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "all_fields_right": self.all_right / self.cases if self.cases else 0.0,
            "fields": {name: self.fields[name].as_json() for name in FIELDS if name in self.fields},
            "slowest_ms": round(self.slowest_ms, 3),
        }


def read_visit_cases(path: Path) -> list[VisitCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            cases.append(VisitCase(data["text"], datetime.fromisoformat(data["now"]), dict(data["expect"])))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: 无法解析的用例 (bad case line: {exc})") from None
    return cases


def same(name: str, got: Any, want: Any) -> bool:
    """Field comparison as documented: dates as dates, customers normalised, products as sets."""
    if want is None or want == []:
        return got is None or got == []
    if got is None:
        return False
    if name in ("when", "follow_up"):
        return str(got)[:10] == str(want)[:10]
    if name == "customer":
        return normalise_name(str(got)) == normalise_name(str(want))
    if name == "contact":
        return to_simplified(str(got)).lower() == to_simplified(str(want)).lower()
    if name == "products":
        return set(got) == set(want)
    if name == "amount":
        return float(got) == float(want)
    return bool(got == want)


def evaluate_visits(cases: list[VisitCase], calendar: WorkCalendar) -> VisitReport:
    report = VisitReport()
    for case in cases:
        started = time.perf_counter()
        got = parse_visit(case.text, case.now, calendar).as_json()
        report.slowest_ms = max(report.slowest_ms, (time.perf_counter() - started) * 1000)
        report.cases += 1
        wrong = {}
        for name, want in case.expect.items():
            if name not in FIELDS:
                continue
            score = report.fields[name]
            ok = same(name, got[name], want)
            score.named += 1
            score.right += ok
            empty_got, empty_want = got[name] in (None, []), want in (None, [])
            score.predicted += not empty_got
            score.expected_nonempty += not empty_want
            score.right_nonempty += ok and not empty_want
            if not ok:
                wrong[name] = {"got": got[name], "want": want}
        report.all_right += not wrong
        if wrong:
            report.mistakes.append({"text": case.text, "wrong": wrong})
    return report


def format_visit_report(report: VisitReport) -> str:
    lines = [f"{'字段 field':<14}{'用例':>6}{'准确率':>9}{'精确率':>9}{'召回率':>9}"]
    for name in FIELDS:
        if name not in report.fields:
            continue
        data = report.fields[name].as_json()
        lines.append(
            f"{name:<14}{data['cases']:>6}{data['accuracy']:>9.1%}{data['precision']:>9.1%}{data['recall']:>9.1%}"
        )
    share = report.all_right / report.cases if report.cases else 0.0
    lines.append(f"全部字段正确 all fields right: {share:.1%} of {report.cases}")
    lines.append(f"最慢一次 slowest parse: {report.slowest_ms:.2f} ms")
    return "\n".join(lines)
