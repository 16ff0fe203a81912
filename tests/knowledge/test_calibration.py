"""Thresholds learnt from a knowledge base's own phrasings (issue 14): close entries get safer settings by
themselves, a knowledge base as safe as the sample keeps the defaults, and `kehu kb check` reports both."""

from __future__ import annotations

from pathlib import Path

from bot.curation.check import calibration_report
from knowledge.calibration import REFERENCE_WRONG, calibrate
from knowledge.holder import build_matcher
from knowledge.matcher import Matcher, Settings

TOPICS = ("理财", "基金", "保险", "黄金", "外汇", "存单", "国债", "信托", "年金", "债券")
BUY = ("怎么买", "购买流程", "在哪买", "买的步骤")
RETURN = ("怎么退", "退的流程", "在哪退", "退的步骤")


def close_pairs(path: Path) -> Path:
    """Two entries per product whose phrasings differ by one word: a knowledge base that confuses easily."""
    rows = []
    for i, topic in enumerate(TOPICS):
        for kind, words in (("buy", BUY), ("return", RETURN)):
            alternates = ", ".join(topic + w for w in words[1:])
            rows.append(
                f"- id: t{i}-{kind}\n  category: 产品{i % 3}\n  question: {topic}{words[0]}?\n"
                f"  alternates: [{alternates}]\n  answer: 请到网点咨询{topic}业务。\n"
            )
    path.write_text("".join(rows), encoding="utf-8")
    return path


def test_close_entries_get_safer_thresholds_by_themselves(tmp_path: Path) -> None:
    matcher, calibration = build_matcher(close_pairs(tmp_path / "kb.yaml"))
    assert calibration is not None and calibration.at_defaults.wrong > REFERENCE_WRONG * 1.5
    defaults = Settings()
    assert (matcher.settings.high, matcher.settings.margin) > (defaults.high, defaults.margin)
    assert calibration.expected.wrong < calibration.at_defaults.wrong
    assert any(asked.split("-")[0] == answered.split("-")[0] for asked, answered, _ in calibration.collisions)


def test_the_sample_knowledge_base_keeps_the_defaults(matcher: Matcher) -> None:
    calibration = calibrate(Matcher(matcher.kb))
    assert calibration is not None and calibration.settings == Settings() and calibration.held_out >= 300


def test_kb_check_reports_expected_rates_and_collisions(tmp_path: Path) -> None:
    report = calibration_report(build_matcher(close_pairs(tmp_path / "kb.yaml"))[1])
    assert "预计 expected" in report and "易混淆的条目" in report and "→" in report
