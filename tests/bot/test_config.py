from __future__ import annotations

from pathlib import Path

import pytest

from bot import cli
from bot.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "DATABASE_URL",
        "KEHU_TIMEZONE",
        "KEHU_LOG_LEVEL",
        "KEHU_DATA_DIR",
        "KEHU_KB_PATH",
        "KEHU_CONSOLE_AS",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_give_sqlite_under_data_and_shanghai() -> None:
    settings = load_settings(env_file=None)
    assert settings.database_url == "sqlite:///data/kehu.db"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.telegram_bot_token is None
    assert settings.log_level == "INFO"


def test_blank_token_means_console() -> None:
    assert load_settings({"TELEGRAM_BOT_TOKEN": "  "}, env_file=None).telegram_bot_token is None


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("KEHU_TIMEZONE", "Mars/Olympus", "未知时区"),
        ("KEHU_LOG_LEVEL", "LOUD", "日志级别"),
        ("DATABASE_URL", "not a url", "无法解析"),
        ("DATABASE_URL", "mysql://x@localhost/db", "不支持"),
        ("TELEGRAM_BOT_TOKEN", "nocolon", "令牌格式"),
    ],
)
def test_wrong_value_names_the_variable_and_why(variable: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({variable: value}, env_file=None)
    message = str(info.value)
    assert "\n" not in message
    assert variable in message
    assert reason in message


def test_token_is_never_echoed_in_the_error() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"TELEGRAM_BOT_TOKEN": "secretwithoutcolon"}, env_file=None)
    assert "secretwithoutcolon" not in str(info.value)


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("KEHU_TIMEZONE=Asia/Urumqi\nKEHU_LOG_LEVEL=debug\n", encoding="utf-8")
    settings = load_settings(env_file=str(env))
    assert settings.timezone == "Asia/Urumqi"
    assert settings.log_level == "DEBUG"


def test_cli_fails_at_start_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KEHU_TIMEZONE", "Nowhere/City")
    assert cli.main(["db", "upgrade"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "KEHU_TIMEZONE" in err and "Nowhere/City" in err


def test_the_calendar_override_file_is_loaded_at_start(tmp_path: Path) -> None:
    from datetime import date

    from bot.bootstrap import build_calendar

    (tmp_path / "calendar.yaml").write_text("holidays: [2027-02-08]\nworkdays: [2027-02-06]\n", encoding="utf-8")
    settings = load_settings({"KEHU_DATA_DIR": str(tmp_path)}, env_file=None)
    calendar = build_calendar(settings)
    assert not calendar.is_workday(date(2027, 2, 8)) and calendar.is_workday(date(2027, 2, 6))
    (tmp_path / "calendar.yaml").write_text("holidays: [2027-13-01]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="KEHU_CALENDAR_FILE"):
        build_calendar(load_settings({"KEHU_DATA_DIR": str(tmp_path)}, env_file=None))
    with pytest.raises(ConfigError, match="KEHU_CALENDAR_FILE"):
        load_settings({"KEHU_CALENDAR_FILE": str(tmp_path / "missing.yaml")}, env_file=None)


def test_json_log_lines_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    import json
    import logging

    from bot.logsetup import configure_logging

    configure_logging(logging.INFO, as_json=True)
    try:
        logging.getLogger("kehu.test").info("客户电话 13912345678 已记录")
    finally:
        configure_logging(logging.WARNING)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["level"] == "INFO" and line["logger"] == "kehu.test" and "139****5678" in line["message"]
