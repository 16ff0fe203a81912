"""`kehu targets import` and `kehu results import`: spreadsheet imports with a row-by-row report."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from bot.bootstrap import build_storage
from bot.config import Settings
from bot.spreadsheets import SheetError, read_table
from storage.services import imports


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for noun, func, help_text in (
        ("targets", cmd_targets, "导入指标:工号/姓名, 指标, 数额, 月份(YYYY-MM)"),
        ("results", cmd_results, "导入每日业绩:工号/姓名, 指标, 数额, 日期(YYYY-MM-DD);以行方数据为准"),
    ):
        actions = sub.add_parser(noun, help=help_text).add_subparsers(required=True, metavar="ACTION")
        command = actions.add_parser("import", help=help_text)
        command.add_argument("file", type=Path)
        command.set_defaults(func=func)


def cmd_targets(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args.file, lambda uow, rows, now: imports.import_targets(uow, rows, None, now), "指标")


def cmd_results(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args.file, imports.import_results, "业绩")


def _run(settings: Settings, path: Path, do_import: object, what: str) -> int:
    assert callable(do_import)
    try:
        _, rows = read_table(path)
    except SheetError as exc:
        print(f"导入失败 import failed: {exc}")
        return 1
    storage = build_storage(settings)
    try:
        with storage.uow_factory() as uow:
            report = do_import(uow, rows, datetime.now(UTC))
            if report.errors:
                print(f"有 {len(report.errors)} 行错误,未导入任何数据 (nothing imported):")
                for error in report.errors:
                    print(f"  {error}")
                return 1
            uow.commit()
    finally:
        storage.close()
    print(f"已导入 {report.imported} 行{what}。")
    return 0
