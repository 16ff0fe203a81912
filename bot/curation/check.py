"""`kehu kb check`: everything wrong with a knowledge base at once, each with its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from knowledge.calibration import Calibration
from knowledge.kb import Entry, KBError, build_entry, load_raw
from knowledge.simplify import fold

NEAR_DUPLICATE = 90
EXPIRY_WARNING = timedelta(days=30)


@dataclass(frozen=True)
class Finding:
    level: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        label = "错误 error" if self.level == "error" else "警告 warning"
        return f"{self.where}: {label}: {self.message}"


def plain(text: str) -> str:
    """Width, case, script and punctuation folded, nothing else: for exact-duplicate checks."""
    return re.sub(r"[\s\W_]+", "", fold(text))


def check_kb(path: Path, today: date) -> list[Finding]:
    try:
        raw = load_raw(path)
    except KBError as exc:
        return [Finding("error", str(path), str(exc))]
    findings: list[Finding] = []
    entries: list[Entry] = []
    for file, item in raw:
        try:
            entries.append(build_entry(file, item))
        except KBError as exc:
            where, _, message = str(exc).partition(": ")
            findings.append(Finding("error", where, message))
    return findings + check_entries(entries, today)


def check_entries(entries: list[Entry], today: date) -> list[Finding]:
    """What `kehu kb check` finds across valid entries (the desk runs it on the working copy with an edit)."""
    findings = _duplicate_ids(entries) + _shared_phrasings(entries) + _near_duplicates(entries)
    return findings + _dates(entries, today)


def _duplicate_ids(entries: list[Entry]) -> list[Finding]:
    first: dict[str, Entry] = {}
    found = []
    for entry in entries:
        if entry.id in first:
            found.append(
                Finding("error", entry.where(), f"重复的 id「{entry.id}」,首次出现于 {first[entry.id].where()}")
            )
        else:
            first[entry.id] = entry
    return found


def _shared_phrasings(entries: list[Entry]) -> list[Finding]:
    owner: dict[str, Entry] = {}
    found = []
    for entry in entries:
        for phrasing in dict.fromkeys(plain(p) for p in entry.phrasings):
            other = owner.setdefault(phrasing, entry)
            if other.id != entry.id:
                found.append(
                    Finding(
                        "error",
                        entry.where(),
                        f"问法「{phrasing}」同时属于 {other.id} 和 {entry.id} (shared phrasing)",
                    )
                )
    return found


def _near_duplicates(entries: list[Entry]) -> list[Finding]:
    questions = [plain(e.question) for e in entries]
    scores = process.cdist(questions, questions, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, workers=-1)
    found = []
    for i, j in zip(*scores.nonzero(), strict=True):
        if i < j and questions[i] != questions[j]:
            a, b = entries[i], entries[j]
            found.append(
                Finding(
                    "warning",
                    b.where(),
                    f"问题与 {a.id} 非常相近 ({scores[i, j]:.0f}%): {a.id} ↔ {b.id} (near duplicate)",
                )
            )
    return found


def _dates(entries: list[Entry], today: date) -> list[Finding]:
    found = []
    for entry in entries:
        if entry.effective and entry.expires and entry.expires < entry.effective:
            found.append(
                Finding("error", entry.where(), f"{entry.id}: 失效日期早于生效日期 (expires before effective)")
            )
        elif entry.expires and entry.expires < today:
            found.append(Finding("warning", entry.where(), f"{entry.id}: 已于 {entry.expires} 失效,不再提供 (expired)"))
        elif entry.expires and entry.expires - today <= EXPIRY_WARNING:
            found.append(
                Finding(
                    "warning",
                    entry.where(),
                    f"{entry.id}: 将于 {entry.expires} 失效 (expires within 30 days)",
                )
            )
    return found


def calibration_report(calibration: Calibration | None, collisions: int = 8) -> str:
    """What the knowledge base's own phrasings say about it: the thresholds it is served with, how often a
    phrasing it has never seen would be answered right, asked about or answered wrong, and the entries whose
    phrasings are taken for each other (merge them, or make their questions differ)."""
    if calibration is None:
        return "阈值校准 calibration: 未做(知识库过大或备选问法太少),使用默认阈值 (defaults kept)"
    s, e, d = calibration.settings, calibration.expected, calibration.at_defaults
    lines = [
        f"阈值校准 calibration on {calibration.held_out} held-out alternates: high {s.high:.2f}, margin {s.margin:.2f}",
        f"  预计 expected: 答对 right {e.right:.1%} · 追问 asked {e.asked:.1%} · 答错 wrong {e.wrong:.1%}"
        f"  (默认阈值 at the defaults: {d.right:.1%} · {d.asked:.1%} · {d.wrong:.1%})",
    ]
    if calibration.collisions:
        lines.append("  易混淆的条目 entries taken for each other (asked → answered, times):")
        lines += [f"    {asked} → {answered} ×{n}" for asked, answered, n in calibration.collisions[:collisions]]
    return "\n".join(lines)
