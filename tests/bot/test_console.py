from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel, login
from handlers.types import DocumentReply, ImageReply

KEHU = Path(sys.executable).with_name("kehu")


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


def _run(args: list[str], stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
    return subprocess.run(
        [str(KEHU), *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_console_driven_by_stdin_seeds_an_empty_database_and_exits_zero(tmp_path: Path) -> None:
    result = _run(["console", "--as", "manager"], "/start\n/help\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "演示数据已写入" in result.stdout
    assert "您好,张伟!" in result.stdout
    assert "/customers - 我的客户" in result.stdout
    assert (tmp_path / "data" / "kehu.db").exists()
    supervisor = _run(["console", "--as", "supervisor"], "/start\n/help\n", tmp_path)
    assert supervisor.returncode == 0, supervisor.stderr
    assert "演示数据已写入" not in supervisor.stdout
    assert "您好,周建国!" in supervisor.stdout and "/members - 团队成员" in supervisor.stdout


def test_run_without_a_token_opens_the_console(tmp_path: Path) -> None:
    result = _run(["run"], "/help\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "可用命令" in result.stdout


def test_unknown_console_user_fails_with_a_chinese_line(tmp_path: Path) -> None:
    result = _run(["console", "--as", "无名氏"], "", tmp_path)
    assert result.returncode == 1
    assert "找不到控制台用户「无名氏」" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_and_demo_seed_commands(tmp_path: Path) -> None:
    upgraded = _run(["db", "upgrade"], "", tmp_path)
    assert upgraded.returncode == 0 and "数据库已是最新版本" in upgraded.stdout
    first = _run(["demo", "seed"], "", tmp_path)
    second = _run(["demo", "seed"], "", tmp_path)
    assert "演示数据已写入" in first.stdout
    assert "演示数据已存在" in second.stdout
