"""Normalised customer names, so 华星科技 and 華星科技有限公司 compare as the same company."""

from __future__ import annotations

import re

from knowledge.simplify import fold

_LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "公司",
    "集团",
    "股份",
    "有限",
)
_NOISE = re.compile(r"[\s\u3000·•.,，。、()（）\[\]【】\"'“”‘’\-_/]+")


def normalise_name(name: str) -> str:
    """Width-folded, lower-case, without spaces, punctuation or legal-form suffixes."""
    text = fold(name)
    text = _NOISE.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                changed = True
    return text
