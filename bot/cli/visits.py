"""`kehu visit parse` and `kehu visit eval`: the visit parser on the command line (a stable interface)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import build_calendar
from bot.config import Settings
from knowledge.visit_parser import parse_visit


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    visit = sub.add_parser("visit", help="拜访记录解析 (visit parsing)").add_subparsers(required=True, metavar="ACTION")
    parse = visit.add_parser("parse", help="把一条消息解析成拜访草稿 (parse one message)")
    parse.add_argument("message")
    parse.add_argument("--now", default=None, help="参考时间 ISO, 例如 2026-11-23T09:30+08:00")
    parse.add_argument("--json", action="store_true")
    parse.set_defaults(func=cmd_parse)
    ev = visit.add_parser("eval", help="用标注集评测 (evaluate on labelled cases)")
    ev.add_argument("--cases", type=Path, required=True)
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=cmd_eval)


def cmd_parse(settings: Settings, args: argparse.Namespace) -> int:
    tz = ZoneInfo(settings.timezone)
    try:
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(tz)
    except ValueError:
        print(f"--now 格式错误「{args.now}」,应为 ISO 时间,例如 2026-11-23T09:30+08:00")
        return 2
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    draft = parse_visit(args.message, now, build_calendar(settings))
    data = draft.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    labels = {
        "customer": "客户",
        "contact": "联系人",
        "when": "时间",
        "channel": "方式",
        "products": "产品",
        "amount": "金额(元)",
        "follow_up": "跟进",
        "note": "备注",
    }
    for key, label in labels.items():
        value = data[key]
        shown = "、".join(value) if isinstance(value, list) else value
        print(f"{label}:{shown if shown not in (None, '') else '—'}")
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.evaluation.visits import evaluate_visits, format_visit_report, read_visit_cases

    try:
        cases = read_visit_cases(args.cases)
    except (OSError, ValueError) as exc:
        print(f"用例文件错误 cases file error: {exc}")
        return 1
    report = evaluate_visits(cases, build_calendar(settings))
    print(json.dumps(report.as_json(), ensure_ascii=False, indent=2) if args.json else format_visit_report(report))
    return 0
