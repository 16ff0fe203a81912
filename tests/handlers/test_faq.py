from __future__ import annotations

import shutil
from pathlib import Path

from bot.bootstrap import App
from bot.config import BUNDLED_KB
from handlers.context import Services
from handlers.router import Router
from knowledge.holder import KnowledgeHolder
from storage.services import faq_log
from tests.chat import Chat


def test_a_question_gets_the_curated_answer_with_its_facts(demo_app: App) -> None:
    reply = Chat(demo_app, "manager").send("个人开户需要带什么材料")
    assert "本人有效身份证件原件" in reply
    assert "分类:个人开户" in reply and "生效:2026-01-01" in reply and "负责:个人金融部" in reply


def test_feedback_is_stored_with_the_question(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    chat.send("信用卡年费怎么收")
    assert "感谢反馈" in chat.press("👎")
    with demo_app.uow_factory() as uow:
        assert "信用卡年费怎么收" in faq_log.review_queue(uow)


def test_a_vague_question_offers_choices_and_a_press_answers(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "您是不是想问" in chat.send("开户")
    labels = [b.label for b in chat.buttons()]
    assert 2 <= len(labels) <= 4 and labels[-1] == "都不是"
    assert "📘" in chat.press(labels[0])


def test_none_of_these_goes_to_the_review_queue(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    chat.send("开户")
    assert "已记录" in chat.press("都不是")
    with demo_app.uow_factory() as uow:
        assert "开户" in faq_log.review_queue(uow)


def test_an_unknown_question_is_said_plainly_and_logged(demo_app: App) -> None:
    reply = Chat(demo_app, "manager").send("今天中午食堂有什么菜")
    assert "还没有这个问题的标准答案" in reply and "📘" not in reply
    with demo_app.uow_factory() as uow:
        assert "今天中午食堂有什么菜" in faq_log.review_queue(uow)


def test_greetings_and_thanks_get_a_friendly_word_and_are_not_logged_as_gaps(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "有产品或政策问题直接问我" in chat.send("你好!")
    assert "不客气" in chat.send("谢谢")
    assert "有产品或政策问题直接问我" in chat.send("😀😀")
    assert "本人有效身份证件原件" in chat.send("你好,个人开户需要带什么材料")
    with demo_app.uow_factory() as uow:
        queue = faq_log.review_queue(uow)
    assert "你好!" not in queue and "谢谢" not in queue and "😀😀" not in queue


def test_a_follow_up_uses_the_last_answer_from_the_database(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    chat.send("个人开户需要带什么材料")
    assert "营业执照正本" in chat.send("那企业的呢?")


def test_a_question_of_its_own_after_an_answer_gets_its_own_answer(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "📘 现在定期存款利率是多少?" in chat.send("现在三年定期利率多少")
    reply = chat.send("客户信用卡丢了咋办")
    assert "📘 信用卡丢了怎么挂失?" in reply and "定期存款利率" not in reply


def test_words_for_the_bot_itself_get_the_help_for_the_role(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    help_text = chat.send("/help")
    for words in ("帮助", "菜单", "怎么用", "你能做什么", "你是谁"):
        assert chat.send(words) == help_text and "📘" not in help_text
    with demo_app.uow_factory() as uow:
        assert "菜单" not in faq_log.review_queue(uow)


def test_ask_command_works_and_explains_its_usage(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "用法:/ask" in chat.send("/ask")
    assert "免年费" in chat.send("/ask 信用卡年费怎么收")


def test_kb_reload_with_a_broken_file_keeps_the_old_kb_serving(demo_app: App, tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    shutil.copytree(BUNDLED_KB, kb_dir)
    holder = KnowledgeHolder(kb_dir)
    services = Services(calendar=demo_app.calendar, knowledge=holder)
    demo_app.router = Router(demo_app.router.registry, demo_app.uow_factory, demo_app.clock, services=services)
    admin = Chat(demo_app, "admin")
    assert "共 155 条" in admin.send("/kb_reload")
    (kb_dir / "06-credit-card.yaml").write_text("- id: broken\n  question: [unclosed\n", encoding="utf-8")
    reply = admin.send("/kb_reload")
    assert "有错误" in reply and "06-credit-card.yaml" in reply
    assert "免年费" in admin.send("信用卡年费怎么收")
    assert "仅限管理员" in Chat(demo_app, "manager").send("/kb_reload")


def test_personal_numbers_in_an_unanswered_question_never_reach_the_gap_list(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    reply = chat.send("食堂菜单上客户身份证 110101 19900307 1234 和手机 +86 138-1234-5678 写错了咋整")
    assert "还没有这个问题的标准答案" in reply, reply
    with demo_app.uow_factory() as uow:
        logged = " ".join(faq_log.review_queue(uow))
    assert "19900307" not in logged and "1234-5678" not in logged and "****" in logged
