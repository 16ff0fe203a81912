"""`kehu kb eval`: how often the matcher answers right, asks, or answers wrong, overall and per category."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.kb import KBError
from knowledge.matcher import Matcher
from knowledge.smalltalk import small_talk

OUT_OF_SCOPE = "(超出范围 out of scope)"


@dataclass(frozen=True)
class Case:
    q: str
    expect: str | None


@dataclass
class Tally:
    cases: int = 0
    in_scope: int = 0
    right: int = 0
    clarify: int = 0
    wrong: int = 0
    asked_in_scope: int = 0  # questions with an entry that got 「您是不是想问」
    offered_right: int = 0  # … with that entry among the choices, so one tap answers them

    def as_json(self) -> dict[str, float | int]:
        return {
            "cases": self.cases,
            "in_scope": self.in_scope,
            "top1": self.right / self.in_scope if self.in_scope else 0.0,
            "clarify_rate": self.clarify / self.cases if self.cases else 0.0,
            "wrong_rate": self.wrong / self.cases if self.cases else 0.0,
            "asks_offering_right": self.offered_right / self.asked_in_scope if self.asked_in_scope else 0.0,
        }


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    categories: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    slowest_ms: float = 0.0
    slowest_query: str = ""
    mistakes: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "overall": self.overall.as_json(),
            "categories": {name: t.as_json() for name, t in sorted(self.categories.items())},
            "slowest_ms": round(self.slowest_ms, 3),
            "slowest_query": self.slowest_query,
        }


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            cases.append(Case(q=str(data["q"]), expect=data.get("expect")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise KBError(f"{path}:{number}: 无法解析的用例 (bad case line: {exc})") from None
    return cases


def evaluate(matcher: Matcher, cases: list[Case], today: date) -> Report:
    report = Report()
    by_id = matcher.by_id
    for case in cases:
        started = time.perf_counter()
        result = matcher.match(case.q, today)
        elapsed = (time.perf_counter() - started) * 1000
        if elapsed > report.slowest_ms:
            report.slowest_ms, report.slowest_query = elapsed, case.q
        category = by_id[case.expect].category if case.expect in by_id else OUT_OF_SCOPE
        answered = result.entry.id if result.entry else None
        for tally in (report.overall, report.categories[category]):
            tally.cases += 1
            tally.in_scope += case.expect is not None
            tally.right += case.expect is not None and answered == case.expect
            tally.clarify += result.status == "clarify"
            tally.wrong += answered is not None and answered != case.expect
            if result.status == "clarify" and case.expect is not None:
                tally.asked_in_scope += 1
                tally.offered_right += case.expect in {c.id for c in result.candidates}
        if answered != case.expect:
            report.mistakes.append({"q": case.q, "expect": case.expect, "got": result.as_json()})
    return report


def format_report(report: Report) -> str:
    lines = [f"{'类别 category':<24}{'用例':>6}{'top-1':>9}{'追问率':>9}{'答错率':>9}"]
    rows = [("总计 overall", report.overall), *sorted(report.categories.items())]
    for name, tally in rows:
        data = tally.as_json()
        lines.append(
            f"{name:<24}{tally.cases:>6}{data['top1']:>9.1%}{data['clarify_rate']:>9.1%}{data['wrong_rate']:>9.1%}"
        )
    overall = report.overall
    if overall.asked_in_scope:
        lines.append(
            f"追问中含正确条目 asks offering the right entry: {overall.offered_right}/{overall.asked_in_scope} "
            f"({overall.as_json()['asks_offering_right']:.1%})"
        )
    lines.append(f"最慢一次 slowest query: {report.slowest_ms:.2f} ms ({report.slowest_query})")
    return "\n".join(lines)


# ---- conversations ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Turn:
    q: str
    expect: str | None
    follow_up: bool  # the turn reads against the previous answer (那企业的呢); otherwise it stands on its own


@dataclass
class ConversationReport:
    turns: int = 0
    later_turns: int = 0  # turns after the first
    right: int = 0  # the expected entry answered, or nothing answered where none is expected
    wrong: int = 0  # an entry answered that is not the expected one
    own_turns: int = 0  # later turns that stand on their own
    changed: int = 0  # …whose answer the previous turn changed
    follow_turns: int = 0
    follow_right: int = 0
    mistakes: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, float | int]:
        return {
            "turns": self.turns,
            "right": self.right / self.turns if self.turns else 0.0,
            "wrong_rate": self.wrong / self.turns if self.turns else 0.0,
            "changed_by_previous_turn": self.changed / self.own_turns if self.own_turns else 0.0,
            "follow_up_right": self.follow_right / self.follow_turns if self.follow_turns else 0.0,
        }


def read_conversations(path: Path) -> list[list[Turn]]:
    conversations = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            turns = json.loads(line)["turns"]
            conversations.append([Turn(str(t["q"]), t.get("expect"), bool(t.get("follow_up"))) for t in turns])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise KBError(f"{path}:{number}: 无法解析的对话 (bad conversation line: {exc})") from None
    return conversations


def questions_in(path: Path) -> list[str]:
    """Every question of a case file or of a conversation file (one whose lines hold `turns`)."""
    first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), "")
    if '"turns"' in first:
        return [turn.q for conversation in read_conversations(path) for turn in conversation]
    return [case.q for case in read_cases(path)]


def reply_in_chat(matcher: Matcher, text: str, today: date, previous: str | None) -> str | None:
    """The entry the chat answers with, as the FAQ handler decides: small talk and words for the bot itself get
    no entry, a question is read with the previous answer in mind."""
    if small_talk(text) is not None:
        return None
    result = matcher.answer(text, today, previous)
    return result.entry.id if result.entry else None


def evaluate_conversations(matcher: Matcher, conversations: list[list[Turn]], today: date) -> ConversationReport:
    report = ConversationReport()
    for turns in conversations:
        previous: str | None = None
        for index, turn in enumerate(turns):
            answered = reply_in_chat(matcher, turn.q, today, previous)
            report.turns += 1
            report.right += answered == turn.expect
            report.wrong += answered is not None and answered != turn.expect
            if index:
                report.later_turns += 1
                if turn.follow_up:
                    report.follow_turns += 1
                    report.follow_right += answered == turn.expect
                else:
                    report.own_turns += 1
                    report.changed += answered != reply_in_chat(matcher, turn.q, today, None)
            if answered != turn.expect:
                report.mistakes.append(
                    {"turns": [t.q for t in turns[: index + 1]], "expect": turn.expect, "got": answered}
                )
            previous = answered or previous
    return report


def format_conversation_report(report: ConversationReport) -> str:
    data = report.as_json()
    return "\n".join(
        [
            f"对话轮次 turns: {report.turns}",
            f"答对 right: {data['right']:.1%}   答错 wrong: {data['wrong_rate']:.1%}",
            f"独立问题被上一轮改变 own questions changed by the previous turn: {data['changed_by_previous_turn']:.1%}"
            f" of {report.own_turns}",
            f"追问答对 follow-ups right: {data['follow_up_right']:.1%} of {report.follow_turns}",
        ]
    )
