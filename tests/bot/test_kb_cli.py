from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.config import BUNDLED_KB
from knowledge.kb import load_kb
from tests.bot.conftest import Kehu

CASES = Path(__file__).resolve().parents[1] / "data" / "faq_eval.jsonl"


def test_ask_json_has_the_stable_shape(kehu: Kehu, tmp_path: Path) -> None:
    result = kehu("ask", "信用卡年费怎么收", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["status"] == "answer" and data["id"] == "card-annual-fee"
    assert isinstance(data["score"], float) and all({"id", "score"} == set(c) for c in data["candidates"])
    assert json.loads(kehu("ask", "今天天气怎么样", "--json", cwd=tmp_path).stdout)["status"] == "none"


def test_kb_check_fails_with_file_and_line(kehu: Kehu, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- id: x\n  category: c\n  question: q\n  answer: ''\n", encoding="utf-8")
    result = kehu("kb", "check", str(tmp_path / "bad.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.yaml:1" in result.stdout and "answer" in result.stdout
    assert kehu("kb", "check", str(BUNDLED_KB), cwd=tmp_path).returncode == 0


def test_kb_eval_prints_the_table_and_json(kehu: Kehu, tmp_path: Path) -> None:
    table = kehu("kb", "eval", "--kb", str(BUNDLED_KB), "--cases", str(CASES), cwd=tmp_path)
    assert "总计 overall" in table.stdout and "最慢一次" in table.stdout
    data = json.loads(kehu("kb", "eval", "--kb", str(BUNDLED_KB), "--cases", str(CASES), "--json", cwd=tmp_path).stdout)
    assert set(data["overall"]) == {"cases", "in_scope", "top1", "clarify_rate", "wrong_rate", "asks_offering_right"}
    assert "信用卡" in data["categories"]


def test_kb_export_import_round_trip_from_the_command_line(kehu: Kehu, tmp_path: Path) -> None:
    assert kehu("kb", "export", "faq.xlsx", "--kb", str(BUNDLED_KB), cwd=tmp_path).returncode == 0
    imported = kehu("kb", "import", "faq.xlsx", "--kb", "mine", cwd=tmp_path)
    assert imported.returncode == 0 and "已导入 155 条" in imported.stdout
    assert kehu("kb", "check", "mine", cwd=tmp_path).returncode == 0


def test_a_missing_kb_is_one_clear_line(kehu: Kehu, tmp_path: Path) -> None:
    result = kehu("ask", "你好", "--kb", "nowhere", cwd=tmp_path)
    assert result.returncode == 1 and "知识库路径不存在" in result.stderr and "Traceback" not in result.stderr


def test_visit_parse_json_has_the_stable_shape(kehu: Kehu, tmp_path: Path) -> None:
    result = kehu(
        "visit",
        "parse",
        "今天下午拜访华星科技王总,谈流贷续贷500万,下周三再跟进",
        "--now",
        "2026-11-23T09:30+08:00",
        "--json",
        cwd=tmp_path,
    )
    data = json.loads(result.stdout)
    assert set(data) == {"customer", "contact", "when", "channel", "products", "amount", "follow_up", "note"}
    assert data["customer"] == "华星科技" and data["amount"] == 5000000 and data["follow_up"] == "2026-12-02"
    assert "客户:华星科技" in kehu("visit", "parse", "拜访华星科技", cwd=tmp_path).stdout
    assert "--now 格式错误" in kehu("visit", "parse", "x", "--now", "昨天", cwd=tmp_path).stdout


def test_visit_eval_prints_fields_and_json(kehu: Kehu, tmp_path: Path) -> None:
    cases = Path(__file__).resolve().parents[1] / "data" / "visit_eval.jsonl"
    assert "全部字段正确" in kehu("visit", "eval", "--cases", str(cases), cwd=tmp_path).stdout
    data = json.loads(kehu("visit", "eval", "--cases", str(cases), "--json", cwd=tmp_path).stdout)
    assert data["cases"] >= 200 and "follow_up" in data["fields"]


def test_a_chosen_entry_suggests_the_question_as_an_alternate_until_decided(kehu: Kehu, tmp_path: Path) -> None:
    """Learning from use: a "did you mean" press makes the question a suggestion; accepting writes it into the
    entry's file (comments kept), rejecting keeps it out of the list."""
    kb = tmp_path / "kb"
    shutil.copytree(BUNDLED_KB, kb)
    env_kb = ("--kb", str(kb))
    chat = kehu("console", "--as", "张伟", stdin="开户\n#1\n卡丢了\n#1\n", cwd=tmp_path)
    assert chat.returncode == 0 and "您是不是想问" in chat.stdout
    listed = kehu("kb", "suggestions", *env_kb, cwd=tmp_path).stdout.splitlines()
    line = next(line for line in listed if ". 开户  →  [" in line)
    number, entry = line.split(".")[0].strip(), line.split("[")[1].split("]")[0]
    assert kehu("kb", "suggestions", "accept", number, *env_kb, cwd=tmp_path).returncode == 0
    texts = "".join(p.read_text(encoding="utf-8") for p in kb.glob("*.yaml"))
    assert "# 个人开户 · 示例银行 FAQ" in texts  # the curators' comments survive the write-back
    assert "开户" in load_kb(kb).by_id()[entry].alternates
    after = kehu("kb", "suggestions", *env_kb, cwd=tmp_path).stdout
    assert "开户  →" not in after and "  1. 卡丢了  →" in after
    assert kehu("kb", "suggestions", "reject", "1", *env_kb, cwd=tmp_path).returncode == 0
    assert "没有待处理的建议问法" in kehu("kb", "suggestions", *env_kb, cwd=tmp_path).stdout
    assert kehu("kb", "suggestions", "accept", "99", *env_kb, cwd=tmp_path).returncode == 2


def test_without_kb_an_accepted_suggestion_goes_into_the_working_copy_the_bot_serves(
    kehu: Kehu, tmp_path: Path
) -> None:
    chat = kehu("console", "--as", "张伟", stdin="开户\n#1\n", cwd=tmp_path)
    assert "您是不是想问" in chat.stdout
    assert kehu("kb", "suggestions", "accept", "1", cwd=tmp_path).stdout.startswith("已写入知识库 1 条")
    again = kehu("console", "--as", "李娜", stdin="开户\n", cwd=tmp_path).stdout
    assert "您是不是想问" not in again and "📘" in again
    assert kehu("kb", "export", "served.xlsx", cwd=tmp_path).returncode == 0  # the working copy, not the files
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "served.xlsx").active
    assert sheet is not None and any("开户" in str(cell.value).split("|") for row in sheet.iter_rows() for cell in row)
