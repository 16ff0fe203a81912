"""Chinese and mixed numerals (三百万, 1.2亿, 50w, 一千五百万) to numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点"
UNIT_FACTORS = {
    "亿": Decimal(100_000_000),
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
    "十万": Decimal(100_000),
    "万": Decimal(10_000),
    "w": Decimal(10_000),
    "k": Decimal(1_000),
    "千": Decimal(1_000),
    "元": Decimal(1),
    "块": Decimal(1),
}

AMOUNT = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+)\s*个?(?P<unit>亿元?|千万|百万|十万|万元?|[wWkK](?![a-zA-Z])|元|块钱?)"
)


def chinese_to_int(text: str) -> int | None:
    """一千五百 → 1500, 三百万 → 3000000, 十二 → 12; None when it is not a numeral."""
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    total = section = number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
        else:
            section += number
            total += (section or 1) * BIG_UNITS[ch]
            section = number = 0
    return total + section + number


def to_number(text: str) -> Decimal | None:
    """Arabic (1.2), Chinese (三百), or Chinese with a decimal point (一点五)."""
    text = text.strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = chinese_to_int(whole) if whole else 0
        digits = "".join(str(DIGITS[c]) for c in frac if c in DIGITS)
        if head is None or len(digits) != len(frac):
            return None
        return Decimal(f"{head}.{digits or 0}")
    value = chinese_to_int(text)
    return Decimal(value) if value is not None else None


def small_number(text: str) -> int | None:
    """Counts in phrases like 3天后 / 三天后 / 两周后."""
    value = to_number(text)
    return int(value) if value is not None and value == int(value) else None


def parse_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every money amount with a unit, in yuan, with its span."""
    found = []
    for match in AMOUNT.finditer(text):
        number = to_number(match.group("num"))
        if number is None:
            continue
        unit = match.group("unit").lower().rstrip("元钱") or "元"
        if unit == "块":
            unit = "元"
        factor = UNIT_FACTORS.get(unit, Decimal(1))
        found.append(((number * factor).quantize(Decimal(1)), match.start(), match.end()))
    return found
