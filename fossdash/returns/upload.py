"""Reading an uploaded Excel file safely: the mirror of returns/xlsx.py. No request here: the view
hands in the uploaded file (a FileStorage, any binary file object, or bytes).

    try:
        with read_workbook(form.file.data) as book:
            for values in book.rows("Concerns"):      # or book.rows() for the first sheet
                ...                                   # a tuple of plain values per row
    except UploadRefused as refused:
        form.file.errors.append(refused.message)      # "The file must be smaller than 5MB"

Everything is checked BEFORE any spreadsheet parsing, on the raw bytes and the zip directory:

1. size: at most `max_bytes` are read; one byte more and the file is refused; empty is refused;
2. it is a zip (starts "PK\\x03\\x04") whose directory reads, with no duplicate, absolute,
   drive-lettered, backslashed or ".." member names, no encrypted members, only stored or
   deflated members, at most `max_members`;
3. zip bomb: the members' declared total size is at most `max_uncompressed` and no member
   declares more than `max_ratio` times its compressed size (members under 1MB unpacked are
   let off the ratio: a small repetitive part is no bomb); then every member is decompressed,
   streamed in 64 KB chunks, counting the real bytes against the same limits (a lying directory
   is caught; Python's zipfile also stops at the declared size and checks the CRC);
4. while streaming, every XML part (.xml, .rels, .vml) is refused if it is not UTF-8 or if it
   holds "<!DOCTYPE" or "<!ENTITY" anywhere (case-insensitive, across chunk edges): an xlsx
   never needs a DTD, so entity tricks (billion laughs, external entities) are refused outright;
5. [Content_Types].xml (parsed with defusedxml) declares a spreadsheet workbook part, and it
   is in the zip.

Only then is the file opened with openpyxl (read_only=True, data_only=True, keep_links=False).
openpyxl uses defusedxml for its streamed parsing when it is installed (openpyxl.xml.DEFUSEDXML,
checked at every call) and lxml with resolve_entities=False for the rest; step 4 means neither
ever sees a DTD. Rows are capped at `max_rows` and columns at `max_cols` as they stream.

Every failure is an `UploadRefused` with a message fit to show the user (GOV.UK error-message
style) and a short `reason` for logs and tests; nothing from zipfile, openpyxl or the XML
parsers escapes.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Iterator

MB = 1024 * 1024
CHUNK = 64 * 1024

MAX_BYTES = 5 * MB
MAX_UNCOMPRESSED = 100 * MB
MAX_RATIO = 200  # real sheets compress 5-30x; repetitive ones up to ~120x; deflate's limit is ~1,030x
RATIO_FLOOR = 1 * MB  # a member unpacking to less than this is not a bomb, whatever its ratio
MAX_ROWS = 50_000
MAX_COLS = 200
MAX_MEMBERS = 1_000

XML_SUFFIXES = (".xml", ".rels", ".vml")
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
}
CONTENT_TYPES = "[Content_Types].xml"
FORBIDDEN = (b"<!doctype", b"<!entity")
OVERLAP = max(len(f) for f in FORBIDDEN) - 1
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"
DRIVE = re.compile(r"^[A-Za-z]:")

NOT_XLSX = "The selected file must be an Excel file (.xlsx)"
DAMAGED = "The file could not be read: it may be damaged"


class UploadRefused(Exception):
    """An upload that will not be read. `message` is for the user; `reason` for logs and tests."""

    def __init__(self, message: str, reason: str = "refused"):
        super().__init__(message)
        self.message = message
        self.reason = reason


def _size(n: int) -> str:
    return f"{n / MB:g}MB" if n >= MB else f"{n / 1024:g}KB"


# --- before parsing --------------------------------------------------------------------------------

def _read_bytes(source: Any, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of the upload (never the whole of a huge one)."""
    too_big = UploadRefused(f"The file must be smaller than {_size(max_bytes)}", "too_big")
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise too_big
    else:
        reader = getattr(source, "read", None)
        if reader is None:
            raise UploadRefused("Select a file", "no_file")
        try:
            data = reader(max_bytes + 1)
        except Exception as exc:  # a broken upload stream
            raise UploadRefused(DAMAGED, "unreadable") from exc
        if isinstance(data, str):
            raise UploadRefused(NOT_XLSX, "not_xlsx")
        data = bytes(data or b"")
        if len(data) > max_bytes:
            raise too_big
    if not data:
        raise UploadRefused("The selected file is empty", "empty")
    return data


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


def _check_directory(zf: zipfile.ZipFile, max_uncompressed: int, max_ratio: float, max_members: int):
    infos = zf.infolist()
    if len(infos) > max_members:
        raise UploadRefused(DAMAGED, "too_many_members")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name) or _unsafe_name(getattr(info, "orig_filename", name) or name):
            raise UploadRefused(DAMAGED, "unsafe_name")
        if name.lower() in seen:
            raise UploadRefused(DAMAGED, "duplicate_name")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise UploadRefused("The file must not be password protected", "encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UploadRefused(DAMAGED, "compression")
        total += info.file_size
        if total > max_uncompressed:
            raise UploadRefused(f"The file must be smaller than {_size(max_uncompressed)} when unzipped", "zip_bomb")
        if info.file_size > max(max_ratio * info.compress_size, RATIO_FLOOR):
            raise UploadRefused(DAMAGED, "zip_bomb")
    return infos


def _scan_members(zf: zipfile.ZipFile, infos, max_uncompressed: int, max_ratio: float) -> None:
    """Decompress every member as a stream: count the real bytes; refuse DTDs in XML parts."""
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        xml = info.filename.lower().endswith(XML_SUFFIXES)
        limit = max(max_ratio * info.compress_size, RATIO_FLOOR)
        written = 0
        tail = b""
        with zf.open(info) as member:
            while True:
                chunk = member.read(CHUNK)
                if not chunk:
                    break
                if written == 0 and xml:
                    _check_encoding(chunk)
                written += len(chunk)
                total += len(chunk)
                if written > limit or total > max_uncompressed:
                    raise UploadRefused(DAMAGED, "zip_bomb")
                if xml:
                    window = tail + chunk
                    # Both forbidden words start "<!", which has no case: a chunk without it (the
                    # usual, a sheet's cells) needs no lower-cased copy and no second search. "!"
                    # first: a sheet has a "<" every few bytes but seldom a "!", so the usual chunk
                    # is passed over at memchr's speed (a 100,000-row sheet: 125 ms to 70 ms).
                    if b"!" in window and b"<!" in window and any(f in window.lower() for f in FORBIDDEN):
                        raise UploadRefused("The file could not be read: it contains XML that is not allowed",
                                            "xml_entities")
                    tail = window[-OVERLAP:]


def _check_encoding(first: bytes) -> None:
    """XML parts must be UTF-8 (as every spreadsheet program writes them): a UTF-16 or UTF-32
    part would hide "<!DOCTYPE" from the byte scan."""
    head = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        raise UploadRefused(DAMAGED, "xml_encoding")
    if head.lstrip()[:1] not in (b"<", b""):
        raise UploadRefused(DAMAGED, "not_xml")


def _check_content_types(zf: zipfile.ZipFile, names: set[str]) -> None:
    from defusedxml import ElementTree

    if CONTENT_TYPES not in names:
        raise UploadRefused(NOT_XLSX, "not_xlsx")
    try:
        root = ElementTree.fromstring(zf.read(CONTENT_TYPES), forbid_dtd=True)
    except Exception as exc:
        raise UploadRefused(DAMAGED, "content_types") from exc
    parts = [el.get("PartName", "") for el in root if el.tag.endswith("Override")
             and el.get("ContentType") in WORKBOOK_TYPES]
    if not any(p.lstrip("/") in names for p in parts):
        raise UploadRefused(NOT_XLSX, "not_xlsx")


def check(data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_ratio: float = MAX_RATIO,
          max_members: int = MAX_MEMBERS) -> None:
    """Every check before parsing (steps 2-5 above) on the bytes of an upload."""
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(NOT_XLSX, "ole")  # an old .xls, or an xlsx with a password
    if not data.startswith(ZIP_MAGIC):
        raise UploadRefused(NOT_XLSX, "not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = _check_directory(zf, max_uncompressed, max_ratio, max_members)
            _scan_members(zf, infos, max_uncompressed, max_ratio)
            _check_content_types(zf, {i.filename for i in infos})
    except UploadRefused:
        raise
    except Exception as exc:  # BadZipFile, CRC errors, truncated data, zlib.error, ...
        raise UploadRefused(DAMAGED, "bad_zip") from exc


# --- parsing ----------------------------------------------------------------------------------------

@dataclass
class Limits:
    max_rows: int
    max_cols: int


class UploadedWorkbook:
    """An upload that passed the checks, open read-only: sheet names, and rows as plain values.

    rows(name=None) yields one tuple per row of the sheet (the first sheet if no name), from row 1,
    trailing empty cells dropped (an empty row is ()), so row numbers match what the user sees;
    empty rows past max_rows are not yielded.
    Values are str, int, float, bool, datetime (dates come as datetimes at midnight), time or None;
    formulas come as their cached results (data_only), never the formula.
    """

    def __init__(self, wb, limits: Limits):
        self._wb = wb
        self._limits = limits
        self.sheet_names: list[str] = list(wb.sheetnames)

    def __enter__(self) -> UploadedWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __contains__(self, name: str) -> bool:
        return name in self.sheet_names

    def __getitem__(self, name: str) -> Iterator[tuple]:
        return self.rows(name)

    def close(self) -> None:
        try:
            self._wb.close()
        except Exception:  # pragma: no cover - closing a BytesIO-backed zip
            pass

    def rows(self, name: str | None = None) -> Iterator[tuple]:
        if not self.sheet_names:
            raise UploadRefused("The file must have at least one sheet", "no_sheets")
        name = self.sheet_names[0] if name is None else name
        if name not in self.sheet_names:
            raise UploadRefused(f"The file must have a sheet called ‘{name}’", "no_such_sheet")
        return self._rows(name)

    def _rows(self, name: str) -> Iterator[tuple]:
        max_rows, max_cols = self._limits.max_rows, self._limits.max_cols
        try:
            ws = self._wb[name]
            if not hasattr(ws, "iter_rows"):  # a chartsheet: no cells
                return
            # A sheet's <dimension> may be wrong, and openpyxl would stop at its last row: forget
            # it, so every row is read; each row then ends at its own last cell.
            ws.reset_dimensions()
            count = 0
            for values in ws.iter_rows(values_only=True):
                count += 1
                if len(values) > max_cols:
                    extra = values[max_cols:]
                    if extra.count(None) != len(extra):  # C speed, even for a cell at column XFD
                        raise UploadRefused(f"The sheet ‘{name}’ must have no more than {max_cols:,} columns",
                                            "too_many_cols")
                    values = values[:max_cols]
                end = len(values)
                while end and values[end - 1] is None:
                    end -= 1
                if count > max_rows and (end or count > 2 * max_rows):
                    # Empty (formatted) rows past the limit are skipped, but only so many: a row
                    # numbered 999,999,999 would otherwise have openpyxl yield every row before it.
                    raise UploadRefused(f"The sheet ‘{name}’ must have no more than {max_rows:,} rows",
                                        "too_many_rows")
                if count <= max_rows:
                    yield tuple(values[:end])
        except UploadRefused:
            raise
        except Exception as exc:  # whatever openpyxl or the XML parser raises on a damaged sheet
            raise UploadRefused(DAMAGED, "bad_sheet") from exc


def read_workbook(source: IO[bytes] | bytes, *, max_bytes: int = MAX_BYTES, max_uncompressed: int = MAX_UNCOMPRESSED,
                  max_ratio: float = MAX_RATIO, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS,
                  max_members: int = MAX_MEMBERS) -> UploadedWorkbook:
    """Check the upload (see the module's docstring), then open it read-only. Raises UploadRefused."""
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:  # a deployment fault, not the user's: loud, never a refusal
        raise RuntimeError("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False) to read uploads")
    data = _read_bytes(source, max_bytes)
    check(data, max_uncompressed=max_uncompressed, max_ratio=max_ratio, max_members=max_members)
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False,
                           keep_vba=False, rich_text=False)
    except Exception as exc:  # InvalidFileException, KeyError for a missing part, XML errors, ...
        raise UploadRefused(DAMAGED, "bad_workbook") from exc
    return UploadedWorkbook(wb, Limits(max_rows, max_cols))
