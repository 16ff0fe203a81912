"""Thresholds that fit a knowledge base, learnt from its own phrasings.

Each entry's alternates are split into three folds; an index built without one fold is asked that fold's
alternates, which gives, for this knowledge base, how often a phrasing it has never seen would be answered right,
asked about or answered wrong at any setting. Alternates are short and keyword-like, so these rates are harsher
than real questions': on the sample knowledge base, 11% of held-out alternates are answered wrong at the default
settings while its real questions are answered wrong 1.3% of the time. That rate is the reference. A knowledge base
whose entries are closer than the sample's (more held-out alternates answered wrong at the defaults) gets higher
thresholds until it is back at the reference; one that is safer keeps the defaults, because lowering them would
trade a measured safety for an unmeasured gain.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter
from dataclasses import dataclass

from knowledge.kb import KnowledgeBase
from knowledge.matcher import Matcher, Settings

FOLDS = 3
MAX_ENTRIES = 3000  # beyond this, building three more indexes at load costs too much; the defaults are kept
MAX_QUESTIONS = 450
REFERENCE_WRONG = 0.11  # held-out alternates of the sample knowledge base answered wrong at the default settings
TOLERANCE = 1.2  # within 20% of the reference a knowledge base is as safe as the sample
HIGHEST = 0.60
WIDEST = 0.20


@dataclass(frozen=True)
class Rates:
    right: float
    asked: float
    wrong: float


@dataclass(frozen=True)
class Calibration:
    settings: Settings
    expected: Rates  # on held-out alternates, at `settings`
    at_defaults: Rates
    held_out: int
    collisions: tuple[tuple[str, str, int], ...]  # (entry asked, entry answered instead, times), most first


@dataclass(frozen=True)
class _Row:
    expected: str
    best: str | None
    score: float
    runner_up: float
    doubtful: bool  # the matcher itself would ask (a deciding word the best entry lacks)


def calibrate(matcher: Matcher) -> Calibration | None:
    """The settings for `matcher`'s knowledge base, or None when it is too large or has too few alternates."""
    kb = matcher.kb
    if len(kb.entries) > MAX_ENTRIES:
        return None
    rows = _held_out_answers(matcher)
    if len(rows) < 30:
        return None
    base = matcher.settings
    at_defaults = _rates(rows, base)
    chosen = base
    if at_defaults.wrong > REFERENCE_WRONG * TOLERANCE:
        chosen = _safer(rows, base)
    collisions = Counter((r.expected, r.best) for r in rows if r.best and r.best != r.expected and _answers(r, chosen))
    return Calibration(
        chosen,
        _rates(rows, chosen),
        at_defaults,
        len(rows),
        tuple((a, b, n) for (a, b), n in collisions.most_common()),
    )


def _held_out_answers(matcher: Matcher) -> list[_Row]:
    kb = matcher.kb
    raw = Settings(high=0.0, low=0.0, margin=0.0, max_choices=2)
    rows: list[_Row] = []
    budget = MAX_QUESTIONS // FOLDS
    for fold in range(FOLDS):
        entries, asked = [], []
        for entry in kb.entries:
            kept = [a for a in entry.alternates if _fold(entry.id, a) != fold]
            asked += [(a, entry.id) for a in entry.alternates if _fold(entry.id, a) == fold]
            entries.append(dataclasses.replace(entry, alternates=tuple(kept)))
        index = Matcher(KnowledgeBase(entries, kb.root, kb.synonym_files), raw, like=matcher)
        for question, entry_id in sorted(asked, key=lambda pair: _fold(pair[1], pair[0], 997))[:budget]:
            result = index.match(question)
            scores = [c.score for c in result.candidates]
            best = result.candidates[0].id if result.candidates else None
            rows.append(
                _Row(
                    entry_id,
                    best,
                    scores[0] if scores else 0.0,
                    scores[1] if len(scores) > 1 else 0.0,
                    result.status == "clarify",
                )
            )
    return rows


def _fold(entry_id: str, text: str, modulus: int = FOLDS) -> int:
    return zlib.crc32(f"{entry_id}\n{text}".encode()) % modulus


def _answers(row: _Row, settings: Settings) -> bool:
    gap = settings.margin * (1 - settings.evidence_share)
    return not row.doubtful and row.score >= settings.high and row.score - row.runner_up >= gap


def _rates(rows: list[_Row], settings: Settings) -> Rates:
    answered = [r for r in rows if _answers(r, settings)]
    right = sum(r.best == r.expected for r in answered)
    return Rates(right / len(rows), 1 - len(answered) / len(rows), (len(answered) - right) / len(rows))


def _safer(rows: list[_Row], base: Settings) -> Settings:
    """The setting at or above the defaults that keeps most answers right with the reference wrong rate."""
    candidates = [
        dataclasses.replace(base, high=round(base.high + 0.02 * i, 2), margin=round(base.margin + 0.02 * j, 2))
        for i in range(int((HIGHEST - base.high) / 0.02) + 1)
        for j in range(int((WIDEST - base.margin) / 0.02) + 1)
    ]
    safe = [s for s in candidates if _rates(rows, s).wrong <= REFERENCE_WRONG * TOLERANCE]
    if not safe:
        return max(candidates, key=lambda s: (s.high, s.margin))
    return max(safe, key=lambda s: (_rates(rows, s).right, -s.high))
