"""Reading an uploaded file's rows (xlsx by python-calamine, or openpyxl without it; CSV), after
the upload safety checks (fossdash/returns/upload.py). Part of the import mechanism
(fossdash/reporting/importing.py)."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING


from fossdash.reporting.import_cells import _gc_paused
from fossdash.returns.upload import ZIP_MAGIC, UploadRefused, read_workbook

if TYPE_CHECKING:
    from fossdash.reporting.importing import Importer

MAX_IMPORT_ROWS = 100_000
NOT_READABLE = "The selected file must be an Excel file (.xlsx) or a CSV file"
# Files that are neither: a PDF, an image, a Word or old Excel file renamed .xlsx or .csv.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"{\\rtf", b"<?xml", b"<html", b"<!DOCTYPE", b"<!doctype")


def file_type(data: bytes) -> str:
    return "xlsx" if data.startswith(ZIP_MAGIC) else "csv"


def read_rows(data: bytes, importer: Importer, max_bytes: int) -> list:
    """Every row of the upload (header first) as a sequence (tuple or list) of plain values, an
    empty cell None or ""; UploadRefused if the file is not a readable, safe .xlsx or CSV."""
    if data.startswith(ZIP_MAGIC) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if calamine() is not None:
            return _calamine_rows(data, importer, max_bytes)
        with read_workbook(data, max_bytes=max_bytes, max_rows=MAX_IMPORT_ROWS + 1) as book:
            name = importer.sheet_name if importer.sheet_name in book else None
            if name is None:
                # The template's data sheet, or else the first sheet that is not the instructions.
                name = next((n for n in book.sheet_names if n != "Instructions"), book.sheet_names[0])
            return list(book.rows(name))
    if b"\x00" in data[:4096] or data.lstrip()[:16].startswith(BINARY_MAGIC):
        raise UploadRefused(NOT_READABLE, "not_csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UploadRefused(NOT_READABLE, "not_csv") from exc
    if len(data) > max_bytes:
        raise UploadRefused("The selected file must be smaller", "too_big")
    try:
        rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise UploadRefused(NOT_READABLE, "bad_csv") from exc
    if len(rows) > MAX_IMPORT_ROWS + 1:
        raise UploadRefused(f"The file must have no more than {MAX_IMPORT_ROWS:,} rows", "too_many_rows")
    return rows


def calamine():
    """python-calamine's workbook class, if it is installed (it reads an .xlsx many times faster
    than openpyxl: see `flask bench --only "survey import"`); else None, and openpyxl reads."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return CalamineWorkbook


def _calamine_rows(data: bytes, importer: Importer, max_bytes: int) -> list:
    """The data sheet's rows read by calamine, AFTER the same checks as every upload (size, zip
    directory, zip bomb, no DTD or entity in any XML part, a workbook part): returns/upload.py.
    Rows are numbered as the sheet's (the first row is row 1 even if empty, the first column is
    column A); an empty cell is "" (as in a CSV: the checks take "" and None alike), so the rows
    are calamine's own lists, with no second pass over every cell."""
    from fossdash.returns import upload

    if len(data) > max_bytes:
        raise UploadRefused(f"The file must be smaller than {upload._size(max_bytes)}", "too_big")  # noqa: SLF001
    upload.check(data, max_uncompressed=upload.MAX_UNCOMPRESSED, max_ratio=upload.MAX_RATIO,
                 max_members=upload.MAX_MEMBERS)
    try:
        book = calamine().from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise UploadRefused("The file must have at least one sheet", "no_sheets")
        name = importer.sheet_name if importer.sheet_name in names else next(
            (n for n in names if n != "Instructions"), names[0])
        sheet = book.get_sheet_by_name(name)
        if sheet.start is None:
            return []
        _first_row, first_col = sheet.start
        last_row, _last_col = sheet.end
        if last_row + 1 > MAX_IMPORT_ROWS + 1:
            raise UploadRefused(f"The sheet ‘{name}’ must have no more than {MAX_IMPORT_ROWS + 1:,} rows",
                                "too_many_rows")
        if first_col + sheet.width > upload.MAX_COLS:
            raise UploadRefused(f"The sheet ‘{name}’ must have no more than {upload.MAX_COLS:,} columns",
                                "too_many_cols")
        # From A1 (the empty rows and columns before the first used cell included), one list per row:
        # a million small objects, made with the cycle collector paused (see _gc_paused).
        with _gc_paused():
            return sheet.to_python(skip_empty_area=False)
    except UploadRefused:
        raise
    except Exception as exc:  # whatever calamine raises on a damaged part
        raise UploadRefused(upload.DAMAGED, "bad_sheet") from exc
