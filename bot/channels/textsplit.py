"""Splitting long texts for platforms with a length limit, at line or sentence ends, never inside a character."""

from __future__ import annotations

BREAKS = ("\n\n", "\n", "。", ";", ";", ",", ",", " ")


def utf16_len(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts two."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` UTF-16 units, cut at the strongest natural break in the second half of the
    chunk (paragraph, line, sentence, clause, space), or else at the limit."""
    chunks: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        head = _fitting_prefix(rest, limit)
        cut = next((head.rfind(b) + len(b) for b in BREAKS if head.rfind(b) > len(head) // 2), len(head))
        chunks.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def _fitting_prefix(text: str, limit: int) -> str:
    """The longest prefix (in whole code points) whose UTF-16 length is within the limit."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text
