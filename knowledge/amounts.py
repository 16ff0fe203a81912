"""Money amounts in a message, as bankers type or dictate them.

500万, 1.2亿, 两千五, 一万三, 一亿五千万, 1,100万, 1,050,000,000元, 3万4000, 25万6千, 2千零30万, 大写 壹佰万元整,
3000w, 500k, 3kw, 两个亿, 一点二个亿. Chinese numerals are read by cn2an (its "smart" mode, which reads colloquial
两千五 as 2500 and mixed 3万4000 as 34000); this module finds the spans, reads the multiplier suffixes cn2an does not
(个亿, 万亿, w, k, kw, 1,100万) and flags what must be confirmed rather than read as plain yuan: an approximation
(约, 大概, 左右, 多, 余, 几, 来), a range (两三百万, 300-500万), a negative, another currency (50万美元) and an
expression that cannot be read completely.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from knowledge.simplify import to_simplified

MAX_NUMERAL = 24  # characters: 1,050,000,000 or 四十五亿四千零四万 fit, a card number does not
MAX_YUAN = Decimal(10) ** 13  # 10万亿: anything larger is a misreading, not a customer's amount
CN_DIGITS = "零〇一二两俩三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_UNITS = "十百千拾佰仟"
BIG = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "两": 2,
    "俩": 2,
    **{c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")},
}
_NUMERAL = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}{CN_UNITS}点几]+)"
# a run of numerals and 万/亿 (3万4000, 一亿五千万, 4.78万亿), with 多/余/几/来 inside (二十几万, 一千多万)
_RUN = rf"{_NUMERAL}(?:[万亿多余几来]|(?<=[十百千万])把(?=[万亿元块])|{_NUMERAL})*"
_SUFFIX = r"(?P<suffix>kw|KW|Kw|w|W|k|K|元|圆|块钱?|人民币)?"
_FOREIGN = r"(?P<foreign>美元|美金|美刀|港币|港元|欧元|日元|英镑|澳元|加元|卢布|usd|USD|hkd|HKD|eur|EUR)?"
_FOREIGN_BEFORE = r"(?:(?P<before>USD|usd|US\$|HKD|hkd|EUR|eur|JPY|jpy|GBP|gbp|\$|€|£)\s?)?"  # USD 50万, $3000
AMOUNT = re.compile(
    rf"{_FOREIGN_BEFORE}(?P<neg>负|-)?(?P<low>{_RUN})(?:(?P<sep>到|至|-|~|—|–)(?P<high>{_RUN}))?{_SUFFIX}(?P<tail>整|左右|上下|多)?{_FOREIGN}"
)
_APPROX_BEFORE = re.compile(r"(?:约|大约|大概|大致|估计|差不多|将近|接近|近|不到|超过|至少|最多|预计|预估|小)\s*$")
_NEAR_BEFORE = re.compile(r"(?:将近|接近|近|上|小|差不多|大概|约)$")
_COUNT_AFTER = re.compile(r"^\s*(?:年期|年|个?月|号|日|期|天|个?人|家|户|次|位|名|个?工作日|个?星期|个?礼拜|周)")
_COUNTER_AFTER = re.compile(
    r"^\s*(?:个?人|位|名|家|张|套|台|次|户|天|年|个?月|日|号|点|期|笔|份|岁|%|倍|辆|亩|吨|平|米|层|楼|间|条|只|件|本|"
    r"周|小时|分钟|分|秒|个|年期|手|股|单|页|款|项|种|成|折|届|批|起|轮|趟|遍|回)"
)
_MEASURE_AFTER = re.compile(
    r"^\s*(?:平米|平方|平(?![安台方均])|亩|吨|人(?!民币|行|[员家])|人次|辆|套|株|棵|斤|公斤|千克|公里|立方|千瓦|箱|袋|粒|盒|瓶)"
)  # after 万 or 亿 without a money unit, what was counted (words that start other words, 本月 or 方式, are not)
_MONEY_CUE_BEFORE = re.compile(
    r"(?:金额|额度|存了?|存款|贷款?|借了?|还了?|转了?|定投|投了?|买了?|流水|营业额|授信|融资|放款|提款|取了?|缴了?|付了?|"
    r"收入|工资|月薪|薪水|资金|余额|日均|规模|保费|开证|承兑|贴现|到账|冲|RMB|rmb|CNY|¥|￥)"
    r"(?:[^\d{cn}]{0,3}|[^\d{cn}]{0,2}(?:涨|升|降|掉|达|做|提|增加|减少|增长|变)到[^\d{cn}]{0,3})$".replace(
        "{cn}", CN_DIGITS + CN_UNITS
    )
)
_MONEY_CUE_AFTER = re.compile(
    r"^\s*的?(?:月供|理财|存款|贷款|流水|额度|保费|授信|房贷|车贷|工资|收入|营业额|定期|大额存单)"
)
_RANGE_PAIR = re.compile(rf"^(?P<a>[{CN_DIGITS}])(?P<b>[{CN_DIGITS}])(?P<unit>[{CN_UNITS}万亿].*)$")
MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "万万": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
_BIG_MULTIPLIERS = {unit: size for unit, size in MULTIPLIERS.items() if unit in ("万亿", "万万", "亿", "万")}
SUFFIX_FACTOR = {"w": Decimal(10_000), "k": Decimal(1_000), "kw": Decimal(10_000_000)}


@dataclass(frozen=True)
class Amount:
    """An amount in yuan with its span; `upper` is a range's top, `currency` another currency's name."""

    value: Decimal
    start: int
    end: int
    text: str
    upper: Decimal | None = None
    approximate: bool = False
    negative: bool = False
    currency: str | None = None
    complete: bool = True

    @property
    def certain(self) -> bool:
        """Plain yuan read completely: nothing about it needs confirming."""
        return self.complete and self.currency is None and self.upper is None and not self.negative


def prepare(text: str) -> str:
    """Joins what splits a number: 1,100 → 1100, 两个亿 → 两亿, 7 万5 千 → 7万5千 (so spans refer to the prepared
    text). Callers fold width and script first (NFKC, simplified)."""
    text = re.sub(r"(?<=\d)[,,](?=\d{3}(?!\d))", "", text)
    text = re.sub(rf"(?<=[\d{CN_DIGITS}{CN_UNITS}几多])个(?=多?[万亿])", "", text)  # 两个亿, 一个多亿
    text = re.sub(r"(?<![\d一二两三四五六七八九十])半个?(?=亿)", "0.5", text)  # 半个亿
    return _join_spaced(text)


_NUMERAL_CHARS = rf"[\d.{CN_DIGITS}{CN_UNITS}万亿]"
_SPACED = re.compile(rf"({_NUMERAL_CHARS}+)[ \t\u3000]+(?={_NUMERAL_CHARS})")
_UNIT_INSIDE = re.compile(rf"[{CN_UNITS}万亿]")


def _join_spaced(text: str) -> str:
    """Drops a space inside one number (7 万5 千, 1 000 000) and keeps one between two (存了十二万五 三年定期,
    一亿五千万 百川化工): the part after it must carry a unit or be a group of three digits, and the whole must read
    completely."""
    out: list[str] = []
    done = 0
    for space in _SPACED.finditer(text):
        after = re.match(rf"{_NUMERAL_CHARS}+", text[space.end() :])
        assert after is not None  # the lookahead saw one
        before = re.search(rf"{_NUMERAL_CHARS}+$", "".join(out) + text[done : space.end(1)])
        assert before is not None
        left, right = before.group(), after.group()
        grouped = re.fullmatch(r"\d{1,3}(?:\d{3})*", left) is not None and re.fullmatch(r"\d{3}", right) is not None
        joins = not right.startswith(("五一", "十一")) and not left.endswith(".")  # holidays, list numbers
        joins = joins and (grouped or _UNIT_INSIDE.search(right) is not None)
        out.append(
            text[done : space.end(1)] if joins and read_number(left + right) is not None else text[done : space.end()]
        )
        done = space.end()
    return "".join(out) + text[done:]


_DATE_LIKE = re.compile(r"(?<![\d.])(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}:\d{2})(?![\d.])")


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in prepared text: with a money unit, or a bare number after a money word (定投两千五)."""
    found = []
    dates = [m.span() for m in _DATE_LIKE.finditer(text)]
    for match in AMOUNT.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in dates):
            continue  # 2026-12-22, 2026.1.29, 14:30: a day or a time, never a sum
        amount = _amount(text, match)
        if amount is not None:
            found.append(amount)
    return found


def read_number(text: str) -> Decimal | None:
    """A whole numeral (3, 3.5, 三百, 两千五, 一万三, 3万4000) as a number; None when it cannot be read completely."""
    reading = _read(text.strip())
    return None if reading is None or reading[1] else reading[0]


def _amount(text: str, match: re.Match[str]) -> Amount | None:
    low, high = match.group("low"), match.group("high")
    trimmed = _trailing_count(text, match)
    if trimmed is not None:
        return trimmed
    if len(low) > MAX_NUMERAL or (high and len(high) > MAX_NUMERAL):
        return None  # a run of digits this long is an account or a typo, never an amount
    suffix = (match.group("suffix") or "").lower()
    money_unit = bool(suffix or match.group("before")) or any(big in low + (high or "") for big in BIG)
    if not money_unit and not _bare_money(text, match):
        return None
    if not (suffix or match.group("before") or match.group("foreign")) and _MEASURE_AFTER.match(text[match.end() :]):
        return None  # 厂房两万平, 三十万人, 五万吨: a count of something else, not yuan
    odd = re.match(r"[百千][来把]", low)  # 百来万, 千把万 (but 千万别…, 百万富翁 are no amounts)
    near = high is None and re.match(r"[百千万亿]", low) and _NEAR_BEFORE.search(text[: match.start()])
    if near:  # 近千万, 上千万, 小一千万: about one of the unit
        low = "一" + low
    elif not (odd or re.match(rf"[\d{CN_DIGITS}十拾几]", low)) or (
        low.isdigit() and low.startswith("0") and not suffix
    ):
        return None  # 千万别…, 百万富翁 and 0571… are not amounts
    factor = SUFFIX_FACTOR.get(suffix.rstrip("钱"), Decimal(1))
    reading = _range_reading(low) if high is None else None
    approximate = bool(near or _APPROX_BEFORE.search(text[: match.start()])) or match.group("tail") in (
        "左右",
        "上下",
        "多",
    )
    upper: Decimal | None
    if reading is not None:
        value, upper, complete = reading[0], reading[1], reading[2]
    else:
        first = _read(low)
        second = _read(high) if high else None
        if high and second is not None and first is not None and not any(b in low for b in BIG):
            first = (_scale_like(first[0], high, low), first[1])  # 300-500万: the unit belongs to both
        complete = first is not None and (high is None or second is not None)
        value = first[0] if first else Decimal(0)
        upper = second[0] if second else None
        approximate = approximate or bool(first and first[1])
    value = value * factor
    upper = upper * factor if upper is not None else None
    if value > MAX_YUAN or (upper is not None and upper > MAX_YUAN):
        complete = False
    if upper is not None and (value > upper or upper > _WIDEST_RANGE * value):
        complete = False  # 三十到五万, 一万到五亿: a range that goes down or spans that much is asked about
    return Amount(
        value=value.quantize(Decimal(1)) if complete else Decimal(0),
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        upper=upper.quantize(Decimal(1)) if upper is not None and complete else None,
        approximate=approximate,
        negative=bool(match.group("neg")),
        currency=match.group("foreign") or match.group("before") or None,
        complete=complete,
    )


_WIDEST_RANGE = 20  # a range's top over its bottom: 两三百万 is 1.5, 十到二十万 2, 一到二十万 20


def _trailing_count(text: str, match: re.Match[str]) -> Amount | None:
    """两百万三年期, 三千万 二十九号: the numeral after the 万 belongs to the count after it, not to the amount."""
    head = re.match(rf"^(.*[万亿])[\d{CN_DIGITS}{CN_UNITS}]+$", match.group("low"))
    if head is None or match.group("high") or match.group("suffix") or not _COUNT_AFTER.match(text[match.end() :]):
        return None
    end = match.start("low") + len(head.group(1))
    shorter = AMOUNT.match(text[:end], match.start())
    return _amount(text[:end], shorter) if shorter else None


def _bare_money(text: str, match: re.Match[str]) -> bool:
    """A number without a unit is money only right after a money word, when it is not a count (120人)."""
    if match.group("foreign") or match.group("before") or match.group("neg"):
        return bool(_MONEY_CUE_BEFORE.search(text[: match.start()]))
    if _COUNTER_AFTER.match(text[match.end() :]) or re.match(r"\s*(?:点|:|:)", text[match.end() :]):
        return False
    reading = _read(match.group("low"))
    cue = _MONEY_CUE_BEFORE.search(text[: match.start()]) or _MONEY_CUE_AFTER.match(text[match.end() :])
    return reading is not None and reading[0] >= 100 and bool(cue)


def _range_reading(low: str) -> tuple[Decimal, Decimal, bool] | None:
    """两三百万, 三五十万, 七八千: two neighbouring digits before a unit make a range."""
    match = _RANGE_PAIR.match(low)
    if match is None or match.group("a") in "零〇" or match.group("b") in "零〇":
        return None
    a, b = DIGIT_VALUE[match.group("a")], DIGIT_VALUE[match.group("b")]
    if not (b == a + 1 or (a, b) in {(3, 5), (5, 6), (7, 8), (8, 9)}):
        return None
    first, second = _read(match.group("a") + match.group("unit")), _read(match.group("b") + match.group("unit"))
    if first is None or second is None:
        return Decimal(0), Decimal(0), False
    return first[0], second[0], True


def _scale_like(value: Decimal, other_text: str, own_text: str) -> Decimal:
    """In 300-500万 the 万 of the top applies to the bottom too, in 三到五千万 its 千万; in 两千到三千万 only its 万:
    the bottom has its 千 already."""
    for unit, size in (_BIG_MULTIPLIERS if re.search(r"[十百千拾佰仟]", own_text) else MULTIPLIERS).items():
        if other_text.endswith(unit):
            return value * size
    return value


@cache
def _read(text: str) -> tuple[Decimal, bool] | None:
    """(value, approximate) of a numeral run; None when it is not a numeral read completely."""
    if text.startswith("几"):
        return None  # 几百万: the size is not said, so it must be asked
    approximate = bool(re.search(r"[多余几来把]", text))
    core = re.sub(r"(?<=[十百千万亿拾佰仟])几|几(?=[十百千万亿])|[多余来把]", "", text)
    core = re.sub(r"^(?=[百千佰仟])", "一", core)  # 百来万, 千把万: a hundred-odd, a thousand-odd 万
    colloquial = re.fullmatch(r"(?P<head>[^万亿]+亿)(?P<tail>[一二两三四五六七八九])", core)
    if colloquial:  # 一亿二 = 1.2亿, as 一万三 = 1.3万
        whole = _read(colloquial.group("head"))
        return (whole[0] + DIGIT_VALUE[colloquial.group("tail")] * BIG["亿"] / 10, approximate) if whole else None
    core = core.replace("几", "")
    if not core:
        return None
    for unit, size in MULTIPLIERS.items():
        if core.endswith(unit) and len(core) > len(unit):
            head = core[: -len(unit)]
            if not re.search(rf"[万亿{CN_UNITS}]", head) or unit in ("万亿", "万万") or re.fullmatch(r"[\d.]+", head):
                number = _plain(head)
                if number is not None:
                    return number * size, approximate
    number = _plain(core)
    return (number, approximate) if number is not None else None


def _plain(text: str) -> Decimal | None:
    """Digits, a Chinese numeral or a mix (3万4000) without a trailing multiplier, through cn2an."""
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if re.search(r"\d[\d.]*[^\d.万亿千百十点]", text) or text.count("点") > 1:
        return None
    import cn2an  # imported on first use: reading numerals is rare next to matching questions

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(text.replace("俩", "两"), "smart")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def read_amount(text: str) -> Amount | None:
    """The amount in an answer to "how much?" (300万, 1.2亿, 30000, 三千五): a bare number counts as yuan."""
    prepared = prepare(to_simplified(unicodedata.normalize("NFKC", text)).strip())
    if not re.search(r"[万亿元块wWkK]", prepared):
        prepared += "元"
    found = find_amounts(prepared)
    return found[0] if found else None


def read_count(text: str) -> int | None:
    """A whole count (30, 三十, 30次, 五户) for metrics that count rather than sum money."""
    value = read_number(re.sub(r"[次个张户人位家笔]$", "", unicodedata.normalize("NFKC", text).strip()))
    return int(value) if value is not None and value == int(value) and value >= 0 else None
