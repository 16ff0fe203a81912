"""Text normalisation and the three token views the matcher compares: words, character bigrams, pinyin."""

from __future__ import annotations

import logging
import re
from functools import cache
from itertools import pairwise

import jieba
from pypinyin import Style, lazy_pinyin

from knowledge.simplify import fold
from knowledge.vocabulary import Vocabulary

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "我",
        "我们",
        "你",
        "你们",
        "您",
        "他",
        "她",
        "它",
        "他们",
        "要",
        "会",
        "有",
        "在",
        "和",
        "与",
        "及",
        "或",
        "都",
        "还",
        "就",
        "也",
        "又",
        "这个",
        "那个",
        "一个",
        "这",
        "那",
        "个",
        "吗",
        "呢",
        "把",
        "被",
        "给",
        "让",
    ]
)


# An amount or count says little about which question is asked ("20万能买大额存单吗" vs "5万起存吗"), and its
# digits would glue to the next character in segmentation; every number becomes one placeholder token.
NUMBER_TOKEN = "〇"
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:[万千百亿]|k|w)?")
# Words ending in a sentence particle that are not a particle themselves (怎么, 什么 …).
_KEEP_WHOLE = frozenset(["什么", "怎么", "这么", "那么", "多么", "要么"])


def unspaced(text: str) -> str:
    """今 天 去 了 华 星 科 技: a message typed or dictated a character at a time, with its spaces taken out (a
    space elsewhere separates words, as in 华星 百川 长江精密, and stays)."""
    tokens = text.split()
    single = sum(1 for t in tokens if len(t) == 1 and _CJK_OR_DIGIT.fullmatch(t))
    if len(tokens) < 6 or single < 0.7 * len(tokens):
        return text
    return _CJK_GAP.sub("", text)


_CJK_OR_DIGIT = re.compile(r"[\u4e00-\u9fa5\d]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fa5\d])\s+(?=[\u4e00-\u9fa5\d])")


class Normaliser:
    """Folds width, case and script, drops fillers and punctuation, rewrites synonyms to canonical terms."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._fillers = _alternation(vocabulary.fillers)
        self._synonyms = _alternation(vocabulary.synonyms)
        self._particles = frozenset(vocabulary.particles)

    def __call__(self, text: str) -> str:
        text = unspaced(fold(text))
        text = re.sub(r"\s+", " ", text).strip()
        if self._fillers is not None:
            text = self._fillers.sub(" ", text)
        if self._synonyms is not None:
            text = self._synonyms.sub(lambda m: " " + self.vocabulary.synonyms[m.group(0)] + " ", text)
        text = _NUMBER.sub(NUMBER_TOKEN, text)
        text = _PUNCT.sub("", text)
        while len(text) > 1 and text[-1] in self._particles and text[-2:] not in _KEEP_WHOLE:
            text = text[:-1]
        return text


def _alternation(words: set[str] | dict[str, str]) -> re.Pattern[str] | None:
    ordered = sorted(words, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(w) for w in ordered))


class Tokeniser:
    """jieba words (with the vocabulary's terms kept whole), character bigrams and pinyin bigrams."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for term in vocabulary.canonical_terms:
            if len(term) > 1:
                self._jieba.add_word(term, freq=50_000)

    def words(self, normalised: str) -> list[str]:
        return [w for w in self._jieba.lcut(normalised, HMM=False) if w not in _STOPWORDS and w.strip()]

    @staticmethod
    def bigrams(normalised: str) -> list[str]:
        if len(normalised) < 2:
            return [normalised] if normalised else []
        return [normalised[i : i + 2] for i in range(len(normalised) - 1)]

    @staticmethod
    def syllables(normalised: str) -> list[str]:
        return [_pinyin(ch) for ch in normalised]

    @classmethod
    def pinyin_bigrams(cls, normalised: str) -> list[str]:
        syllables = cls.syllables(normalised)
        if len(syllables) < 2:
            return syllables
        return [f"{a}_{b}" for a, b in pairwise(syllables)]


@cache
def _pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL)[0]
