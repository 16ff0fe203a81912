"""One formatter: money by one rounding rule in 万/亿, dates and weekdays in the reader's locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from handlers.formatting import Formatter

ZH, EN = Formatter("zh-CN"), Formatter("en")


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        ("5000000", "500万", "¥5m"),
        ("12345678", "1234.6万", "¥12.35m"),
        ("150000000", "1.5亿", "¥150m"),
        ("1050000000", "10.5亿", "¥1.05bn"),
        ("99999999", "1亿", "¥100m"),
        ("5236", "5236元", "¥5236"),
        ("0", "0元", "¥0"),
        ("1111111.11", "111.1万", "¥1.11m"),
    ],
)
def test_money_uses_the_largest_unit_and_one_rounding_rule(amount: str, zh: str, en: str) -> None:
    assert ZH.money(Decimal(amount)) == zh
    assert EN.money(Decimal(amount)) == en


def test_dates_weekdays_and_times_follow_the_locale() -> None:
    wednesday = date(2026, 12, 2)
    assert ZH.day(wednesday) == "12月2日" and EN.day(wednesday) == "2 Dec"
    assert ZH.day_and_weekday(wednesday) == "12月2日 周三" and EN.day_and_weekday(wednesday) == "Wed 2 Dec"
    moment = datetime(2026, 12, 2, 15, 0)
    assert ZH.moment(moment) == "12月2日 周三 15:00" and EN.moment(moment) == "Wed 2 Dec 15:00"
    assert ZH.short_moment(moment) == "12-02 15:00"
    assert ZH.products(["存款"], ["大额存单"]) == "存款(大额存单)" and EN.join(["a", "b"]) == "a, b"


def test_an_unknown_locale_reads_chinese() -> None:
    assert Formatter("fr").money(Decimal(3_000_000)) == "300万"
