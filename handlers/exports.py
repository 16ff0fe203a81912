"""Excel exports: a summary sheet and a raw-data sheet, Chinese headers, frozen header row, sensible widths.
openpyxl is imported on the first export, not at start-up."""

from __future__ import annotations

import io
from collections.abc import Sequence


def workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """One sheet per (title, headers, rows); column widths follow the longest value (CJK counted double)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1565C0")
            cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            values = [str(header)] + [str(row[index - 1]) for row in rows if index - 1 < len(row)]
            width = max(_display_width(v) for v in values)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
