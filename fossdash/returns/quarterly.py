"""The quarterly return: one workbook per project and quarter, a sheet per domain.

How a domain adds its sheet(s)
------------------------------
Declare the hook in the domain's DOMAIN (fossdash/domains.py):

    DOMAIN = Domain(name="training", ..., return_sheets="fossdash.training.quarterly:sheets")

and write `sheets(ctx: ReturnContext) -> list[ReturnSheet]` in that module. It may query the
database through `ctx.session`; it must decide what the reader may see with `ctx.can(permission)`
(the reader's permissions on this project, as the pages decide them) and suppress small counts
by agency or staff group with `ctx.k`, exactly as the domain's pages do. It returns:

    ReturnSheet(
        title="Training",                                   # the tab (at most 31 characters)
        intro=["Coverage per staff group at 31 December 2026."],
        tables=[Table("Coverage per staff group",
                      [Column("Staff group", "text", 30), Column("Trained", "int"),
                       Column("Coverage", "percent")],
                      rows,                                  # any iterable of tuples, read once
                      chart=Chart("bar", "Coverage per staff group", series=[2], y_title="Share"))],
        illustrative=["Training figures are illustrative."],  # listed on the cover
    )

or `[ReturnSheet.nothing("Training", "No training plans are recorded for this project.")]`, or
`[]` (then the return still has a "Training" sheet saying it has no records). A sheet never
writes a user's string as a formula: every text cell goes through fossdash.returns.xlsx.cell.

`Chart` draws a native Excel chart from the table's own cells: categories from column
`category` (default the first), one series per column index in `series`; the chart is placed to
the right of its table. Tables follow each other down the sheet, each with a heading row, a
styled header row and its rows; the first table's header row is frozen, repeated on every printed
page and carries the filter unless another table says `filter=True`.

The writer (`write_return`) streams (openpyxl write-only), so a 1,000,000-cell return costs
about what bare openpyxl costs (see `flask bench --only return`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fossdash.returns.periods import ReturnQuarter
from fossdash.returns.xlsx import (DEFAULT_WIDTHS, HEADER_ALIGN, HEADER_BORDER, HEADER_FILL, HEADER_FONT, Column,
                                   _discard, cell, new_sheet, safe_text)

TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True, size=12)
NOTE_COLUMN = Column("", "text")
NOT_SHOWN = "Not shown"


@dataclass
class ReturnContext:
    """What every sheet builder is handed: the project, the quarter, who is preparing the return
    and what they may see, and the database session to read from."""

    project: Any
    quarter: ReturnQuarter
    prepared_by: str
    prepared_on: date
    can: Callable[[str], bool]  # can("see_raiser") -> the reader's permission on this project
    session: Any
    k: int = 5  # the project's anonymity threshold

    @property
    def as_at(self) -> date:
        """The date the figures are taken at: the quarter's last day, or today if earlier."""
        return min(self.quarter.last_day, self.prepared_on)


@dataclass
class Chart:
    kind: str  # "bar" (columns), "barh" (horizontal bars), "line"
    title: str
    series: list[int]  # indices of the table's columns, one series each
    category: int = 0
    y_title: str = ""
    x_title: str = ""
    stacked: bool = False
    percent: bool = False  # the y axis as a percentage


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    chart: Chart | None = None
    note: str = ""
    filter: bool = False
    # Filled in by the writer: where the table landed (1-based rows): header row, first and last
    # data rows (last < first when there were none).
    header_row: int = 0
    first_row: int = 0
    last_row: int = 0


@dataclass
class ReturnSheet:
    title: str
    intro: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)
    empty: str | None = None  # said instead of tables when the domain has no records

    @classmethod
    def nothing(cls, title: str, message: str) -> ReturnSheet:
        return cls(title, empty=message)


SheetBuilder = Callable[[ReturnContext], list[ReturnSheet]]


def domain_sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    """Every domain's sheets, in domain order; a domain that gives none gets a sheet saying so."""
    from fossdash import domains

    out: list[ReturnSheet] = []
    for domain in domains.discover():
        if not domain.return_sheets:
            continue
        built = domains.resolve(domain.return_sheets)(ctx)
        if not built:
            name = domain.name.replace("_", " ").capitalize()
            built = [ReturnSheet.nothing(name, f"No {domain.name.replace('_', ' ')} records for this project.")]
        out.extend(built)
    return out


def build(ctx: ReturnContext) -> list[ReturnSheet]:
    """The whole return: the cover, then every domain's sheets."""
    from fossdash.returns.cover import cover

    sheets = domain_sheets(ctx)
    return [cover(ctx, sheets), *sheets]


# --- writing ------------------------------------------------------------------------------------

def _title_cell(ws, text: str, font: Font):
    c = cell(ws, text, NOTE_COLUMN)
    c.font = font
    return c


def _header_cells(ws, columns: list[Column]) -> list:
    out = []
    for col in columns:
        h = cell(ws, col.header, NOTE_COLUMN)
        h.font, h.fill, h.alignment, h.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        out.append(h)
    return out


def _chart(ws, sheet_title: str, table: Table, anchor_col: int) -> None:
    spec = table.chart
    if spec is None or table.last_row < table.first_row:
        return
    chart: BarChart | LineChart
    if spec.kind == "line":
        chart = LineChart()
    else:
        chart = BarChart()
        chart.type = "bar" if spec.kind == "barh" else "col"
        if spec.stacked:
            chart.grouping = "stacked"
            chart.overlap = 100
    chart.title = spec.title
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.title = spec.x_title or None
    chart.height, chart.width = 9, 18
    # Excel hides axes unless told (openpyxl 3.1 writes delete="1" by default).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"  # category labels below the plot, even when figures go below zero
    if spec.percent:
        chart.y_axis.number_format = "0%"
        chart.y_axis.majorGridlines = chart.y_axis.majorGridlines
    for index in spec.series:
        ref = Reference(ws, min_col=index + 1, min_row=table.header_row, max_row=table.last_row)
        chart.add_data(ref, titles_from_data=True)
    if spec.kind == "line":
        for i, series in enumerate(chart.series):
            # Straight lines between the figures (openpyxl smooths them by default, which draws a
            # curve dipping below zero between two figures that do not), with a marker on each.
            series.smooth = False
            series.marker.symbol = ("circle", "square", "diamond", "triangle")[i % 4]
    cats = Reference(ws, min_col=spec.category + 1, min_row=table.first_row, max_row=table.last_row)
    chart.set_categories(cats)
    ws.add_chart(chart, f"{get_column_letter(anchor_col)}{table.header_row}")


LINE_HEIGHT = 15  # points per line of wrapped text


def _lines(value: Any, width: int) -> int:
    """About how many lines a wrapped text cell needs in a column `width` characters wide."""
    if not isinstance(value, str) or len(value) < width:
        return 1
    per_line = max(width - 2, 1)
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def write_sheet(wb: Workbook, sheet: ReturnSheet) -> int:
    """Append one sheet, streaming each table's rows; returns the number of data rows written."""
    ws = new_sheet(wb, sheet.title)
    widest = max((len(t.columns) for t in sheet.tables), default=1)
    widths: dict[int, int] = {}
    for t in sheet.tables:
        for i, col in enumerate(t.columns, start=1):
            widths[i] = max(widths.get(i, 0), col.width or DEFAULT_WIDTHS[col.kind])
    for i in range(1, widest + 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(i, 60 if i == 1 else 12)
    if not sheet.tables:
        ws.column_dimensions["A"].width = 100
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddHeader.left.text = safe_text(sheet.title)[:60].replace("&", "&&")

    # Where the first table's header lands must be known before anything is streamed: after the
    # title, the intro lines, a blank row and the table's heading.
    first_header = len(sheet.intro) + 4 if sheet.tables else None
    filtered = next((t for t in sheet.tables if t.filter), sheet.tables[0] if sheet.tables else None)
    if first_header:
        ws.freeze_panes = f"A{first_header + 1}"
        ws.print_title_rows = f"{first_header}:{first_header}"

    ws.append([_title_cell(ws, sheet.title, TITLE_FONT)])
    for line in sheet.intro:
        ws.append([cell(ws, line, NOTE_COLUMN)])
    ws.append([])
    current = 1 + len(sheet.intro) + 1
    if sheet.empty:
        ws.append([_title_cell(ws, sheet.empty, HEADING_FONT)])
        current += 1
    total = 0
    for t in sheet.tables:
        ws.append([_title_cell(ws, t.title, HEADING_FONT)])
        ws.append(_header_cells(ws, t.columns))
        t.header_row = current + 2
        current += 2
        styles: dict[int, Any] = {}
        columns = t.columns
        wrapped = [(i, c.width or DEFAULT_WIDTHS[c.kind]) for i, c in enumerate(columns) if c.wrap]
        n = 0
        for values in t.rows:
            if wrapped:
                # A streamed row cannot be measured afterwards: give a row whose wrapped text runs
                # to several lines its height now, so no spreadsheet draws the lines over the next row.
                lines = max(_lines(values[i] if i < len(values) else None, width) for i, width in wrapped)
                if lines > 1:
                    ws.row_dimensions[t.header_row + 1 + n].height = LINE_HEIGHT * min(lines, 27)
            ws.append([cell(ws, v, c, styles) for v, c in zip(values, columns)])
            n += 1
        t.first_row, t.last_row = t.header_row + 1, t.header_row + n
        current += n
        total += n
        if not n:
            ws.append([cell(ws, "None in this period.", NOTE_COLUMN)])
            current += 1
        if t.note:
            ws.append([cell(ws, t.note, NOTE_COLUMN)])
            current += 1
        ws.append([])
        current += 1
        if t.chart is not None:
            _chart(ws, sheet.title, t, len(t.columns) + 2)
            # Leave room below a short table for its chart (about 18 rows high).
            pad = max(0, 18 - (n + 3))
            for _ in range(pad):
                ws.append([])
            current += pad
    if filtered is not None:
        last = max(filtered.last_row, filtered.header_row + 1)
        ws.auto_filter.ref = f"A{filtered.header_row}:{get_column_letter(len(filtered.columns))}{last}"
    return total


def write_return(stream: IO[bytes] | str, sheets: list[ReturnSheet], properties: dict | None = None) -> list[int]:
    """Write every sheet and save to `stream`; returns each sheet's number of data rows."""
    wb = Workbook(write_only=True)
    props = properties or {}
    wb.properties.title = safe_text(props.get("title", ""))[:255] or None
    wb.properties.subject = safe_text(props.get("subject", ""))[:255] or None
    wb.properties.creator = safe_text(props.get("creator", "fossdash"))[:255]
    wb.properties.lastModifiedBy = wb.properties.creator
    wb.properties.keywords = safe_text(props.get("keywords", ""))[:255] or None
    wb.properties.description = safe_text(props.get("description", ""))[:255] or None
    wb.properties.category = "Quarterly return"
    if props.get("created") is not None:
        wb.properties.created = props["created"]
        wb.properties.modified = props["created"]
    try:
        counts = [write_sheet(wb, s) for s in sheets]
    except BaseException:
        _discard(wb)
        raise
    wb.save(stream)
    return counts


def return_bytes(ctx: ReturnContext, sheets: list[ReturnSheet] | None = None) -> bytes:
    """The return as bytes (what a submission keeps)."""
    import io
    from datetime import datetime, time, timezone

    sheets = sheets if sheets is not None else build(ctx)
    buf = io.BytesIO()
    write_return(buf, sheets, properties(ctx, datetime.combine(ctx.prepared_on, time(), tzinfo=timezone.utc)))
    return buf.getvalue()


def properties(ctx: ReturnContext, created=None) -> dict:
    return {
        "title": f"Quarterly return {ctx.quarter.label} – {ctx.project.name}",
        "subject": f"{ctx.project.name}: {ctx.quarter.long_label}",
        "creator": ctx.prepared_by,
        "keywords": f"fossdash; quarterly return; {ctx.quarter.label}",
        "description": f"Prepared {ctx.prepared_on.isoformat()} with fossdash.",
        "created": created,
    }


def shown(value: int | None) -> int | str:
    """A suppressed figure (None) as the words the pages use."""
    return NOT_SHOWN if value is None else value
