"""A name typed in words with spaces between them (去 宏大 集团, 跟 海纳 贸易 的 谢总, 拜访 城市 更新 集团): the words
before an organisation word are joined to it, so that the name reads whole, as it would have without the spaces.

Only the words that can be part of a name are joined: a date, a verb of visiting, a channel, a product, a person
or a word with a function character (的, 了, 去 …) ends the run, and so does another organisation's name (华星物流
宏图 快运 keeps two names: 华星物流, 宏图快运).
"""

from __future__ import annotations

import re

from knowledge.visit_words import (
    COMPANY_SUFFIX,
    PEOPLE_WORDS,
    RETAIL,
    SUFFIX_WORD,
    TITLES,
    VISIT_VERB,
    tells_when_how_or_what,
)

_TOKEN = re.compile(r"[^\s]+")
_PART = re.compile(r"[\u4e00-\u9fa5]{2,6}")
_FUNCTION_CHARS = re.compile(
    r"[的了是在我你他她它们说要会能把被给和跟与就都也还又再才这那有没不很吧呢吗啊呀哦嗯过着将想让请去来到对送取找]"
)
_NOT_A_NAME = re.compile(
    rf"^(?:客户|老客户|新客户|对方|大家|其中|然后|就是|总行|分行|支行|网点)$|(?:{TITLES}|{RETAIL})$"
)
_UNIT = re.compile(rf"(?:{COMPANY_SUFFIX})+")  # 集团, 公交公司: organisation words, one or more
_LONGEST = 12  # characters a joined name may have


def joined_units(text: str) -> str:
    """The text with the spaces inside a spaced-out organisation name taken out; other spaces stay."""
    if " " not in text and "\u3000" not in text:
        return text
    tokens = list(_TOKEN.finditer(text))
    gaps: set[int] = set()  # the gap after tokens[i] goes
    for index, token in enumerate(tokens):
        word = token.group(0)
        if not (_PART.fullmatch(word) and _UNIT.fullmatch(word)):
            continue
        length, back = len(word), index - 1
        while back >= 0 and _name_part(tokens[back].group(0)) and length + len(tokens[back].group(0)) <= _LONGEST:
            length += len(tokens[back].group(0))
            gaps.add(back)
            back -= 1
    if not gaps:
        return text
    pieces, last = [], 0
    for index in sorted(gaps):
        pieces.append(text[last : tokens[index].end()])
        last = tokens[index + 1].start()
    return "".join(pieces) + text[last:]


def _name_part(word: str) -> bool:
    return bool(
        _PART.fullmatch(word)
        and not _FUNCTION_CHARS.search(word)
        and not SUFFIX_WORD.search(word)
        and not _NOT_A_NAME.search(word)
        and not VISIT_VERB.fullmatch(word)
        and not PEOPLE_WORDS.match(word)
        and not tells_when_how_or_what(word)
    )
