from __future__ import annotations

import re
import string

from handlers import messages
from handlers.features import build_registry
from handlers.messages import en, zh_cn


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(zh_cn.MESSAGES) == set(en.MESSAGES)


def test_translations_use_the_same_placeholders() -> None:
    for key, template in zh_cn.MESSAGES.items():
        assert _fields(template) == _fields(en.MESSAGES[key]), key


def test_every_command_summary_exists_in_the_catalogue() -> None:
    for command in build_registry().commands.values():
        assert command.summary_key in zh_cn.MESSAGES


def test_chinese_catalogue_has_no_english_only_text() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for key, template in zh_cn.MESSAGES.items():
        words = re.sub(r"\{[^}]*\}", "", template)
        if re.search(r"[A-Za-z]{2,}", words):
            assert han.search(words), f"{key} is not Chinese: {template!r}"


def test_locale_tags_are_mapped() -> None:
    assert messages.normalise_locale("en-GB") == "en"
    assert messages.normalise_locale("zh-hans") == "zh-CN"
    assert messages.normalise_locale(None) == "zh-CN"
