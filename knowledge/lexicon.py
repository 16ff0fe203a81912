"""Everyday words and parts of speech from jieba's dictionary: 方案 or 时候 is not somebody's name, and 东方雨虹看看
ends in a verb, not in a name. A tokenizer of its own, so that words other modules add to jieba's default one (the
FAQ vocabulary) never change how a visit is read."""

from __future__ import annotations

import logging
from functools import cache, lru_cache

import jieba
from jieba.posseg import POSTokenizer

COMMON = 200  # jieba's dictionary counts: names of people are rare there, everyday words are not
TAG_SPAN = 32  # characters tagged at most: names are at most 12, and jieba's HMM costs grow with the span


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@cache
def _tagger() -> POSTokenizer:
    return POSTokenizer(_tokenizer())


def common_word(text: str) -> bool:
    return _tokenizer().FREQ.get(text, 0) >= COMMON


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs, jieba's tags: n noun, nz/nr/ns/nt proper nouns, v verb, r pronoun …, of the
    first TAG_SPAN characters; a longer text's last word may be cut off, so callers read its words but the last."""
    return list(_tagged(text[:TAG_SPAN]))


@lru_cache(maxsize=8192)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """One message asks for the same spans several times (segments, names, leads)."""
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(text))


NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})


@lru_cache(maxsize=1024)
def noun_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word of two characters or more that jieba reads as a noun or a name (和平, 向阳花,
    会计师): a function character inside one (和, 向, 会) is part of a name there, not a word of its own."""
    spans, position = [], 0
    for word, tag in _tagged(text):
        if len(word) > 1 and tag in NOUN_TAGS:
            spans.append((position, position + len(word)))
        position += len(word)
    return tuple(spans)


def inside_noun(text: str, index: int) -> bool:
    """Whether the character at `index` belongs to a noun of two characters or more."""
    return any(start <= index < end for start, end in noun_spans(text))
