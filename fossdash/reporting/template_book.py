"""The import template: an .xlsx made for one project and one importer.

- an "Instructions" sheet first (what to fill in, each column's rules);
- the data sheet: a styled header row that is locked (the sheet is protected without a password;
  the data cells are unlocked, so people type, sort and filter as usual), every column formatted as
  text, date or whole number, with an input message and a validation: a dropdown for a choice
  (from a hidden "Lists" sheet: the project's own agencies, staff groups, ...), a date between 1990
  and 2100, a whole number in range; an error alert when something else is typed.
"""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from fossdash.reporting.importing import Importer
from fossdash.returns.xlsx import HEADER_ALIGN, HEADER_BORDER, HEADER_FILL, HEADER_FONT, safe_text

ROWS = 1000  # rows with validation and unlocked cells
UNLOCKED = Protection(locked=False)


def _text(ws, row: int, col: int, value: str):
    c = ws.cell(row=row, column=col)
    c.value = None
    c._value = safe_text(value)  # noqa: SLF001 - text, never a formula
    c.data_type = "s"
    return c


def template_bytes(importer: Importer, project, on: date | None = None) -> bytes:
    on = on or date.today()
    columns = importer.columns(project)
    wb = Workbook()
    intro = wb.active
    intro.title = "Instructions"
    data = wb.create_sheet(importer.sheet_name)
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"

    intro.column_dimensions["A"].width = 28
    intro.column_dimensions["B"].width = 90
    lines = [
        (f"Import {importer.title.lower()}: {project.name}", ""),
        ("", ""),
        (f"Fill in one {importer.noun} a row on the sheet ‘{importer.sheet_name}’. Leave the header row as it is.", ""),
        ("Then upload the file on the project's Import records page. Every row is checked first: if any row "
         "has a problem you are told its row and column, and nothing is imported until the whole file is right.", ""),
        ("Importing the same rows again creates nothing new: rows already imported are skipped.", ""),
        (f"Template made {on.day} {on.strftime('%B %Y')} with this project's lists.", ""),
        ("", ""),
        ("Column", "What to enter"),
    ]
    for c in columns:
        rule = {"date": "A date, like 5/11/2026.", "int": "A whole number.",
                "choice": "Pick from the dropdown list.", "text": f"Text, up to {c.max_length:,} characters.",
                "scale": f"A number from {c.minimum} to {c.maximum}"
                         + (", or its label from the dropdown list." if c.choices else ".")}[c.kind]
        lines.append((c.header + (" (required)" if c.required else " (optional)"), f"{c.help} {rule}".strip()))
    lines += [("", "")] + [(line, "") for line in importer.instructions]
    for r, (a, b) in enumerate(lines, start=1):
        if a:
            _text(intro, r, 1, a)
        if b:
            _text(intro, r, 2, b).alignment = Alignment(wrap_text=True, vertical="top")
    intro["A1"].font = Font(bold=True, size=14)
    intro["A8"].font = intro["B8"].font = Font(bold=True)

    list_col = 0
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = c.width
        h = _text(data, 1, i, c.header)
        h.font, h.fill, h.alignment, h.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        fmt = {"date": "d mmm yyyy", "int": "0", "scale": "General"}.get(c.kind, "@")
        for r in range(2, ROWS + 2):
            cell = data.cell(row=r, column=i)
            cell.number_format = fmt
            cell.protection = UNLOCKED
        target = f"{letter}2:{letter}{ROWS + 1}"
        prompt = (c.help or c.header)[:255]
        if c.kind == "choice" or (c.kind == "scale" and c.choices):
            list_col += 1
            choices = c.choices(project) if c.choices else {}
            labels: list = list(choices)
            if c.kind == "scale":  # the numbers (as numbers, so a typed 4 passes), then the labels
                # One label for each value, the first given ("Neutral" is still read as 3, but the
                # list offers "Neither agree nor disagree" alone).
                first: dict = {}
                for label, value in choices.items():
                    first.setdefault(value, label)
                labels = list(range(c.minimum or 0, (c.maximum or 0) + 1)) + list(first.values())
            lists_letter = get_column_letter(list_col)
            _text(lists, 1, list_col, c.header)
            for r, label in enumerate(labels, start=2):
                if isinstance(label, int):
                    lists.cell(row=r, column=list_col, value=label)
                else:
                    _text(lists, r, list_col, label)
            last = max(len(labels) + 1, 2)
            dv = DataValidation(type="list", formula1=f"{quote_sheetname('Lists')}!${lists_letter}$2:${lists_letter}${last}",
                                allow_blank=not c.required)
            dv.error = (f"Pick {c.header.lower()} from the list" if c.kind == "choice"
                        else f"Enter a number from {c.minimum} to {c.maximum}, or pick its label from the list")
        elif c.kind == "date":
            dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)",
                                allow_blank=not c.required)
            dv.error = f"{c.header} must be a date, like 5/11/2026"
        elif c.kind in ("int", "scale"):
            lo = c.minimum if c.minimum is not None else -1_000_000_000
            hi = c.maximum if c.maximum is not None else 1_000_000_000
            dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi),
                                allow_blank=not c.required)
            dv.error = f"{c.header} must be a whole number"
        else:
            dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(c.max_length),
                                allow_blank=True)
            dv.error = f"{c.header} must be {c.max_length:,} characters or fewer"
        dv.errorTitle = "Not allowed here"
        dv.errorStyle = "stop"
        dv.showErrorMessage = True
        dv.promptTitle = c.header[:32]
        dv.prompt = prompt
        dv.showInputMessage = True
        dv.add(target)
        data.add_data_validation(dv)
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{ROWS + 1}"
    # The header row is locked; everything else may be typed, sorted and filtered.
    data.protection.sheet = True
    data.protection.formatCells = False
    data.protection.formatColumns = False
    data.protection.formatRows = False
    data.protection.insertRows = False
    data.protection.deleteRows = False
    data.protection.sort = False
    data.protection.autoFilter = False
    data.print_title_rows = "1:1"
    data.page_setup.orientation = "landscape"
    data.page_setup.fitToWidth = 1
    data.page_setup.fitToHeight = 0
    data.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 1
    wb.properties.title = safe_text(f"{importer.title} import template – {project.name}")[:255]
    wb.properties.creator = "fossdash"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
