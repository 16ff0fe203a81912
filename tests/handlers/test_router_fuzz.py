"""Whatever a user types, on SQLite and on PostgreSQL alike, gets a reply in words and never an internal error:
over-long fields, numbers past a column's range, NUL bytes, lone surrogates, huge counts of days."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import App
from handlers import messages
from tests.chat import Chat

INTERNAL = messages.text("zh-CN", "error.internal")
COMMANDS = [
    "/todo",
    "/done",
    "/leave",
    "/visit",
    "/visits",
    "/customer",
    "/followups",
    "/settings",
    "/targets",
    "/help",
]
WORDS = ["存款", "贷款", "99999999999999亿", "一亿五千万", "99999999天后", "999999个工作日后", "下周三", "华星科技"]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=30),
    st.sampled_from(["\x00", "\ud800", "\udfff", "🙂", "\u200b", "\n", " ", "王总" * 40, "客户" + "张" * 300]),
)
MESSAGES = st.one_of(
    st.builds(lambda c, a: f"{c} {''.join(a)}", st.sampled_from(COMMANDS), st.lists(PIECES, max_size=5)),
    st.builds(lambda a: "拜访" + "".join(a), st.lists(PIECES, max_size=6)),
    st.lists(PIECES, max_size=6).map("".join),
)

KNOWN_BAD = [
    "今天拜访华星科技" + "王" * 60 + "总,谈流贷",  # a contact over the column's 50 characters
    "/done 存款 99999999999999亿",  # past Numeric(20, 2)
    "拜访华星\x00科技王总",
    "拜访华星科技\ud83d王总",  # half an emoji
    "/todo 99999999天后给华星科技回电话",
    "/leave 99999999天后",
    "999999个工作日后跟进华星科技",
]


@pytest.mark.both_databases
@pytest.mark.parametrize("text", KNOWN_BAD)
def test_realistic_bad_input_is_answered_in_words(demo_app: App, text: str) -> None:
    chat = Chat(demo_app, "张伟")
    reply = chat.send(text)
    assert reply and INTERNAL not in reply
    for label in ("保存", "✅"):
        if any(label in b.label for b in chat.buttons()):
            saved = chat.press(label)
            assert saved and INTERNAL not in saved, saved
            break


@pytest.mark.both_databases
def test_an_over_long_field_is_refused_with_its_limit_and_the_draft_kept(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send("今天拜访华星科技王总,谈流贷")
    chat.press("修改")
    chat.press("联系人")
    chat.send("王" * 80)
    card = chat.last
    refused = chat.press("保存")
    assert "「联系人」太长了(80 个字),最多 50 个字" in refused, refused
    chat.last = card  # the draft is still there to correct, from the same card
    chat.press("修改")
    chat.press("联系人")
    chat.send("王总")
    assert "已保存" in chat.press("保存")


@pytest.mark.both_databases
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(MESSAGES, min_size=1, max_size=3))
def test_fuzzed_messages_never_end_in_an_internal_error(demo_app: App, texts: list[str]) -> None:
    chat = Chat(demo_app, "张伟")
    for text in texts:
        reply = chat.send(text)
        assert reply and INTERNAL not in reply, text
        if chat.buttons():
            pressed = chat.press(chat.buttons()[0].label)
            assert INTERNAL not in pressed, text


def test_a_date_out_of_range_is_asked_about_not_read_as_today(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "「99999999天后」超出了可以记录的范围" in chat.send("/todo 99999999天后给华星科技回电话")
    assert "「99999999天后」超出了可以记录的范围" in chat.send("/leave 99999999天后")
    assert "已添加待办" in chat.send("/todo 下周三给华星科技回电话")
