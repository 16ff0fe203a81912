"""Excel exports a supervisor can compute with: numbers stay numbers (万 and % come from the number format, not
from text), a title row with the period, bold headers frozen under it, an autofilter over the data, and total rows
as formulas. openpyxl is imported on the first export, not at start-up."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

WAN = '0!.0,"万"'  # 1234567 shows as 123.5万 (the comma divides by 1,000, the literal point one more digit)
PERCENT = "0.0%"
COUNT = "0"
DAY = "yyyy-mm-dd"
MOMENT = "yyyy-mm-dd hh:mm"
HEADER_ROW = 2
FIRST_ROW = 3  # data starts under the title row and the header row


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """`rows` are data (filtered and sorted by the reader); `totals` follow them in bold, usually formulas built
    with `cell_range`."""

    title: str
    caption: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    totals: Sequence[Sequence[object]] = field(default_factory=tuple)


def letter(index: int) -> str:
    """The column letter of a 0-based column index."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def data_range(sheet_rows: int, column: int, *, absolute: bool = False) -> str:
    """The data cells of one column (D3:D12), for a formula in a total row."""
    col = letter(column)
    last = FIRST_ROW + max(sheet_rows, 1) - 1
    return f"${col}${FIRST_ROW}:${col}${last}" if absolute else f"{col}{FIRST_ROW}:{col}{last}"


def total_row_number(sheet_rows: int, index: int) -> int:
    """The spreadsheet row of the `index`-th total row under `sheet_rows` data rows."""
    return FIRST_ROW + sheet_rows + index


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx bytes; column widths follow the longest value (CJK counted double)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.append([spec.caption])
        sheet.cell(1, 1).font = Font(bold=True, size=12)
        sheet.append([c.header for c in spec.columns])
        for row in spec.rows:
            sheet.append([_value(v) for v in row])
        for row in spec.totals:
            sheet.append([_value(v) for v in row])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1565C0")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for index, column in enumerate(spec.columns):
            cells = sheet[letter(index)][FIRST_ROW - 1 :]
            for cell in cells:
                if isinstance(cell.value, datetime) and column.number_format in (None, MOMENT, DAY):
                    cell.number_format = MOMENT if (cell.value.hour, cell.value.minute) != (0, 0) else DAY
                elif isinstance(cell.value, date):
                    cell.number_format = DAY
                elif column.number_format and cell.value is not None:
                    cell.number_format = column.number_format
            width = max([_display_width(column.header)] + [_shown_width(c.value, column) for c in cells])
            sheet.column_dimensions[letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = f"C{FIRST_ROW}" if len(spec.columns) > 4 else f"A{FIRST_ROW}"
        last_data = FIRST_ROW + len(spec.rows) - 1
        if spec.rows:
            sheet.auto_filter.ref = f"A{HEADER_ROW}:{letter(len(spec.columns) - 1)}{last_data}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value(value: object) -> object:
    """Timezones dropped (Excel has none: the exporter converts to the reader's local time first)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return None if value == "" else value


def _shown_width(value: object, column: Column) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, str) and value.startswith("="):
        return 8
    if isinstance(value, (int, float)) and column.number_format == WAN:
        return len(f"{value / 10000:.1f}") + 2
    return _display_width(str(value))


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
