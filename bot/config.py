"""One settings object, built once at start from the environment and `.env`; nothing else reads os.environ."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

BUNDLED_KB = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "sample_kb"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting with a wrong value; the message is the one line shown at start."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    data_dir: Path = Field(default=Path("data"), alias="KEHU_DATA_DIR")
    database_url: str = Field(default="", alias="DATABASE_URL")
    timezone: str = Field(default="Asia/Shanghai", alias="KEHU_TIMEZONE")
    kb_path: Path = Field(default=BUNDLED_KB, alias="KEHU_KB_PATH")
    semantic: bool = Field(default=True, alias="KEHU_SEMANTIC")  # the FAQ's sentence model (off: words alone)
    cache_dir: Path | None = Field(default=None, alias="KEHU_CACHE_DIR")  # embedded KBs; default ~/.cache/kehu
    log_level: str = Field(default="INFO", alias="KEHU_LOG_LEVEL")
    console_user: str = Field(default="manager", alias="KEHU_CONSOLE_AS")
    telegram_api_url: str | None = Field(default=None, alias="KEHU_TELEGRAM_API_URL")
    webhook_url: str | None = Field(default=None, alias="KEHU_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="KEHU_WEBHOOK_SECRET")
    webhook_listen: str = Field(default="0.0.0.0", alias="KEHU_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, alias="KEHU_WEBHOOK_PORT", ge=1, le=65535)
    ops_port: int | None = Field(default=None, alias="KEHU_OPS_PORT", ge=1, le=65535)  # /healthz and /metrics
    ops_listen: str = Field(default="127.0.0.1", alias="KEHU_OPS_LISTEN")
    web_port: int | None = Field(default=None, alias="KEHU_WEB_PORT", ge=1, le=65535)  # the web desk; unset: off
    web_listen: str = Field(default="127.0.0.1", alias="KEHU_WEB_LISTEN")
    web_url: str | None = Field(default=None, alias="KEHU_WEB_URL")  # the address users open, behind the proxy
    web_secret: SecretStr | None = Field(default=None, alias="KEHU_WEB_SECRET")
    telegram_bot_username: str | None = Field(default=None, alias="KEHU_TELEGRAM_BOT_USERNAME")  # for deep links
    log_format: str = Field(default="text", alias="KEHU_LOG_FORMAT", pattern="^(text|json)$")
    calendar_file: Path | None = Field(default=None, alias="KEHU_CALENDAR_FILE")
    wecom_corp_id: str | None = Field(default=None, alias="KEHU_WECOM_CORP_ID")
    wecom_agent_id: int | None = Field(default=None, alias="KEHU_WECOM_AGENT_ID")
    wecom_secret: SecretStr | None = Field(default=None, alias="KEHU_WECOM_SECRET")
    wecom_token: SecretStr | None = Field(default=None, alias="KEHU_WECOM_TOKEN")
    wecom_aes_key: SecretStr | None = Field(default=None, alias="KEHU_WECOM_AES_KEY")
    wecom_api_url: str = Field(default="https://qyapi.weixin.qq.com", alias="KEHU_WECOM_API_URL")
    wecom_listen: str = Field(default="0.0.0.0", alias="KEHU_WECOM_LISTEN")
    wecom_port: int = Field(default=8080, alias="KEHU_WECOM_PORT", ge=1, le=65535)
    wecom_bot_id: str | None = Field(default=None, alias="KEHU_WECOM_BOT_ID")
    wecom_bot_secret: SecretStr | None = Field(default=None, alias="KEHU_WECOM_BOT_SECRET")
    wecom_bot_ws_url: str | None = Field(default=None, alias="KEHU_WECOM_BOT_WS_URL")

    @field_validator("wecom_corp_id", "wecom_agent_id", "wecom_secret", "wecom_token", "wecom_aes_key", mode="before")
    @classmethod
    def _blank_wecom_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("wecom_aes_key")
    @classmethod
    def _aes_key_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9+/]{43}", value.get_secret_value()):
            raise ValueError("应为 43 位 EncodingAESKey (the 43-character key from the app's 接收消息 settings)")
        return value

    @property
    def wecom_bot_enabled(self) -> bool:
        return self.wecom_bot_id is not None and self.wecom_bot_secret is not None

    @property
    def wecom_enabled(self) -> bool:
        return all(
            v is not None
            for v in (self.wecom_corp_id, self.wecom_agent_id, self.wecom_secret, self.wecom_token, self.wecom_aes_key)
        )

    @field_validator("calendar_file", mode="before")
    @classmethod
    def _existing_calendar_file(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if value is not None and not Path(value).is_file():
            raise ValueError("文件不存在 (no such file: the working-day override YAML)")
        return value

    @field_validator("telegram_api_url", "webhook_url", "webhook_secret", "web_url", "web_secret", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("应为 https:// 开头的地址 (must be an https:// URL Telegram can reach)")
        return value

    @field_validator("web_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("应为 https:// 开头的地址 (the desk's public address, e.g. https://kehu.bank.example)")
        return value.rstrip("/") if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_charset(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("只能包含字母、数字、_ 和 -,长度 1-256 (Telegram secret_token charset)")
        return value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and ":" not in value:
            raise ValueError("令牌格式应为 数字:字符串 (expected the BotFather format 123456:ABC...)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("未知时区 (unknown IANA time zone, e.g. Asia/Shanghai)") from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: Any) -> str:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"日志级别应为 {'/'.join(LOG_LEVELS)} (unknown log level)")
        return level

    @field_validator("database_url")
    @classmethod
    def _usable_url(cls, value: str) -> str:
        if not value:
            return value
        try:
            backend = make_url(value).get_backend_name()
        except ArgumentError:
            raise ValueError("无法解析的数据库地址 (not a database URL, e.g. sqlite:///data/kehu.db)") from None
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"不支持的数据库 {backend} (only sqlite and postgresql are supported)")
        return value

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'kehu.db'}"
        if self.calendar_file is None and (self.data_dir / "calendar.yaml").is_file():
            self.calendar_file = self.data_dir / "calendar.yaml"
        wecom = (self.wecom_corp_id, self.wecom_agent_id, self.wecom_secret, self.wecom_token, self.wecom_aes_key)
        if any(v is not None for v in wecom) and not self.wecom_enabled:
            raise ValueError(
                "KEHU_WECOM_*: 企业微信需要 CORP_ID、AGENT_ID、SECRET、TOKEN、AES_KEY 全部设置 (all five are required)"
            )
        if (self.wecom_bot_id is None) != (self.wecom_bot_secret is None):
            raise ValueError("KEHU_WECOM_BOT_ID / KEHU_WECOM_BOT_SECRET: 智能机器人需要两项都设置 (both are required)")
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("KEHU_WEBHOOK_SECRET: 使用 webhook 时必须设置 (required with KEHU_WEBHOOK_URL)")
        return self

    @property
    def desk_url(self) -> str | None:
        """Where users open the web desk: KEHU_WEB_URL, else its own address; None when it is not served."""
        if self.web_port is None:
            return None
        return self.web_url or f"http://{self.web_listen}:{self.web_port}"

    @property
    def outbox(self) -> Path:
        """Where the console writes images and files it is sent."""
        return self.data_dir / "outbox"

    @property
    def log_level_number(self) -> int:
        return int(logging.getLevelName(self.log_level))


def load_settings(overrides: Mapping[str, str] | None = None, env_file: str | None = ".env") -> Settings:
    """Settings from the environment, `.env` and `overrides`; a bad value raises one clear ConfigError."""
    try:
        values: dict[str, Any] = dict(overrides or {})
        return Settings(_env_file=env_file, **values)
    except ValidationError as exc:
        error = exc.errors()[0]
        reason = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:
            raise ConfigError(f"配置错误 configuration error: {reason}") from None
        variable = _alias(str(error["loc"][0]))
        shown = _shown_value(variable, error.get("input"))
        raise ConfigError(f"配置错误 configuration error: {variable}={shown}: {reason}") from None


def _alias(field: str) -> str:
    info = Settings.model_fields.get(field)
    return info.alias if info and info.alias else field


def _shown_value(variable: str, value: Any) -> str:
    if variable in ("TELEGRAM_BOT_TOKEN", "KEHU_WEBHOOK_SECRET"):
        return "'***'"
    return repr(value) if value is not None else "(empty)"
