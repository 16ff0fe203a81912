"""Whether a string is an everyday word, from jieba's dictionary: 方案 or 时候 is not somebody's name."""

from __future__ import annotations

import logging
from functools import cache

import jieba

COMMON = 200  # jieba's dictionary counts: names of people are rare there, everyday words are not


@cache
def _frequencies() -> dict[str, int]:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return dict(tokenizer.FREQ)


def common_word(text: str) -> bool:
    return _frequencies().get(text, 0) >= COMMON
