"""Counters and a latency histogram of what the process does (Prometheus text format, served by bot/ops.py on
/metrics): updates handled, their latency, pushes sent or failed, FAQ answers, questions back and misses. One
registry per process; nothing personal goes into a label."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter("kehu_updates", "Updates handled, by platform", ["platform"], registry=REGISTRY)
LATENCY = Histogram(
    "kehu_update_seconds",
    "Time to handle an update (its database work included), by platform",
    ["platform"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
PUSHES = Counter("kehu_pushes", "Scheduled pushes, by kind and outcome", ["kind", "outcome"], registry=REGISTRY)
FAQ = Counter("kehu_faq_questions", "FAQ questions, by status (answer, clarify, none)", ["status"], registry=REGISTRY)
