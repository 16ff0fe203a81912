"""Greetings and thanks are not questions: they get a friendly word, not a "no curated answer" and a gap entry."""

from __future__ import annotations

import re
from typing import Literal

from knowledge.simplify import fold

SmallTalk = Literal["greeting", "thanks"]

_NOISE = re.compile(r"[\s\W_]+|[呀啊哈啦吧哦呢嘛~]+", re.UNICODE)
_GREETINGS = "|".join(
    [
        *("你好", "您好", "hi", "hello", "hey", "嗨", "哈喽", "在吗", "在不在", "有人吗"),
        *("早上好", "早安", "上午好", "中午好", "下午好", "晚上好", "早", "老师", "机器人", "kehu"),
    ]
)
_THANKS_WORDS = "谢谢|多谢|感谢|谢了|thanks|thankyou|thx|辛苦了|辛苦|好的|好|ok|okay|收到|明白了|知道了|懂了"
_GREETING = re.compile(f"({_GREETINGS})+")
_THANKS = re.compile(f"(你|您)*({_THANKS_WORDS})+(你|您|了)*")


def small_talk(text: str) -> SmallTalk | None:
    """What kind of small talk a message is, if it is nothing but that (emoji or punctuation alone greet too)."""
    if not text.strip():
        return None
    core = _NOISE.sub("", fold(text))
    if not core or _GREETING.fullmatch(core):
        return "greeting"
    if _THANKS.fullmatch(core):
        return "thanks"
    return None
