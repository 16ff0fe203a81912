from __future__ import annotations

from bot.channels.textsplit import split_text, utf16_len


def test_short_text_is_one_chunk() -> None:
    assert split_text("你好", 4096) == ["你好"]
    assert split_text("", 4096) == [""]


def test_long_text_breaks_at_lines_within_the_limit() -> None:
    text = "\n".join(f"第{i:03d}行 华星科技拜访记录" for i in range(500))
    chunks = split_text(text, 1000)
    assert all(utf16_len(c) <= 1000 for c in chunks)
    assert "\n".join(chunks) == text


def test_emoji_count_as_two_units_and_are_never_cut() -> None:
    text = "😀" * 3000
    chunks = split_text(text, 4096)
    assert [utf16_len(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_a_text_without_breaks_is_cut_at_the_limit() -> None:
    chunks = split_text("字" * 5000, 4096)
    assert [len(c) for c in chunks] == [4096, 904]
