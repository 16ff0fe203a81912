"""Bounds benchmark: what the worst input costs. parse_visit on hypothesis-generated text (the issue's measure) and
on adversarial text built from visit words; work days added a week at a time against counting day by day (the
calendar before), 500 work days into a year without a published arrangement; the FAQ matcher on a 1 MB paste
against a one-line question. Run: .venv/bin/python benchmarks/bounds.py"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import visit_parser  # noqa: E402
from knowledge.holder import KnowledgeHolder  # noqa: E402
from knowledge.workcal import WorkCalendar  # noqa: E402

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
CAL = WorkCalendar()
VISIT_CHARS = [*"拜访华星科技王总谈流贷续贷下周三再跟进一二三四五六七八九十百千万亿元点个月天后前日号年月0123456789"]
VISIT_CHARS += [*".,,。 、的和与及了吧吗"]
VISIT_ALPHABET = [*VISIT_CHARS, "工作日", "上上周", "万元", "有限公司", "物流", "李阿姨"]


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _quantiles(times: list[float]) -> str:
    times = sorted(times)
    p99 = times[int(len(times) * 0.99) - 1]
    return f"p50 {statistics.median(times):7.2f} ms  p99 {p99:7.2f} ms  max {times[-1]:7.2f} ms  (n={len(times)})"


def parse_on_hypothesis(examples: int = 1500) -> list[float]:
    times: list[float] = []
    cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
    mixed = st.text(st.one_of(cjk, st.sampled_from(VISIT_CHARS), st.characters()), max_size=400)

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.one_of(st.text(), mixed))
    def run(text: str) -> None:
        times.append(_timed(lambda: visit_parser.parse_visit(text, NOW, CAL)))

    run()
    return times


def parse_adversarial(count: int = 400) -> list[float]:
    rng = random.Random(7)
    texts = ["".join(rng.choice(VISIT_ALPHABET) for _ in range(rng.randint(20, 200))) for _ in range(count)]
    return [_timed(lambda t=t: visit_parser.parse_visit(t, NOW, CAL)) for t in texts]  # type: ignore[misc]


def day_by_day(cal: WorkCalendar, day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        count -= cal.is_workday(day)
    return day


def main() -> None:
    visit_parser.parse_visit("拜访华星科技王总", NOW, CAL)
    print("parse_visit, hypothesis text   ", _quantiles(parse_on_hypothesis()))
    print("parse_visit, adversarial text  ", _quantiles(parse_adversarial()))

    week, daily = [], []
    for _ in range(30):
        cal = WorkCalendar()  # a cold calendar each time: no week counted yet
        week.append(_timed(lambda cal=cal: cal.add_workdays(date(2026, 12, 1), 500)))  # type: ignore[misc]
        daily.append(_timed(lambda cal=cal: day_by_day(cal, date(2026, 12, 1), 500)))  # type: ignore[misc]
    assert WorkCalendar().add_workdays(date(2026, 12, 1), 500) == day_by_day(WorkCalendar(), date(2026, 12, 1), 500)
    warm = WorkCalendar()
    warm.add_workdays(date(2026, 12, 1), 500)
    hot = [_timed(lambda: warm.add_workdays(date(2026, 12, 1), 500)) for _ in range(200)]
    cold, warm_ms, by_day = (statistics.median(t) for t in (week, hot, daily))
    print(f"500 work days: a week at a time {cold:.2f} ms cold, {warm_ms:.3f} ms warm; day by day {by_day:.2f} ms")
    print(f"               (ratio warm / day by day {warm_ms / by_day:.3f})")

    matcher = KnowledgeHolder(ROOT / "knowledge/data/sample_kb").matcher
    short = [_timed(lambda: matcher.answer("信用卡年费怎么收", date(2026, 12, 1))) for _ in range(50)]
    page = "信用卡年费怎么收。" + "无关的内容" * 200_000
    pasted = [_timed(lambda: matcher.answer(page, date(2026, 12, 1))) for _ in range(10)]
    ratio = statistics.median(pasted) / statistics.median(short)
    one_line, paste = statistics.median(short), statistics.median(pasted)
    print(f"FAQ matcher: one line {one_line:.2f} ms, a 1 MB paste {paste:.2f} ms (ratio {ratio:.2f})")


if __name__ == "__main__":
    main()
