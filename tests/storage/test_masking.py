from __future__ import annotations

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
