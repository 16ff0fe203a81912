"""Traditional → simplified Chinese, character by character, from OpenCC's table; and the common folding."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources


@cache
def _t2s_table() -> dict[int, str]:
    text = (resources.files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and simp:
            table[ord(trad)] = simp.split()[0]
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


def fold(text: str) -> str:
    """Width, case and script folded: the first step of every comparison of user text."""
    return to_simplified(unicodedata.normalize("NFKC", text).lower())
