"""The one place where money, counts, dates, times and weekdays become text, in the reader's locale.

Amounts are shown as a banker writes them: 300万, 1.2亿 in Chinese (¥3m, ¥1.2bn in English), rounded by one rule
(to the unit's fixed places, trailing zeros dropped). The words themselves come from the message catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from handlers import messages

# (unit size, catalogue key, places) from the largest down; below the smallest unit the plain form is used
_UNITS: dict[str, tuple[tuple[Decimal, str, Decimal], ...]] = {
    "zh-CN": (
        (Decimal(100_000_000), "fmt.money.large", Decimal("0.01")),
        (Decimal(10_000), "fmt.money.medium", Decimal("0.1")),
    ),
    "en": (
        (Decimal(1_000_000_000), "fmt.money.large", Decimal("0.01")),
        (Decimal(1_000_000), "fmt.money.medium", Decimal("0.01")),
    ),
}


def _plain(value: Decimal) -> str:
    """A number without exponent or trailing zeros: 2E+6 → "2000000", 1.50 → "1.5"."""
    return f"{value.normalize():f}"


class Formatter:
    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in _UNITS else messages.DEFAULT_LOCALE

    def _t(self, key: str, **params: object) -> str:
        return messages.text(self.locale, key, **params)

    # ---- numbers -------------------------------------------------------------------------------------------
    def money(self, amount: Decimal) -> str:
        """A yuan amount in the largest unit it reaches, rounded to that unit's places."""
        for size, key, places in _UNITS[self.locale]:
            scaled = (amount / size).quantize(places, rounding=ROUND_HALF_UP)
            if abs(scaled) >= 1:
                return self._t(key, n=_plain(scaled))
        whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return self._t("fmt.money.yuan", n=_plain(whole))

    def count(self, value: Decimal | int) -> str:
        return _plain(Decimal(value))

    def percent(self, share: float) -> str:
        return f"{share:.0%}"

    # ---- dates and times -------------------------------------------------------------------------------------
    def day(self, day: date) -> str:
        """12月2日 / 2 Dec"""
        return self._t("fmt.day", day=day.day, month_name=self._t(f"fmt.month.{day.month}"))

    def weekday(self, day: date) -> str:
        """周三 / Wed"""
        return self._t(f"fmt.weekday.{day.weekday()}")

    def day_and_weekday(self, day: date) -> str:
        """12月2日 周三 / Wed 2 Dec"""
        return self._t("fmt.day_weekday", day=self.day(day), weekday=self.weekday(day))

    def clock(self, moment: time | datetime) -> str:
        return f"{moment:%H:%M}"

    def moment(self, moment: datetime, *, with_clock: bool = True) -> str:
        """12月2日 周三 15:00, for one visit's card (the day alone when no clock time was given)."""
        day = self.day_and_weekday(moment.date())
        return f"{day} {self.clock(moment)}" if with_clock else day

    def short_day(self, day: date) -> str:
        """12-02, for lines of a list."""
        return f"{day:%m-%d}"

    def short_moment(self, moment: datetime, *, with_clock: bool = True) -> str:
        """12-02 15:00, for lines of a list."""
        day = self.short_day(moment.date())
        return f"{day} {self.clock(moment)}" if with_clock else day

    # ---- lists -------------------------------------------------------------------------------------------------
    def join(self, items: Sequence[str]) -> str:
        """华星、恒通 / Huaxing, Hengtong"""
        return self._t("fmt.list_separator").join(items)

    def products(self, products: Sequence[str], details: Sequence[str]) -> str:
        """存款(大额存单): the products, then the finer words they were named by where those say more."""
        finer = [d for d in details if d not in products]
        shown = self.join(products)
        return self._t("fmt.with_detail", main=shown, detail=self.join(finer)) if finer else shown
