"""Greetings, thanks and words for the bot itself (帮助, 菜单, 你能做什么) are not questions for the knowledge base:
they get a friendly word or the help, not a "no curated answer", a curated answer or a gap entry."""

from __future__ import annotations

import re
from typing import Literal

from knowledge.simplify import fold

SmallTalk = Literal["greeting", "thanks", "help"]

_NOISE = re.compile(r"[\s\W_]+|[呀啊哈啦吧哦呢嘛~]+", re.UNICODE)
_GREETINGS = "|".join(
    [
        *("你好", "您好", "hi", "hello", "hey", "嗨", "哈喽", "在吗", "在不在", "有人吗"),
        *("早上好", "早安", "上午好", "中午好", "下午好", "晚上好", "早", "老师", "机器人", "kehu"),
    ]
)
_THANKS_WORDS = "谢谢|多谢|感谢|谢了|thanks|thankyou|thx|辛苦了|辛苦|好的|好|ok|okay|收到|明白了|知道了|懂了"
_GREETING = re.compile(f"({_GREETINGS})+")
_HELP = re.compile(  # words for the bot itself: they get the help for the user's role, never an FAQ entry
    r"(?:帮助|菜单|help|menu|功能|使用说明|说明书|怎么用|如何使用|怎么使用|用法|你能做什么|你会什么|你会干什么"
    r"|你可以做什么|你能干什么|你是谁|你是什么|你叫什么|有什么功能|有哪些功能|能做什么|可以做什么|指令|命令)"
    r"(?:你|呀|啊|呢|吗)*"
)
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
    if _HELP.fullmatch(re.sub(r"^(?:请问|请|我想知道|问一下|kehu|机器人)+", "", core)):
        return "help"
    return None
