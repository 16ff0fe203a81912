from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.curation.check import check_kb
from bot.curation.spreadsheet import export_entries, import_entries
from knowledge.kb import Entry, KBError, load_kb
from tests.knowledge.conftest import write_kb

TODAY = date(2026, 11, 23)

GOOD = """
- id: a-one
  category: 测试
  question: 第一个问题是什么
  alternates: [问题一]
  answer: 答案一
- id: a-two
  category: 测试
  question: 完全不同的第二个话题
  alternates: [话题二]
  answer: 答案二
"""


def test_entries_know_their_file_and_line(tmp_path: Path) -> None:
    kb = load_kb(write_kb(tmp_path / "kb.yaml", GOOD))
    assert [(e.id, e.line) for e in kb.entries] == [("a-one", 2), ("a-two", 7)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x\n  category: c\n  question: q\n  answer: ''\n", "缺少字段 answer"),
        ("- id: Bad_ID\n  category: c\n  question: q\n  answer: a\n", "id「Bad_ID」"),
        ("- id: x\n  category: c\n  question: q\n  answer: a\n  expires: 2026-13-40\n", "日期格式错误"),
        ("- id: x\n  category: c\n  question: [q\n", "YAML 格式错误"),
    ],
)
def test_a_broken_entry_is_reported_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write_kb(tmp_path / "kb.yaml", text)
    with pytest.raises(KBError) as info:
        load_kb(path)
    assert message in str(info.value)
    assert f"{path}:" in str(info.value)


def test_check_reports_every_problem(tmp_path: Path) -> None:
    write_kb(tmp_path / "a.yaml", GOOD)
    write_kb(
        tmp_path / "b.yaml",
        """
- id: a-one
  category: 测试
  question: 重复的编号
  answer: x
- id: b-shared
  category: 测试
  question: 另一个
  alternates: [问题一]
  answer: x
- id: b-near
  category: 测试
  question: 第一个问题是什么呀
  answer: x
- id: b-soon
  category: 测试
  question: 马上失效的条目
  answer: x
  expires: 2026-12-10
- id: b-bad-date
  category: 测试
  question: 日期错误
  answer: x
  expires: 明天
""",
    )
    findings = check_kb(tmp_path, TODAY)
    text = "\n".join(str(f) for f in findings)
    assert "重复的 id「a-one」" in text and "a.yaml:2" in text
    assert "同时属于 a-one 和 b-shared" in text
    assert "a-one ↔ b-near" in text
    assert "将于 2026-12-10 失效" in text
    assert "b.yaml:20" in text and "日期格式错误" in text
    assert {f.level for f in findings} == {"error", "warning"}


def test_the_sample_kb_is_clean() -> None:
    from bot.config import BUNDLED_KB

    assert [f for f in check_kb(BUNDLED_KB, TODAY) if f.level == "error"] == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_round_trips(kb_copy: Path, tmp_path: Path, suffix: str) -> None:
    original = load_kb(kb_copy).entries
    sheet = tmp_path / f"faq{suffix}"
    assert export_entries(original, sheet) == len(original)
    imported_dir = tmp_path / "imported"
    import_entries(sheet, imported_dir)
    again = load_kb(imported_dir).entries
    assert sorted(map(_content, original)) == sorted(map(_content, again))


def _content(e: Entry) -> tuple[object, ...]:
    dates = (e.effective, e.expires)
    return (e.id, e.category, e.question, e.alternates, e.answer.strip(), e.tags, dates, e.owner)


def test_an_import_with_a_bad_row_imports_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "faq.csv"
    sheet.write_text(
        "id,category,question,alternates,answer,tags,effective,expires,owner\n"
        "good-one,测试,好问题,别名|另一个,好答案,,,,\n"
        "bad-one,测试,坏问题,,,,,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "kb"
    with pytest.raises(KBError) as info:
        import_entries(sheet, target)
    assert "faq.csv:3" in str(info.value) and "answer" in str(info.value)
    assert not target.exists()
