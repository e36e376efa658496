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
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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


class _TypedCell(Cell):
    """A cell typed and styled by `cell` from its column's cached style: its style id is worked
    out once per column, not hashed again for every cell as openpyxl would."""

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:  # type: ignore[override]
        return self._sid


class StreamSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking the cells `cell` made as they are: openpyxl's own
    append first tries each one as a value (building an error message with the cell's repr)
    before it accepts it as a cell, which was a fifth of a large return's time."""

    def _values_to_row(self, values, row_idx):
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if not isinstance(value, Cell):
                value = WriteOnlyCell(self, value=value)
            value.column = col_idx
            value.row = row_idx
            yield value


def new_sheet(wb: Workbook, title: str) -> StreamSheet:
    """A streamed sheet in a write-only workbook (what `create_sheet` would make, faster to fill)."""
    ws = StreamSheet(parent=wb, title=safe_text(title)[:31])
    wb._add_sheet(ws)  # noqa: SLF001 - what create_sheet does for a write-only workbook
    return ws


def _typed(ws, value: Any, column: Column, style, sid: int):
    """The fast path of `cell`: a column's cell after its first, sharing that cell's style."""
    if value is None or value == "":
        return None
    kind = column.kind
    if kind in ("date", "datetime") and isinstance(value, (date, datetime)):
        data_type = "d"
    elif kind != "text" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        data_type = "n"
        if isinstance(value, Decimal):
            value = float(value)
    else:
        value = safe_text(value)  # text, never a formula
        data_type = "s"
    c = _TypedCell.__new__(_TypedCell)
    c.parent, c.row, c.column, c._hyperlink, c._comment = ws, 1, 1, None, None  # noqa: SLF001
    c._value, c.data_type, c._style, c._sid = value, data_type, style, sid  # noqa: SLF001
    return c


def cell(ws, value: Any, column: Column, styles: dict | None = None):
    """A write-only cell for `value`, typed by `column`; strings are forced to be text.

    With `styles` (a dict kept for one table), a column's cells after the first share the first
    one's style (never restyle such a cell) and an empty value gives None (an empty cell)."""
    if styles is not None:
        cached = styles.get(id(column))
        if cached is not None:
            return _typed(ws, value, column, *cached)
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
    c.number_format = column.number_format
    c.alignment = WRAP if column.wrap else TOP
    if styles is not None:
        # The column's first cell's style, kept with its id: setting number_format and alignment
        # on every cell of a 50,000-row register was most of the export's time.
        style = copy(c._style)  # noqa: SLF001
        styles[id(column)] = (style, ws.parent._cell_styles.add(style))  # noqa: SLF001
    return c


def write_sheet(wb: Workbook, sheet: Sheet, rows: Iterable[Sequence[Any]]) -> int:
    """Append the sheet, streaming `rows`; returns the number of data rows written."""
    ws = new_sheet(wb, sheet.title)
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
