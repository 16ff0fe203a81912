"""The message catalogue: every user-facing string, zh-CN first, en second."""

from __future__ import annotations

from typing import Any

from handlers.messages import en, zh_cn

DEFAULT_LOCALE = "zh-CN"
CATALOGUES: dict[str, dict[str, str]] = {"zh-CN": zh_cn.MESSAGES, "en": en.MESSAGES}


def normalise_locale(tag: str | None) -> str:
    """Maps a platform language code (en-US, zh-hans, None) to a catalogue we have."""
    if tag and tag.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def text(locale: str, key: str, **params: Any) -> str:
    """The catalogue text for `key`, formatted; falls back to zh-CN, then to the key itself."""
    template = CATALOGUES.get(locale, {}).get(key) or CATALOGUES[DEFAULT_LOCALE].get(key)
    if template is None:
        return key
    return template.format(**params) if params else template
