"""The one way fossdash writes a workbook.

- Streams (openpyxl write-only mode): a 50,000-row register never sits in memory as cells.
- Every user string is written as a string cell, never a formula: "=HYPERLINK(...)" or "+cmd"
  stays text when the file is opened. Characters Excel cannot hold are dropped.
- A styled, frozen header row with filters, sensible widths, and dates and numbers as real
  dates and numbers with formats.

    sheet = Sheet("Concerns", [Column("Raised", "date"), Column("Concern", "text", width=60)])
    write_workbook(stream, [(sheet, rows)], properties={"title": "Concerns register"})

Views do not call this: fossdash.downloads.send_workbook writes, audits and sends in one go.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FORMATS = {
    "text": "@",
    "int": "#,##0",
    "number": "#,##0.00",
    "money": "£#,##0",
    "money2": "£#,##0.00",
    "percent": "0.0%",
    "date": "d mmm yyyy",
    "datetime": "d mmm yyyy hh:mm",
}
DEFAULT_WIDTHS = {"text": 24, "int": 10, "number": 12, "money": 14, "money2": 14, "percent": 11,
                  "date": 13, "datetime": 18}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B0C0C")
HEADER_ALIGN = Alignment(vertical="top", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="medium", color="0B0C0C"))
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")


@dataclass
class Column:
    header: str
    kind: str = "text"  # text, int, number, money, money2, percent, date, datetime
    width: int | None = None
    wrap: bool = False

    @property
    def number_format(self) -> str:
        return FORMATS[self.kind]


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    notes: list[str] = field(default_factory=list)  # lines above the table (e.g. "Illustrative")


def safe_text(value: Any) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def cell(ws, value: Any, column: Column, styles: dict | None = None):
    """A write-only cell for `value`, typed by `column`; strings are forced to be text."""
    if value is None or value == "":
        return WriteOnlyCell(ws, value=None)
    if column.kind in ("date", "datetime") and isinstance(value, (date, datetime)):
        c = WriteOnlyCell(ws, value=value)
    elif column.kind != "text" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        c = WriteOnlyCell(ws, value=float(value) if isinstance(value, Decimal) else value)
    else:
        c = WriteOnlyCell(ws, value=None)
        c.value = None
        c._value = safe_text(value)  # noqa: SLF001 - set the raw value: no formula detection
        c.data_type = "s"
    style = styles.get(id(column)) if styles is not None else None
    if style is None:
        c.number_format = column.number_format
        c.alignment = WRAP if column.wrap else TOP
        if styles is not None:
            styles[id(column)] = copy(c._style)  # noqa: SLF001
    else:
        # The column's first cell's style, copied: setting number_format and alignment on every
        # cell of a 50,000-row register was most of the export's time.
        c._style = copy(style)  # noqa: SLF001
    return c


def write_sheet(wb: Workbook, sheet: Sheet, rows: Iterable[Sequence[Any]]) -> int:
    """Append the sheet, streaming `rows`; returns the number of data rows written."""
    ws = wb.create_sheet(title=safe_text(sheet.title)[:31])
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width or DEFAULT_WIDTHS[col.kind]
    header_row = len(sheet.notes) + (1 if sheet.notes else 0) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row}"
    note_col = Column("", "text")
    for note in sheet.notes:
        ws.append([cell(ws, note, note_col)])
    if sheet.notes:
        ws.append([])
    header = []
    for col in sheet.columns:
        h = cell(ws, col.header, note_col)
        h.font, h.fill, h.alignment, h.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        header.append(h)
    ws.append(header)
    count = 0
    styles: dict[int, Any] = {}
    for row in rows:
        ws.append([cell(ws, v, c, styles) for v, c in zip(row, sheet.columns)])
        count += 1
    # The filter covers the data written (openpyxl cannot know it before streaming).
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    return count


def write_workbook(stream: IO[bytes] | str, sheets: list[tuple[Sheet, Iterable[Sequence[Any]]]],
                   properties: dict | None = None) -> list[int]:
    """Write every sheet, streaming its rows, and save to `stream`; returns each sheet's row count."""
    wb = Workbook(write_only=True)
    props = properties or {}
    wb.properties.title = safe_text(props.get("title", ""))[:255] or None
    wb.properties.creator = "fossdash"
    try:
        counts = [write_sheet(wb, sheet, rows) for sheet, rows in sheets]
    except BaseException:
        _discard(wb)
        raise
    wb.save(stream)
    return counts


def _discard(wb: Workbook) -> None:
    """After a failure mid-stream (a row that raised, a lost database): remove the temporary file
    each write-only sheet streams into (openpyxl would keep it until the process exits)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        # Close the half-written XML streams here (lxml objects to closing them mid-element, so
        # that is swallowed) rather than leave it to the garbage collector, then remove the file.
        for stream in (getattr(ws, "_rows", None), writer.xf):
            try:
                if stream is not None:
                    stream.close()
            except Exception:
                pass
        writer.xf = None
        try:
            writer.cleanup()
        except Exception:  # pragma: no cover - already gone
            pass


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
