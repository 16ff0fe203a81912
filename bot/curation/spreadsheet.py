"""Excel/CSV import and export, so business curators can edit the knowledge base in a spreadsheet."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot.spreadsheets import SheetError, read_table
from knowledge.kb import FIELDS, Entry, KBError, build_entry, entry_files


def export_entries(entries: Iterable[Entry], path: Path) -> int:
    """Writes one row per entry (lists joined with `|`) to .xlsx or .csv; returns the row count."""
    rows = [_row(e) for e in entries]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(FIELDS)
            writer.writerows(rows)
    elif path.suffix.lower() == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "FAQ"
        sheet.append(list(FIELDS))
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGHI", (22, 14, 36, 48, 60, 20, 12, 12, 14), strict=True):
            sheet.column_dimensions[letter].width = width
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        book.save(path)
    else:
        raise KBError(f"{path}: 只支持 .xlsx 或 .csv (only .xlsx and .csv)")
    return len(rows)


def _row(entry: Entry) -> list[str]:
    return [
        entry.id,
        entry.category,
        entry.question,
        "|".join(entry.alternates),
        entry.answer,
        "|".join(entry.tags),
        entry.effective.isoformat() if entry.effective else "",
        entry.expires.isoformat() if entry.expires else "",
        entry.owner or "",
    ]


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Spreadsheet rows as entry mappings with their row numbers; blank rows are skipped."""
    try:
        header, rows = read_table(path)
    except SheetError as exc:
        raise KBError(str(exc)) from None
    missing = [f for f in ("id", "category", "question", "answer") if f not in header]
    if missing:
        raise KBError(f"{path}:1: 缺少列 {', '.join(missing)} (missing columns)")
    return rows


def import_entries(source: Path, target: Path) -> list[Entry]:
    """Validates every row first; only when all are good writes one YAML file per category into `target`."""
    rows = read_rows(source)
    entries: list[Entry] = []
    errors: list[str] = []
    for number, values in rows:
        values = {k: v for k, v in values.items() if k in FIELDS and str(v).strip() != ""}
        values["__line__"] = number
        try:
            entries.append(build_entry(source, values))
        except KBError as exc:
            errors.append(str(exc))
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.id in seen:
            errors.append(f"{source}:{entry.line}: 重复的 id「{entry.id}」(first at row {seen[entry.id]})")
        seen.setdefault(entry.id, entry.line)
    if errors:
        raise KBError("\n".join(errors))
    _write_yaml(entries, target)
    return entries


def _write_yaml(entries: list[Entry], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        for old in entry_files(target):
            old.unlink()
    by_category: dict[str, list[Entry]] = {}
    for entry in entries:
        by_category.setdefault(entry.category, []).append(entry)
    for number, (category, items) in enumerate(by_category.items(), start=1):
        slug = re.sub(r"[^\w-]+", "-", category).strip("-") or "faq"
        text = yaml_text(items)
        (target / f"{number:02d}-{slug}.yaml").write_text(text, encoding="utf-8")


def yaml_text(entries: list[Entry]) -> str:
    """Entries as one KB file, in the layout `kehu kb import` writes."""
    mappings = [_mapping(e) for e in entries]
    return yaml.dump(mappings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _mapping(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "category": entry.category,
        "question": entry.question,
        "alternates": _Inline(entry.alternates),
        "answer": entry.answer + "\n",
    }
    optional = {
        "tags": _Inline(entry.tags),
        "effective": entry.effective,
        "expires": entry.expires,
        "owner": entry.owner,
    }
    data.update({k: v for k, v in optional.items() if v})
    return data


class _Dumper(yaml.SafeDumper):
    """Multi-line answers as literal blocks, lists of short strings inline: the way curators write them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Inline(list[str]):
    """A list written inline: [a, b, c]."""


def _inline(dumper: yaml.SafeDumper, value: _Inline) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Inline, _inline)
