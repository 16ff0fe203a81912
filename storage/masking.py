"""Masking of personal numbers (phone, ID card, bank account) for logs and group chats."""

from __future__ import annotations

import re

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_ACCOUNT = re.compile(r"(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile number; anything else keeps only its last four digits."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_text(text: str) -> str:
    """Masks every ID card, bank account and mobile number found in free text."""
    text = _ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = _ACCOUNT.sub(lambda m: f"{m.group(1)}{'*' * (len(m.group(0)) - 8)}{m.group(2)}", text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
