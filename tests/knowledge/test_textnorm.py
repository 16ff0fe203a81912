from __future__ import annotations

import pytest

from knowledge.matcher import Matcher
from knowledge.names import normalise_name
from knowledge.simplify import to_simplified
from knowledge.textnorm import unspaced


def test_traditional_characters_become_simplified() -> None:
    assert to_simplified("開戶需要帶什麼證件") == "开户需要带什么证件"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("请问一下信用卡年费多少呢?", "信用卡年费多少"),
        ("ＥＴＣ怎么办理", "etc怎么办理"),
        ("信用咭年费", "信用卡年费"),
        ("流贷续贷", "流动资金贷款续贷"),
        ("麻烦问一下,开户要带哪些资料呀", "开户需要什么材料"),
    ],
)
def test_normalisation_folds_width_fillers_and_synonyms(matcher: Matcher, a: str, b: str) -> None:
    assert matcher.normalise(a) == matcher.normalise(b)


def test_synonym_inside_a_longer_canonical_term_is_left_alone(matcher: Matcher) -> None:
    assert "手续费" in matcher.normalise("代发工资手续费")


def test_a_question_word_ending_in_a_particle_keeps_it(matcher: Matcher) -> None:
    assert matcher.normalise("开户证件要求是什么").endswith("什么")
    assert matcher.normalise("信用卡怎么办") == "信用卡怎么"
    assert matcher.normalise("开户要带啥呀") == matcher.normalise("开户需要什么")


def test_every_amount_reads_as_one_number(matcher: Matcher) -> None:
    assert matcher.normalise("20万能买大额存单吗") == matcher.normalise("5万能买大额存单")
    assert "万能" not in matcher.tokens.words(matcher.normalise("20万能买大额存单吗"))


def test_company_names_compare_without_legal_suffixes() -> None:
    assert normalise_name("华星科技有限公司") == normalise_name("华星科技") == normalise_name(" 華星科技 ")
    assert normalise_name("瑞丰纺织股份有限公司") == "瑞丰纺织"


def test_a_message_typed_a_character_at_a_time_is_read_without_its_spaces() -> None:
    assert unspaced("信 用 卡 丢 了 怎 么 办") == "信用卡丢了怎么办"
    assert unspaced("华星 百川 长江精密 都 打了 电话") == "华星 百川 长江精密 都 打了 电话"  # words: kept apart
    assert unspaced("存 款 5 0 0 万") == "存款500万"
