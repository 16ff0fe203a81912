"""`kehu visit eval`: per-field accuracy of the visit parser on labelled messages, and how often it names a wrong
customer (the error that matters most: a question back costs a tap, a wrong customer a wrong record).

A case may list the manager's own customers (`known`), name several customers (a list), a range amount
("2000000-3000000") and whether the visit is still to come (`plan`)."""

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
from knowledge.visit_parser import ParsedVisit, parse_visit
from knowledge.workcal import WorkCalendar

FIELDS = ("customer", "contact", "when", "channel", "products", "amount", "follow_up", "plan")


@dataclass(frozen=True)
class VisitCase:
    text: str
    now: datetime
    expect: dict[str, Any]
    known: tuple[str, ...] = ()


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
    wrong_customer: int = 0
    asked: int = 0  # no customer proposed: the card asks
    asked_offering: int = 0  # …offering the right one as its first choice (a guess)
    slowest_ms: float = 0.0
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "all_fields_right": self.all_right / self.cases if self.cases else 0.0,
            "wrong_customer": self.wrong_customer / self.cases if self.cases else 0.0,
            "asked": self.asked / self.cases if self.cases else 0.0,
            "asked_offering_right": self.asked_offering / self.cases if self.cases else 0.0,
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
            known = tuple(data.get("known") or ())
            cases.append(VisitCase(data["text"], datetime.fromisoformat(data["now"]), dict(data["expect"]), known))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: 无法解析的用例 (bad case line: {exc})") from None
    return cases


def same(name: str, got: Any, want: Any) -> bool:
    """Field comparison as documented: dates as dates, customers normalised (a known customer's full name is right
    for the short name it was written by: 中科智联 for 中科智联信息技术有限公司), products as sets."""
    if want is None or want == [] or want is False:
        return got is None or got == [] or got is False
    if got is None:
        return False
    if name in ("when", "follow_up"):
        return str(got)[:10] == str(want)[:10]
    if name == "customer":
        wanted = want if isinstance(want, list) else [want]
        names = got if isinstance(got, list) else [got]
        return len(names) == len(wanted) and all(any(_same_name(str(n), str(w)) for n in names) for w in wanted)
    if name == "contact":
        return to_simplified(str(got)).lower() == to_simplified(str(want)).lower()
    if name == "products":
        return set(got) == set(want)
    if name == "amount":
        return str(got) == str(want) if isinstance(want, str) else float(got) == float(want)
    return bool(got == want)


def _same_name(got: str, want: str) -> bool:
    a, b = normalise_name(got), normalise_name(want)
    return a == b or (len(b) >= 2 and a.startswith(b))


def observed(parsed: ParsedVisit) -> dict[str, Any]:
    """The parse in the labelled sets' terms: several customers as a list, a range as "low-high", an amount that
    must be confirmed (another currency, unreadable) as none, a planned visit with its planned date."""
    data = parsed.as_json()
    if len(parsed.customers) > 1:
        data["customer"] = list(parsed.customers)
    if parsed.amount_upper is not None and parsed.amount is not None:
        data["amount"] = f"{int(parsed.amount)}-{int(parsed.amount_upper)}"
    data["plan"] = parsed.planned
    return data


def evaluate_visits(cases: list[VisitCase], calendar: WorkCalendar) -> VisitReport:
    report = VisitReport()
    for case in cases:
        started = time.perf_counter()
        parsed = parse_visit(case.text, case.now, calendar, known_customers=case.known)
        got = observed(parsed)
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
        report.wrong_customer += "customer" in wrong and got["customer"] not in (None, [])
        if got["customer"] in (None, []) and case.expect.get("customer") not in (None, []):
            report.asked += 1
            want = case.expect["customer"]
            first = want[0] if isinstance(want, list) else want
            guess = parsed.customer_guess
            report.asked_offering += guess is not None and same("customer", guess, first)
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
    wrong = report.wrong_customer / report.cases if report.cases else 0.0
    lines.append(f"客户认错(非反问) wrong customer, not a question back: {wrong:.1%}")
    asked, offering = (report.asked / report.cases, report.asked_offering / report.cases) if report.cases else (0, 0)
    lines.append(f"反问客户 asked which customer: {asked:.1%} (首选即正确 the first choice right: {offering:.1%})")
    lines.append(f"最慢一次 slowest parse: {report.slowest_ms:.2f} ms")
    return "\n".join(lines)
