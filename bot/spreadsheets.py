"""Reading a spreadsheet (.xlsx or .csv) as a header and numbered rows, for every import."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any


class SheetError(Exception):
    """A file that cannot be read as a table; says which file and why."""


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Lower-cased header names and the non-blank rows keyed by them, each with its 1-based row number."""
    if not path.is_file():
        raise SheetError(f"{path}: 文件不存在 (no such file)")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    elif path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook  # imported on first use: it costs a third of a second

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        raise SheetError(f"{path}: 只支持 .xlsx 或 .csv (only .xlsx and .csv)")
    if not table:
        raise SheetError(f"{path}: 文件是空的 (empty file)")
    header = [str(h or "").strip().lower() for h in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if any(str(v or "").strip() for v in values):
            rows.append((number, {h: values[i] if i < len(values) else "" for i, h in enumerate(header) if h}))
    return header, rows


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value
