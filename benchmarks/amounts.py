"""Amount-reading benchmark: the amount set (tests/data/amounts.jsonl, 74 forms bankers type or dictate) read by
kehu's reader (cn2an's smart mode for the numerals, with the multipliers, flags and money context around it) and by
the hand-written grammar the project had before, in the same run. A case is right when the right yuan value is read,
when nothing is read from a number that is not money, and, for a range, a negative, another currency or an
unreadable amount, when no plain yuan value is claimed. Run: .venv/bin/python benchmarks/amounts.py"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.amounts import find_amounts, prepare  # noqa: E402
from knowledge.simplify import to_simplified  # noqa: E402

CASES = [json.loads(line) for line in (ROOT / "tests/data/amounts.jsonl").read_text("utf-8").splitlines()]
MUST_NOT_CLAIM = {"range", "negative", "currency", "unclear"}
Reader = Callable[[str], tuple[Decimal | None, bool]]  # (plain yuan claimed, flagged for confirmation)


def kehu(text: str) -> tuple[Decimal | None, bool]:
    found = find_amounts(prepare(to_simplified(unicodedata.normalize("NFKC", text))))
    if not found:
        return None, False
    amount = found[0]
    return (None, True) if not amount.certain else (amount.value, False)


# ---- the grammar kehu had before (knowledge/cn_numbers.py until this change), kept here as the baseline ----------
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_FACTORS = {
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
_AMOUNT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿点]+)\s*个?"
    r"(?P<unit>亿元?|千万|百万|十万|万元?|[wWkK](?![a-zA-Z])|元|块钱?)"
)


def _chinese_to_int(text: str) -> int | None:
    if not text or any(ch not in _DIGITS and ch not in _SMALL and ch not in _BIG for ch in text):
        return None
    total = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL:
            section += (number or 1) * _SMALL[ch]
            number = 0
        else:
            section += number
            total += (section or 1) * _BIG[ch]
            section = number = 0
    return total + section + number


def _to_number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = _chinese_to_int(whole) if whole else 0
        digits = "".join(str(_DIGITS[c]) for c in frac if c in _DIGITS)
        if head is None or len(digits) != len(frac):
            return None
        return Decimal(f"{head}.{digits or 0}")
    value = _chinese_to_int(text)
    return Decimal(value) if value is not None else None


def previous(text: str) -> tuple[Decimal | None, bool]:
    for match in _AMOUNT.finditer(text):
        number = _to_number(match.group("num"))
        if number is None:
            continue
        unit = match.group("unit").lower().rstrip("元钱") or "元"
        factor = _FACTORS.get("元" if unit == "块" else unit, Decimal(1))
        return (number * factor).quantize(Decimal(1)), False
    return None, False


def right(reader: Reader, case: dict[str, object]) -> bool:
    value, flagged = reader(str(case["text"]))
    if case["flag"] == "none":
        return value is None and not flagged
    if case["flag"] in MUST_NOT_CLAIM:
        return value is None
    return value is not None and value == Decimal(int(str(case["yuan"])))


def main() -> None:
    readers: dict[str, Reader] = {"kehu (cn2an + context)": kehu, "previous hand-written grammar": previous}
    print(f"{len(CASES)} amount forms, each in a sentence")
    print(f"{'reader':<32}{'right':>8}{'wrong value claimed':>22}{'median µs':>12}")
    for name, reader in readers.items():
        good = sum(right(reader, c) for c in CASES)
        claimed_wrong = sum(
            1
            for c in CASES
            if (v := reader(str(c["text"]))[0]) is not None and (c["yuan"] is None or v != Decimal(int(str(c["yuan"]))))
        )
        timings = []
        for _ in range(5):
            for case in CASES:
                started = time.perf_counter()
                reader(str(case["text"]))
                timings.append((time.perf_counter() - started) * 1e6)
        print(f"{name:<32}{good / len(CASES):>8.1%}{claimed_wrong:>22}{statistics.median(timings):>12.1f}")
    misses = [str(c["text"]) for c in CASES if not right(kehu, c)]
    print("kehu misses:", "、".join(misses) or "none")


if __name__ == "__main__":
    main()
