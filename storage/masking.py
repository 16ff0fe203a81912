"""Masking of personal numbers (phone, ID card, bank card and account) for logs, the FAQ log and group chats.

One function, `mask_text`, for every place that must not show them. It reads numbers the way people type them:
spaced or dashed groups (138 1234 5678, 6222-0212-3456-7890), a +86 or 0086 prefix, full-width digits (１３８…),
15- and 18-digit ID numbers, landlines with an area code, and JSON's \\uXXXX escapes of the text around them
(a log line of an update shows 号13812345678 as \\u53f713812345678)."""

from __future__ import annotations

import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ－＋", "0123456789Xx-+")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_SEP = r"[ \-.\u00a0\u3000]?"
_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9])"

_ID_CARD = re.compile(
    _NOT_DIGIT_BEFORE + rf"(\d{{6}}){_SEP}(?:\d{{8}}{_SEP}\d{{3}}[\dXx]|\d{{6}}{_SEP}\d{{3}})" + r"(?![0-9A-Za-z])"
)
_MOBILE = re.compile(
    rf"(?:(?<![0-9])(?:\+{_SEP}?86|0086){_SEP})?"
    + _NOT_DIGIT_BEFORE
    + rf"(1[3-9]\d){_SEP}\d{{4}}{_SEP}(\d{{4}})"
    + _NOT_DIGIT_AFTER
)
_LANDLINE = re.compile(_NOT_DIGIT_BEFORE + r"(0\d{2,3})[-\s]\d{3,4}[-\s]?(\d{4})" + _NOT_DIGIT_AFTER)
_GROUP = r"[ \-\u00a0\u3000]"  # a card or account typed in groups: 6222 0212 3456 7890
_CARD = re.compile(
    _NOT_DIGIT_BEFORE + rf"(\d{{3,4}})(?:{_GROUP}\d{{4}}){{1,4}}{_GROUP}?\d{{0,3}}(\d{{2,4}})" + _NOT_DIGIT_AFTER
)
_ACCOUNT = re.compile(r"(?<![0-9])(\d{4})\d{4,17}(\d{4})" + _NOT_DIGIT_AFTER)  # 12 to 25 digits in a row


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile number; anything else keeps only its last four digits."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone.translate(_FULL_WIDTH))
    if len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_text(text: str) -> str:
    """Every ID card, mobile, landline, bank card and account number in free text masked, keeping the first and
    last digits a person needs to tell two of them apart."""
    text = _unescaped(text).translate(_FULL_WIDTH)
    text = _ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(0)[-4:]}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(2)}", text)
    text = _CARD.sub(lambda m: f"{m.group(1)} **** {m.group(2)}", text)
    return _ACCOUNT.sub(lambda m: f"{m.group(1)}{'*' * (len(m.group(0)) - 8)}{m.group(2)}", text)


def _unescaped(text: str) -> str:
    """JSON's \\uXXXX escapes read back (surrogates stay escaped), so that digits next to them are seen as such."""
    if "\\u" not in text:
        return text
    return _ESCAPE.sub(
        lambda m: m.group(0) if 0xD800 <= int(m.group(1), 16) < 0xE000 else chr(int(m.group(1), 16)), text
    )
