from __future__ import annotations

import pytest

from knowledge.smalltalk import small_talk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("你好", "greeting"),
        ("您好!", "greeting"),
        ("Hi ", "greeting"),
        ("在吗?", "greeting"),
        ("早上好呀~", "greeting"),
        ("谢谢!", "thanks"),
        ("谢谢您", "thanks"),
        ("好的", "thanks"),
        ("OK", "thanks"),
        ("收到", "thanks"),
        ("😀👍", "greeting"),
        ("???", "greeting"),
    ],
)
def test_small_talk_is_recognised(text: str, kind: str) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize("text", ["你好,开户要带什么", "信用卡", "开户", "你", "", "谢谢你告诉我信用卡年费"])
def test_anything_more_than_small_talk_is_a_question(text: str) -> None:
    assert small_talk(text) is None
