"""How a target metric is named and how its figures are shown: counts as whole numbers, the rest as money."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from handlers.formatting import Formatter
from storage.services.targets import COUNT_METRICS, CUSTOM

CUSTOM_MONEY_FROM = Decimal(10_000)  # a custom metric's small figures are counts (手机银行 50), large ones yuan


def label(t: Callable[..., str], metric: str) -> str:
    """A built-in metric's catalogue name, or a custom metric's own name."""
    return metric.removeprefix(CUSTOM) if metric.startswith(CUSTOM) else t(f"metric.{metric}")


def is_money(metric: str, amount: Decimal) -> bool:
    return not (metric in COUNT_METRICS or (metric.startswith(CUSTOM) and amount < CUSTOM_MONEY_FROM))


def figure(fmt: Formatter, metric: str, amount: Decimal) -> str:
    return fmt.money(amount) if is_money(metric, amount) else fmt.count(amount)
