from __future__ import annotations

import gzip
import pickle
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from knowledge import word_vectors
from knowledge.kb import load_kb
from knowledge.matcher import Matcher
from knowledge.word_vectors import load_word_vectors
from tests.knowledge.conftest import write_kb

TODAY = date(2026, 12, 2)
BOXES = """
- id: box-rent
  category: 保管箱
  question: 怎么租用保险柜?
  alternates: [租一个保险柜]
  answer: 带身份证到网点签租用协议,按柜子大小交年费和押金。
- id: limit-up
  category: 手机银行
  question: 手机银行转账限额怎么提高?
  alternates: [限额调高]
  answer: 在手机银行安全中心提高限额,需要人脸识别。
- id: hours
  category: 网点
  question: 网点几点开门?
  alternates: [营业时间]
  answer: 工作日9点到17点营业。
"""


def _tiny_vectors(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wb") as out:
        pickle.dump((lines, {}, {}), out)
    return path


def test_the_shipped_vectors_know_bank_words() -> None:
    vectors = load_word_vectors()
    assert vectors is not None and len(vectors.index) > 50_000
    assert float(vectors.vector("美金") @ vectors.vector("美元")) > 0.8
    assert float(vectors.vector("美金") @ vectors.vector("老鼠")) < 0.3


def test_the_first_load_writes_a_cache_that_later_loads_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _tiny_vectors(tmp_path / "v.model", ["甲 3 4", "乙 0 2"])
    monkeypatch.setattr(word_vectors, "_data_file", lambda: source)
    monkeypatch.setenv("KEHU_CACHE_DIR", str(tmp_path / "cache"))
    first = load_word_vectors.__wrapped__()
    assert first is not None and np.allclose(first.vector("甲"), [0.6, 0.8], atol=1e-3)

    def parse_again(path: Path) -> None:
        raise AssertionError("the second load must read the cache, not the package's file")

    monkeypatch.setattr(word_vectors, "_parse", parse_again)
    second = load_word_vectors.__wrapped__()
    assert second is not None and isinstance(second.matrix, np.memmap)
    assert np.allclose(second.vector("乙"), [0.0, 1.0])


def test_a_data_file_that_builds_objects_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.model"
    with gzip.open(path, "wb") as out:
        pickle.dump((["甲 1 0"], {}, {"x": Path("/")}), out)
    with pytest.raises(pickle.UnpicklingError):
        word_vectors._parse(path)


def test_a_close_word_of_the_entry_is_partial_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_kb(write_kb(tmp_path / "kb.yaml", BOXES))
    with_vectors = Matcher(kb).match("保险箱在哪租", TODAY)
    monkeypatch.setattr("knowledge.matcher.load_word_vectors", lambda: None)
    exact_only = Matcher(kb).match("保险箱在哪租", TODAY)
    assert with_vectors.candidates[0].id == exact_only.candidates[0].id == "box-rent"
    assert with_vectors.score > exact_only.score + 0.02


def test_an_opposite_action_is_never_partial_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """降低 and 提高 are close as vectors: the entry on raising the limit gains nothing from a question on lowering."""
    kb = load_kb(write_kb(tmp_path / "kb.yaml", BOXES))
    vectors = load_word_vectors()
    assert vectors is not None and float(vectors.vector("降低") @ vectors.vector("提高")) > 0.7
    with_vectors = Matcher(kb).match("手机银行转账限额怎么降低", TODAY)
    monkeypatch.setattr("knowledge.matcher.load_word_vectors", lambda: None)
    exact_only = Matcher(kb).match("手机银行转账限额怎么降低", TODAY)
    assert with_vectors.score == pytest.approx(exact_only.score)
    assert with_vectors.status != "answer"
