from __future__ import annotations

import pytest

from storage.masking import mask_phone, mask_text


def test_mobile_number_is_masked_in_the_middle() -> None:
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("+86 139-1234-5678") == "139****5678"
    assert mask_phone("021-62345678") == "*******5678"
    assert mask_phone(None) == ""


def test_free_text_masks_mobile_id_card_and_account() -> None:
    text = "客户电话13912345678,身份证110105199001011234,账号6222020200112233445"
    masked = mask_text(text)
    assert "13912345678" not in masked and "139****5678" in masked
    assert "110105199001011234" not in masked and "110105********1234" in masked
    assert "6222020200112233445" not in masked and masked.endswith("6222***********3445")


def test_ordinary_numbers_are_left_alone() -> None:
    assert mask_text("贷款500万,2026年11月23日") == "贷款500万,2026年11月23日"


# (text, the digits that must not survive) — the forms people type and logs escape
PERSONAL = [
    ("王总手机 138 1234 5678 明天打", "12345678"),
    ("电话138-1234-5678", "1234-5678"),
    ("+8613812345678", "13812345678"),
    ("+86 138 1234 5678", "1234 5678"),
    ("008613812345678", "13812345678"),
    ("手机号１３８１２３４５６７８", "12345678"),
    ("手机号13812345678", "13812345678"),
    ("\\u53f713812345678", "13812345678"),  # a JSON log line's escaped 号
    ('{"text": "\\u624b\\u673a13812345678"}', "13812345678"),
    ("身份证110101199003071234", "19900307"),
    ("身份证 110101 19900307 1234", "19900307"),
    ("身份证11010119900307123X", "19900307"),
    ("老身份证110101900307123", "900307"),
    ("卡号6222 0212 3456 7890", "0212 3456"),
    ("卡号6222-0212-3456-7890-123", "0212-3456"),
    ("账号6222020200112233445", "020200112233"),
    ("对公账户 110 9123 4567 8901 23", "9123 4567"),
    ("座机010-62345678", "6234"),
    ("座机 0755-8888 6666", "8888"),
]
ORDINARY = [
    "贷款500万,2026年11月23日",
    "2026-12-02 00:41:09,123 INFO kehu: 处理完成",
    "利率3.45%,期限36个月,额度1,100万",
    "telegram update 123456789 failed",
    "拜访 3 次,新客 12 户,存款 50000000 元",
    "下午3点到5点",
]


@pytest.mark.parametrize(("text", "secret"), PERSONAL)
def test_every_form_of_a_personal_number_is_masked(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert secret not in masked and "****" in masked, masked


@pytest.mark.parametrize("text", ORDINARY)
def test_amounts_dates_and_ids_of_the_bot_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_log_lines_are_masked_after_formatting_with_escapes(caplog: pytest.LogCaptureFixture) -> None:
    import json
    import logging

    from bot.logsetup import MaskingFormatter

    record = logging.LogRecord(
        "t", logging.DEBUG, __file__, 1, "update %s", (json.dumps({"text": "手机号13812345678"}),), None
    )
    line = MaskingFormatter("%(message)s").format(record)
    assert "13812345678" not in line and "138****5678" in line
