"""Clusters of unanswered and down-voted questions, so curators see what to add first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

SIMILAR = 60


@dataclass
class Cluster:
    example: str
    count: int = 0
    questions: Counter[str] = field(default_factory=Counter)


def cluster_questions(questions: Iterable[str], normalise: Callable[[str], str]) -> list[Cluster]:
    """Greedy single-pass clustering on normalised text; the most frequent wording names the cluster."""
    counts = Counter(q.strip() for q in questions if q.strip())
    clusters: list[tuple[str, Cluster]] = []
    for question, count in counts.most_common():
        key = normalise(question) or question
        home = next(
            (c for k, c in clusters if fuzz.token_set_ratio(key, k) >= SIMILAR or fuzz.partial_ratio(key, k) >= 80),
            None,
        )
        if home is None:
            home = Cluster(example=question)
            clusters.append((key, home))
        home.count += count
        home.questions[question] += count
    return sorted((c for _, c in clusters), key=lambda c: -c.count)
