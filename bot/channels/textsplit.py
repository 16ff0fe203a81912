"""Splitting long texts for platforms with a length limit, at line or sentence ends, never inside a character.
Telegram counts UTF-16 units, WeCom counts UTF-8 bytes: the measure is a parameter."""

from __future__ import annotations

from collections.abc import Callable

BREAKS = ("\n\n", "\n", "。", ";", ";", ",", ",", " ")


def utf16_len(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts two."""
    return len(text.encode("utf-16-le")) // 2


def utf8_len(text: str) -> int:
    return len(text.encode())


def split_text(text: str, limit: int, measure: Callable[[str], int] = utf16_len) -> list[str]:
    """Chunks of at most `limit` units of `measure` (UTF-16 units by default), cut at the strongest natural break
    in the second half of the chunk (paragraph, line, sentence, clause, space), or else at the limit."""
    chunks: list[str] = []
    rest = text
    while measure(rest) > limit:
        head = _fitting_prefix(rest, limit, measure)
        cut = next((head.rfind(b) + len(b) for b in BREAKS if head.rfind(b) > len(head) // 2), len(head))
        chunks.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def _fitting_prefix(text: str, limit: int, measure: Callable[[str], int]) -> str:
    """The longest prefix (in whole code points) whose measure is within the limit."""
    units = 0
    for index, char in enumerate(text):
        units += measure(char)
        if units > limit:
            return text[:index]
    return text
