"""`kehu calendar`: import the State Council's holiday arrangement for a year, and show what the bot will use."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from bot.bootstrap import build_calendar, build_storage
from bot.config import Settings
from knowledge.holiday_notice import NoticeError, notice_year, parse_notice
from knowledge.workcal import CalendarFileError, overrides_from
from storage.services import calendar


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cal = sub.add_parser("calendar", help="工作日历 (working calendar)").add_subparsers(required=True, metavar="ACTION")
    imp = cal.add_parser("import", help="导入国务院节假日安排:通知正文 .txt 或 holidays:/workdays: 的 .yaml")
    imp.add_argument("file", type=Path)
    imp.add_argument("--year", type=int, default=None, help="安排所属年份(通知标题中有时可省略)")
    imp.set_defaults(func=cmd_import)
    show = cal.add_parser("show", help="列出某年的节假日与调休上班日,并说明来源")
    show.add_argument("year", type=int, nargs="?", default=None)
    show.set_defaults(func=cmd_show)


def read_arrangement(path: Path, year: int | None) -> tuple[int, dict[date, bool]]:
    """The year and days of a notice's text or of a YAML file; NoticeError or CalendarFileError says what is wrong."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        days = overrides_from(yaml.safe_load(text) or {})
        year = year or (min(d.year for d in days) if days else None)
        if year is None:
            raise CalendarFileError("文件中没有日期 (no dates in the file)")
        return year, days
    year = year or notice_year(text)
    return year or 0, parse_notice(text, year)


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    try:
        year, days = read_arrangement(args.file, args.year)
    except (OSError, NoticeError, CalendarFileError, yaml.YAMLError) as exc:
        print(f"导入失败 import failed: {exc}")
        return 1
    storage = build_storage(settings)
    try:
        with storage.uow_factory() as uow:
            calendar.import_year(uow, year, days, datetime.now(UTC))
            uow.commit()
    finally:
        storage.close()
    off = sum(not w for w in days.values())
    print(f"已导入 {year} 年节假日安排:放假 {off} 天,调休上班 {len(days) - off} 天;各实例 10 分钟内生效。")
    return 0


def cmd_show(settings: Settings, args: argparse.Namespace) -> int:
    storage = build_storage(settings)
    try:
        cal = build_calendar(settings, storage.uow_factory)
    finally:
        storage.close()
    year = args.year or datetime.now(UTC).year
    source = "已发布/已导入 published" if cal.published(year) else "按法定规则推算,调休未知 estimated by rule"
    print(f"{year} 年 ({source})")
    day = date(year, 1, 1)
    while day.year == year:
        if cal.is_holiday(day):
            print(f"  {day.isoformat()} 放假")
        elif day.weekday() >= 5 and cal.is_workday(day):
            print(f"  {day.isoformat()} 调休上班")
        day += timedelta(days=1)
    return 0
