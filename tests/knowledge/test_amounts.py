"""Amounts as bankers type or dictate them: every case of the amount set read to the right yuan, or flagged."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest

from knowledge.amounts import find_amounts, prepare, read_amount, read_count
from knowledge.simplify import to_simplified

CASES = [
    json.loads(line) for line in (Path(__file__).parents[1] / "data" / "amounts.jsonl").read_text("utf-8").splitlines()
]
FLAGS = {"approximate", "range", "negative", "currency", "unclear"}


def _first(text: str):  # type: ignore[no-untyped-def]
    import unicodedata

    found = find_amounts(prepare(to_simplified(unicodedata.normalize("NFKC", text))))
    return found[0] if found else None


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_every_form_is_read_or_flagged(case: dict[str, object]) -> None:
    amount = _first(str(case["text"]))
    if case["flag"] == "none":
        assert amount is None
        return
    assert amount is not None
    flags = {
        "approximate": amount.approximate,
        "range": amount.upper is not None,
        "negative": amount.negative,
        "currency": amount.currency is not None,
        "unclear": not amount.complete,
    }
    assert {f for f, on in flags.items() if on} == ({case["flag"]} & FLAGS)
    if case["yuan"] is not None:
        assert amount.value == Decimal(int(str(case["yuan"])))


def test_answers_to_how_much_read_bare_numbers_as_yuan_and_counts_as_counts() -> None:
    assert read_amount("30000").value == 30_000  # type: ignore[union-attr]
    assert read_amount("1.2亿").value == 120_000_000  # type: ignore[union-attr]
    assert read_amount("很多钱") is None
    assert read_count("三十次") == 30 and read_count("5户") == 5 and read_count("很多") is None


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("流水涨到每天五千多", 5000), ("余额达到两千", 2000), ("流水降到每天三千", 3000)],
)
def test_a_bare_number_a_change_away_from_a_money_word_is_money(text: str, yuan: int) -> None:
    assert [a.value for a in find_amounts(prepare(text))] == [yuan]
    assert find_amounts(prepare("代发人数从两百涨到三百五")) == []  # people, not money


@pytest.mark.parametrize(
    ("text", "yuans"),
    [
        ("7 万5 千", [75_000]),  # one number typed with spaces
        ("1 000 000元", [1_000_000]),
        ("存了十二万五 三年定期", [125_000]),  # a sum then a term: 十二万五三 is no number
        ("一亿五千万 百川化工刘总 流贷", [150_000_000]),  # a sum then a name starting with a numeral
        ("50万 3年定期", [500_000]),  # not 50万3
    ],
)
def test_a_space_is_dropped_only_inside_one_number(text: str, yuans: list[int]) -> None:
    assert [a.value for a in find_amounts(prepare(text))] == yuans


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("两千到三千万", 20_000_000, 30_000_000),  # the 千 is the bottom's own: only the 万 is shared
        ("两百到三百万", 2_000_000, 3_000_000),
        ("三到五千万", 30_000_000, 50_000_000),  # a bare digit takes the whole 千万
        ("一百五到两百万", 1_500_000, 2_000_000),
    ],
)
def test_a_range_shares_only_the_unit_its_bottom_lacks(text: str, low: int, high: int) -> None:
    (amount,) = find_amounts(prepare(text))
    assert (amount.value, amount.upper) == (low, high)


@pytest.mark.parametrize(("text", "currency"), [("USD 50万 结汇", "USD"), ("$3000", "$"), ("€200万", "€")])
def test_a_currency_written_before_the_number_is_not_yuan(text: str, currency: str) -> None:
    (amount,) = find_amounts(prepare(text))
    assert amount.currency == currency and not amount.certain


@pytest.mark.parametrize("text", ["三十到五万", "一万到五亿", "3到500万", "5万-3万"])
def test_a_range_that_goes_down_or_spans_too_much_is_asked_about(text: str) -> None:
    (amount,) = find_amounts(prepare(text))
    assert not amount.complete and not amount.certain


def test_numbers_written_by_cn2an_in_every_form_are_read_back() -> None:
    """Seeded amounts from 100 to 10亿 written in Chinese numerals (with and without 元), in digits, with thousands
    separators, as 万 and 亿 decimals and as Chinese numerals of 万: each is read back whole, to the yuan."""
    rng = random.Random(11)
    wrong = []
    for _ in range(400):
        n = rng.randint(1, 999) * rng.choice([10**3, 10**4, 10**5, 10**6, 10**7]) // rng.choice([1, 10, 100])
        if n < 100:
            continue
        forms = [cn2an.an2cn(n) + "元", cn2an.an2cn(n), f"{n}元", f"{n:,}元"]
        if n % 100 == 0:
            forms.append(f"{n / 10000:.4f}".rstrip("0").rstrip(".") + "万")
        if n % 10**6 == 0 and n >= 10**8:
            forms.append(f"{n / 10**8:.4f}".rstrip("0").rstrip(".") + "亿")
        if n % 10000 == 0 and n < 10**8:
            forms.append(cn2an.an2cn(n // 10000) + "万")
        for form in forms:
            found = find_amounts(prepare("贷款" + form))
            if not found or not found[0].complete or found[0].value != n:
                wrong.append(form)
    assert wrong == []
