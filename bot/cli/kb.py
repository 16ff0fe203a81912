"""`kehu kb …` and `kehu ask`: knowledge base tooling for curators, on the same code the bot serves with."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import build_storage
from bot.config import Settings
from knowledge.holder import build_matcher
from knowledge.kb import load_kb
from knowledge.matcher import Matcher
from storage.services import faq_log


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="用知识库回答一个问题 (answer one question)")
    ask.add_argument("question")
    ask.add_argument("--kb", type=Path, default=None, help="知识库路径 (default: KEHU_KB_PATH)")
    ask.add_argument("--json", action="store_true", help="输出 JSON")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="知识库工具 (knowledge base tools)").add_subparsers(required=True, metavar="ACTION")
    check = kb.add_parser("check", help="检查知识库 (validate)")
    check.add_argument("path", nargs="?", type=Path, default=None)
    check.set_defaults(func=cmd_check)
    export = kb.add_parser("export", help="导出为 .xlsx/.csv")
    export.add_argument("file", type=Path)
    export.add_argument("--kb", type=Path, default=None)
    export.set_defaults(func=cmd_export)
    imp = kb.add_parser("import", help="从 .xlsx/.csv 导入,每个分类写一个 YAML 文件")
    imp.add_argument("file", type=Path)
    imp.add_argument("--kb", type=Path, default=None, help="写入的知识库目录 (default: KEHU_KB_PATH)")
    imp.set_defaults(func=cmd_import)
    ev = kb.add_parser("eval", help="用例评测 (evaluate on labelled cases)")
    ev.add_argument("--kb", type=Path, default=None)
    cases = ev.add_mutually_exclusive_group(required=True)
    cases.add_argument("--cases", type=Path, help="问题用例 (one question per line)")
    cases.add_argument("--conversations", type=Path, help="多轮对话用例 (one conversation per line)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=cmd_eval)
    sug = kb.add_parser("suggestions", help="用户选中的条目带来的备选问法:列出、采纳或拒绝 (suggested alternates)")
    sug.add_argument("action", nargs="?", choices=("list", "accept", "reject"), default="list")
    sug.add_argument("numbers", nargs="*", type=int, help="列表中的编号 (numbers from the list)")
    sug.add_argument("--days", type=int, default=90, help="最近多少天 (default 90)")
    sug.add_argument("--kb", type=Path, default=None, help="知识库路径 (default: KEHU_KB_PATH)")
    sug.set_defaults(func=cmd_suggestions)
    gaps = kb.add_parser("gaps", help="未答出和被点踩的问题,按相似度归类")
    gaps.add_argument("--days", type=int, default=30, help="最近多少天 (default 30)")
    gaps.set_defaults(func=cmd_gaps)


def _today(settings: Settings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def _matcher(settings: Settings, path: Path | None) -> Matcher:
    return build_matcher(path or settings.kb_path)[0]


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    result = _matcher(settings, args.kb).match(args.question, _today(settings))
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    elif result.entry is not None:
        print(f"[{result.entry.id}] {result.entry.question}\n{result.entry.answer.strip()}")
    elif result.status == "clarify":
        print("您是不是想问:\n" + "\n".join(f"  {c.question} [{c.id}]" for c in result.candidates))
    else:
        print("知识库里没有这个问题的标准答案。")
    return 0


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from bot.curation.check import calibration_report, check_kb

    path = args.path or settings.kb_path
    findings = check_kb(path, _today(settings))
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"检查完成 checked: {errors} 个错误 errors, {len(findings) - errors} 个警告 warnings")
    if not errors:
        print(calibration_report(build_matcher(path)[1]))
    return 1 if errors else 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.curation.spreadsheet import export_entries

    if args.kb is not None:
        entries = load_kb(args.kb).entries
    else:  # what the bot serves: the database's working copy, desk edits included (the files if it has none yet)
        from storage.services import kb_store

        storage = build_storage(settings)
        try:
            with storage.uow_factory() as uow:
                entries = kb_store.entries(uow) if kb_store.seeded(uow) else load_kb(settings.kb_path).entries
        finally:
            storage.close()
    count = export_entries(entries, args.file)
    print(f"已导出 {count} 条到 {args.file}")
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.curation.spreadsheet import import_entries

    entries = import_entries(args.file, args.kb or settings.kb_path)
    print(f"已导入 {len(entries)} 条到 {args.kb or settings.kb_path};在聊天中发送 /kb_reload(或重启)后机器人使用新内容")
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.evaluation import faq

    matcher = _matcher(settings, args.kb)
    if args.conversations is not None:
        talks = faq.evaluate_conversations(matcher, faq.read_conversations(args.conversations), _today(settings))
        print(
            json.dumps(talks.as_json(), ensure_ascii=False, indent=2)
            if args.json
            else faq.format_conversation_report(talks)
        )
        return 0
    report = faq.evaluate(matcher, faq.read_cases(args.cases), _today(settings))
    print(json.dumps(report.as_json(), ensure_ascii=False, indent=2) if args.json else faq.format_report(report))
    return 0


def cmd_suggestions(settings: Settings, args: argparse.Namespace) -> int:
    """Questions users found an entry for, as alternates to add: `list` numbers them, `accept N…` writes them into
    the working copy the bot serves (every instance within a minute), or with `--kb PATH` into those files (comments
    kept); `reject N…` keeps them from being suggested again."""
    from bot.curation.suggestions import add_alternate
    from storage.services import faq_suggestions, kb_store

    storage = build_storage(settings)
    try:
        now = datetime.now(ZoneInfo("UTC"))
        with storage.uow_factory() as uow:
            in_files = args.kb is not None or not kb_store.seeded(uow)
            entries = load_kb(args.kb or settings.kb_path).by_id() if in_files else {
                e.id: e for e in kb_store.entries(uow)}  # fmt: skip
            suggestions = [
                s for s in faq_suggestions.pending(uow, now - timedelta(days=args.days)) if s.entry_id in entries
            ]
            if args.action == "list":
                if not suggestions:
                    print("没有待处理的建议问法。")
                for number, s in enumerate(suggestions, start=1):
                    print(f"{number:>3}. {s.question}  →  [{s.entry_id}] {entries[s.entry_id].question}  (×{s.times})")
                return 0
            chosen = [suggestions[n - 1] for n in args.numbers if 1 <= n <= len(suggestions)]
            if not chosen or len(chosen) != len(args.numbers):
                print(f"请给出列表中的编号(1 到 {len(suggestions)})。")
                return 2
            for s in chosen:
                if args.action == "accept" and in_files:
                    add_alternate(entries[s.entry_id], s.question)
                elif args.action == "accept":
                    kb_store.add_alternate(uow, s.entry_id, s.question, None, now, "suggestion")
                faq_suggestions.decide(uow, s, args.action == "accept", now)
            uow.commit()
    finally:
        storage.close()
    if args.action == "reject":
        print(f"已拒绝 {len(chosen)} 条。")
    elif in_files:
        print(f"已写入知识库文件 {len(chosen)} 条,用 /kb_reload 或重启后生效。")
    else:
        print(f"已写入知识库 {len(chosen)} 条,各实例一分钟内生效。")
    return 0


def cmd_gaps(settings: Settings, args: argparse.Namespace) -> int:
    from bot.curation.gaps import cluster_questions

    storage = build_storage(settings)
    try:
        since = datetime.now(ZoneInfo("UTC")) - timedelta(days=args.days)
        with storage.uow_factory() as uow:
            questions = faq_log.review_queue(uow, since)
    finally:
        storage.close()
    if not questions:
        print(f"最近 {args.days} 天没有待补充的问题。")
        return 0
    clusters = cluster_questions(questions, _matcher(settings, None).normalise)
    print(f"最近 {args.days} 天待补充的问题({len(questions)} 次,{len(clusters)} 类):")
    for cluster in clusters:
        others = [q for q, _ in cluster.questions.most_common() if q != cluster.example][:3]
        more = f"  (另有:{';'.join(others)})" if others else ""
        print(f"{cluster.count:>4} × {cluster.example}{more}")
    return 0
