"""The sentence model as the matcher's second opinion: it settles close calls, and only those."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.config import BUNDLED_KB
from knowledge import semantic
from knowledge.holder import build_matcher

TODAY = date(2026, 12, 3)
THIRD_BANK = Path(__file__).resolve().parents[1] / "data" / "kb_third_bank"


def test_a_close_call_the_words_alone_ask_about_is_answered_when_the_model_agrees() -> None:
    matcher, _ = build_matcher(THIRD_BANK, semantic=False)
    question = "租房子能取公积金吗"  # shares 公积金 with every entry of its category, 租房 with one
    words_only = matcher.match(question, TODAY)
    assert words_only.status == "clarify" and words_only.candidates[0].id == "hpf-withdraw-rent"
    matcher.attach_semantic()
    both = matcher.match(question, TODAY)
    assert both.status == "answer" and both.entry is not None and both.entry.id == "hpf-withdraw-rent"


def test_the_model_never_overrides_the_words_vetoes() -> None:
    matcher, _ = build_matcher(BUNDLED_KB)
    assert matcher.semantic is not None
    question = "金条回购价格"  # out of scope; the nearest entry in meaning is the precious-metals one
    best = matcher.position["wealth-precious-metal"]
    assert matcher.semantic.confirms(question, best)
    assert matcher.match(question, TODAY).status != "answer"


def test_an_answer_without_a_wide_lead_needs_the_models_agreement() -> None:
    """流贷要准备哪些材料 on a KB without business loans: the words find an application entry's 要准备哪些材料, the
    model does not place that entry among the question's nearest, so the bot asks instead of answering."""
    matcher, _ = build_matcher(THIRD_BANK, semantic=False)
    question = "流贷要准备哪些材料"
    words_only = matcher.match(question, TODAY)
    assert words_only.entry is not None and words_only.score < matcher.settings.high + matcher.settings.semantic_band
    matcher.attach_semantic()
    assert matcher.semantic is not None and matcher.semantic.rank(question, matcher.position[words_only.entry.id]) >= 2
    assert matcher.match(question, TODAY).status == "clarify"
    assert matcher.match("租房子能取公积金吗", TODAY).status == "answer"  # the model's own nearest: still answered


def test_a_clear_answer_costs_no_sentence_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher, _ = build_matcher(BUNDLED_KB)
    calls: list[object] = []
    monkeypatch.setattr(semantic, "encode", lambda texts: calls.append(texts))
    assert matcher.match("信用卡年费怎么收", TODAY).status == "answer"
    assert calls == []


def test_the_model_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "_CONFIG", semantic._Config())
    semantic.configure(enabled=False)
    matcher, _ = build_matcher(THIRD_BANK)
    assert matcher.semantic is None
    assert matcher.match("租房子能取公积金吗", TODAY).status == "clarify"


def test_similar_sentences_are_nearer_than_unrelated_ones() -> None:
    vectors = semantic.encode(["信用卡丢了怎么办", "信用卡挂失怎么办理", "今天天气怎么样"])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])
    assert semantic.encode(["信用卡丢了怎么办"]).tolist() == vectors[:1].tolist()  # cached, the same vector


def test_a_kbs_vectors_are_kept_on_disk_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    monkeypatch.setattr(semantic, "_CONFIG", semantic._Config())
    semantic.configure(enabled=True, cache_dir=tmp_path)
    phrasings = ["信用卡怎么挂失", "大额存单利率多少"]
    first = semantic.SemanticIndex(phrasings, np.array([0, 1]), 2)
    assert semantic.is_stored(phrasings) and len(list(tmp_path.glob("*.npy"))) == 1

    def no_model(texts: object) -> None:
        raise AssertionError("the stored vectors should have been read")

    monkeypatch.setattr(semantic, "encode", no_model)
    again = semantic.SemanticIndex(phrasings, np.array([0, 1]), 2)
    assert again.vectors.tolist() == first.vectors.tolist()
    assert not semantic.is_stored([*phrasings, "新的问法"])  # another KB version has its own file


def test_the_settings_switch_the_model_and_place_its_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import main

    monkeypatch.setattr(semantic, "_CONFIG", semantic._Config())
    monkeypatch.setenv("KEHU_SEMANTIC", "off")
    monkeypatch.setenv("KEHU_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["ask", "租房子能取公积金吗", "--kb", str(THIRD_BANK)]) == 0
    assert not semantic.available() and semantic._CONFIG.cache_dir == tmp_path


def test_the_cache_keeps_the_recently_used_versions_within_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    monkeypatch.setattr(semantic, "_CONFIG", semantic._Config())
    semantic.configure(enabled=True, cache_dir=tmp_path)
    monkeypatch.setattr(semantic, "_CACHE_BYTES", 3 * 2_000)  # room for three one-phrasing files (≈1.7 KB each)
    kept = ["信用卡怎么挂失 常用"]
    semantic.SemanticIndex(kept, np.array([0]), 1)
    for version in range(5):
        semantic.SemanticIndex(kept, np.array([0]), 1)  # read: marked used
        semantic.SemanticIndex([f"信用卡怎么挂失 第{version}版"], np.array([0]), 1)
    assert len(list(tmp_path.glob("*.npy"))) == 3
    assert semantic.is_stored(kept) and semantic.is_stored(["信用卡怎么挂失 第4版"])


def test_below_the_floor_the_model_settles_a_call_only_with_a_wide_lead() -> None:
    """生日有没有礼物 scores below halfway to an answer on its words; the model's nearest is the birthday entry, far
    ahead of the next, so it is answered. 房贷利率现在多少 (out of scope) has the model's nearest only narrowly ahead:
    it stays a question."""
    fourth, _ = build_matcher(Path(__file__).resolve().parents[1] / "data" / "kb_fourth_bank")
    s = fourth.settings
    assert fourth.semantic is not None
    birthday = fourth.match("生日有没有礼物", TODAY)
    assert birthday.score < s.low + s.semantic_floor * (s.high - s.low)
    assert birthday.status == "answer" and birthday.entry is not None and birthday.entry.id == "rw-birthday"
    other, _ = build_matcher(Path(__file__).resolve().parents[1] / "data" / "kb_other_bank")
    assert other.match("房贷利率现在多少", TODAY).status != "answer"
