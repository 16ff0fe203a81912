from __future__ import annotations

import io
from pathlib import Path

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel, login
from handlers.types import DocumentReply, ImageReply
from tests.bot.conftest import Kehu


def _console(app: App, who: str, tmp_path: Path) -> tuple[ConsoleChannel, io.StringIO]:
    user = login(app.uow_factory, who, app.clock.now())
    out = io.StringIO()
    return ConsoleChannel(app.router, user, tmp_path / "outbox", out), out


def test_buttons_are_numbered_and_pressed_with_hash(demo_app: App, tmp_path: Path) -> None:
    channel, out = _console(demo_app, "manager", tmp_path)
    channel.run(["/start", "#2", "#7", "#x"], echo=True)
    text = out.getvalue()
    assert "[1] 📖 查看帮助  [2] 👤 我的信息" in text
    assert "工号:D1101" in text
    assert "没有第 7 个按钮,可选 1 到 2。" in text


def test_a_button_of_an_earlier_message_is_pressed_with_its_number(demo_app: App, tmp_path: Path) -> None:
    channel, out = _console(demo_app, "张伟", tmp_path)
    channel.run(
        ["今天上午拜访华星科技王总,谈流贷续贷", "今天下午拜访永辉冷链李经理,推荐代发工资", "#2.1", "#2.1", "#9.1"],
        echo=True,
    )
    text = out.getvalue()
    assert text.index("已保存:华星科技有限公司") < text.index("已保存:永辉冷链物流有限公司")
    assert "没有倒数第 9 条带按钮的消息,可选 1 到 4" in text  # the two cards, then two saved notes


def test_hash_without_buttons_and_a_bad_location_are_explained(demo_app: App, tmp_path: Path) -> None:
    channel, out = _console(demo_app, "manager", tmp_path)
    channel.run(["#1", "@abc", "@31.23,121.47"], echo=False)
    text = out.getvalue()
    assert "当前没有可按的按钮" in text
    assert "位置格式应为" in text
    assert "已收到位置" in text


def test_images_and_files_are_written_to_the_outbox(demo_app: App, tmp_path: Path) -> None:
    channel, out = _console(demo_app, "supervisor", tmp_path)
    channel.render([ImageReply(b"\x89PNG", "chart.png", "本月进度"), DocumentReply(b"PK", "team.xlsx")])
    text = out.getvalue()
    saved = sorted((tmp_path / "outbox").iterdir())
    assert [p.suffix for p in saved] == [".png", ".xlsx"] or [p.suffix for p in saved] == [".xlsx", ".png"]
    assert all(str(p) in text for p in saved)
    assert "🖼 图片已保存" in text and "📎 文件已保存" in text and "本月进度" in text


def test_console_driven_by_stdin_seeds_an_empty_database_and_exits_zero(kehu: Kehu, tmp_path: Path) -> None:
    result = kehu("console", "--as", "manager", stdin="/start\n/help\n")
    assert result.returncode == 0, result.stderr
    assert "演示数据已写入" in result.stdout
    assert "您好,张伟!" in result.stdout
    assert "/customers - 我的客户" in result.stdout
    assert (tmp_path / "data" / "kehu.db").exists()
    supervisor = kehu("console", "--as", "supervisor", stdin="/start\n/help\n")
    assert supervisor.returncode == 0, supervisor.stderr
    assert "演示数据已写入" not in supervisor.stdout
    assert "您好,周建国!" in supervisor.stdout and "/members - 团队成员" in supervisor.stdout


def test_run_without_a_token_opens_the_console(kehu: Kehu) -> None:
    result = kehu("run", stdin="/help\n")
    assert result.returncode == 0, result.stderr
    assert "可用命令" in result.stdout


def test_unknown_console_user_fails_with_a_chinese_line(kehu: Kehu) -> None:
    result = kehu("console", "--as", "无名氏", stdin="")
    assert result.returncode == 1
    assert "找不到控制台用户「无名氏」" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_and_demo_seed_commands(kehu: Kehu) -> None:
    created = kehu("db", "upgrade", stdin="")  # a new database: the schema is created, not "already up to date"
    assert created.returncode == 0 and "已创建数据库表结构" in created.stdout, created.stdout
    again = kehu("db", "upgrade", stdin="")
    assert again.returncode == 0 and "数据库已是最新版本" in again.stdout
    first = kehu("demo", "seed", stdin="")
    second = kehu("demo", "seed", stdin="")
    assert "演示数据已写入" in first.stdout
    assert "演示数据已存在" in second.stdout
