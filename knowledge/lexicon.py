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


def leading_noun(text: str) -> int:
    """The length of the noun or name of two characters or more that starts the text (和平 in 和平养老院, 向阳花 in
    向阳花幼儿园), else 0: a function character that starts one is part of a name there, not a word of its own."""
    words = _tagged(text[:TAG_SPAN])
    if not words or len(words[0][0]) < 2 or words[0][1] not in NOUN_TAGS:
        return 0
    return len(words[0][0])


def inside_noun(text: str, index: int) -> bool:
    """Whether the character at `index` of a short text (a name, at most TAG_SPAN characters) belongs to a noun of
    two characters or more (会 in 信达会计师)."""
    position = 0
    for word, tag in _tagged(text[:TAG_SPAN]):
        if position <= index < position + len(word):
            return len(word) > 1 and (tag in NOUN_TAGS or (tag == "l" and len(word) > 2))  # 自来水 is an "l"
        position += len(word)
    return False


_WHOLE_TAGS = NOUN_TAGS | {"l"}
_JOINING = frozenset("和与及跟同或")  # 德润家具和|顺发物流: a word that starts with a conjunction is a list's joint


def splits_word(text: str, index: int) -> bool:
    """Whether `index` falls inside a dictionary noun or set phrase of two characters or more rather than at its
    start (源 in 新能源充电站, 时 in 到时候来酒店): a name does not start in the middle of one. Words jieba's HMM made
    up from unknown characters (了德胜) and verbs or particles glued to a name (跟上|达纺织, 了同|达) or a
    conjunction (和|顺发物流) do not count."""
    start = max(0, index - TAG_SPAN // 2)
    position = start
    for word, tag in _tagged(text[start : start + TAG_SPAN]):
        if position < index < position + len(word):
            return (
                len(word) > 1 and tag in _WHOLE_TAGS and word[0] not in _JOINING and _tokenizer().FREQ.get(word, 0) > 0
            )
        if position >= index:
            return False
        position += len(word)
    return False
