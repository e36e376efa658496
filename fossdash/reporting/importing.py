"""Imports from a spreadsheet: a template made for the project, then upload → every row validated →
errors (row, column, message; nothing written) or a preview → confirm → every row in one
transaction. A row already imported (the same values, by a content hash) is never created again.

How a domain adds an importer
-----------------------------
Write `fossdash/<domain>/importer.py` with `IMPORTER = Importer(...)`; it is found through the
domain registry (no central list):

    IMPORTER = Importer(
        kind="training_attendance",            # in URLs and the import log
        title="Training attendance",           # "Import training attendance"
        noun="attendance record",
        columns=lambda project: [              # the template's columns, in order
            ImportColumn("session", "Session", "choice", required=True,
                         choices=lambda p: {s.title: s.id for s in sessions(p)}),   # label -> value
            ImportColumn("attended_on", "Date attended", "date", required=True),
            ImportColumn("people", "People attending", "int", required=True, minimum=0),
            ImportColumn("notes", "Notes", "text", max_length=2000),
        ],
        check=lambda project, values: [],      # more rules across columns: [(key, message)]
        create=lambda project, values: TrainingAttendance(project_id=project.id, **values),
    )

`values` is {key: cleaned value} (a choice's value, a date, an int, a stripped str or None).
A "scale" column takes a whole number in [minimum, maximum] or one of its choices' labels
("Strongly agree" -> 5). More, all optional: `unique` (rows of one file with the same key are
refused), `repeats` (identical rows are distinct records, counted by occurrence), `anonymous`
(no record id kept beside a row's hash; the preview rows are dropped once imported; rows are
written in the order of their hashes, never the file's), `create_many` (many rows at once, e.g.
with `insert_rows`), `check_uses` (the keys whose values check() reads: rows alike in those, and
in which other values are empty, are checked once), `done_link` (where the done page points).

Headers are matched by their text (case, punctuation and a leading "Q1." ignored); when one is
only close, or a required one is missing, the upload goes to a mapping step ("Which column is
which?") where a person picks the file's column, or a choice for every row. A file larger than
CHECK_IN_JOB_BYTES is read and checked by a background job; more than JOB_ROWS rows are imported
by one. Every uploaded file is deleted once imported or refused.
`create` returns a new model object (not added, not committed): the mechanism adds it, audits it
(the audit log records every row created), records the row's hash and commits all rows or none.
Text is stored as typed: "=HYPERLINK(…)" stays those characters, and every export writes it back
as text (returns/xlsx.py).

Speed (`flask bench --only "survey import"`: 100,000 rows): the rows are checked a column at a time,
each distinct value of a column cleaned once (see "many rows at once" below; a row with a problem,
or perhaps empty, is taken alone by the plain per-row code, so the messages are the same), hashed
in bulk, looked up in two statements, and written with one executemany per chunk (COPY in
PostgreSQL), Python's cycle collector paused meanwhile.
"""
from __future__ import annotations

import csv
import difflib
import gc
import hashlib
import json
import importlib
import importlib.util
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from itertools import compress, repeat, zip_longest
from operator import add, is_, is_not, itemgetter
from typing import Any, Callable

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.returns.upload import ZIP_MAGIC, UploadRefused, read_workbook

MAX_TEXT = 5000
PREVIEW_ROWS = 20
JOB_ROWS = 2000  # more rows than this are imported by a background job, with progress
MAX_ERRORS = 100  # the error summary lists this many, then says how many more
MAX_IMPORT_ROWS = 100_000
NOT_READABLE = "The selected file must be an Excel file (.xlsx) or a CSV file"
# Files that are neither: a PDF, an image, a Word or old Excel file renamed .xlsx or .csv.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"{\\rtf", b"<?xml", b"<html", b"<!DOCTYPE", b"<!doctype")
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})


@dataclass
class ImportColumn:
    key: str
    header: str
    kind: str = "text"  # text, choice, date, int, scale (a whole number in range, or one of the choices' labels)
    required: bool = False
    help: str = ""
    max_length: int = MAX_TEXT
    minimum: int | None = None
    maximum: int | None = None
    choices: Callable[[Any], dict[str, Any]] | None = None  # project -> {label: value}
    width: int = 20


@dataclass
class Importer:
    kind: str
    title: str
    noun: str
    columns: Callable[[Any], list[ImportColumn]]
    create: Callable[[Any, dict], Any]
    check: Callable[[Any, dict], list[tuple[str, str]]] = lambda project, values: []
    sheet: str = ""  # the data sheet's name in the template (default: title)
    instructions: list[str] = field(default_factory=list)
    # Rows of one file with the same unique(values) are refused (the second names the first):
    # (column key the error is shown against, message start) in unique_error.
    unique: Callable[[dict], Any] | None = None
    unique_error: tuple[str, str] = ("", "The same record as")
    # Identical rows are distinct records (two staff giving the same answers): each is counted by
    # its occurrence in the file, so re-importing the file still creates nothing new.
    repeats: bool = False
    # Anonymous records (survey answers): no record id is kept beside the row's hash, and the
    # uploaded file and its preview are deleted once imported.
    anonymous: bool = False
    # Optional: make the records of many rows at once, faster than create() row by row:
    # create_many(project, [values, ...]) -> number created (it adds them to the session itself).
    create_many: Callable[[Any, list[dict]], int] | None = None
    # Optional, for speed: the keys whose values check() reads; of every other key it reads only
    # whether the value is empty (None). Rows alike in those are then checked once, not each.
    check_uses: tuple[str, ...] | None = None
    # Where the done page links to: (endpoint taking project_id, link text).
    done_link: tuple[str, str] | None = None

    @property
    def sheet_name(self) -> str:
        return (self.sheet or self.title)[:31]

    @property
    def plural(self) -> str:
        return self.noun + "s"


def importers() -> dict[str, Importer]:
    """Every domain's importer, found as fossdash.<domain>.importer:IMPORTER."""
    from fossdash import domains

    out: dict[str, Importer] = {}
    for domain in domains.discover():
        name = f"fossdash.{domain.name}.importer"
        if importlib.util.find_spec(name) is None:
            continue
        found = getattr(importlib.import_module(name), "IMPORTER", None)
        if isinstance(found, Importer):
            out[found.kind] = found
    return out


# --- reading an upload ----------------------------------------------------------------------------

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
        # From A1 (the empty rows and columns before the first used cell included), one list per row.
        return sheet.to_python(skip_empty_area=False)
    except UploadRefused:
        raise
    except Exception as exc:  # whatever calamine raises on a damaged part
        raise UploadRefused(upload.DAMAGED, "bad_sheet") from exc


# --- checking rows -----------------------------------------------------------------------------------

@dataclass
class RowError:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    column: str
    message: str


@dataclass
class Checked:
    rows: list[tuple[int, dict]]  # (spreadsheet row, clean values)
    errors: list[RowError]
    missing_headers: list[str]
    hashes: list[str]
    # How the file's columns were read: {column key: "c:<index>" (a column of the file),
    # "v:<label>" (this choice for every row) or "" (not in the file)}; `unsure` lists the keys
    # whose column was a guess (its header is not the template's), so a person should look.
    mapping: dict[str, str] = field(default_factory=dict)
    unsure: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's header row, as text
    header_row: int = 0  # index in rows
    # Each row's identity as first released (see row_hash), for rows imported before the change;
    # empty for importers whose rows repeat.
    first_hashes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing_headers

    @property
    def needs_mapping(self) -> bool:
        """A header row was found, but a column was guessed or a required one is missing."""
        return bool(self.headers) and bool(self.unsure or self.missing_headers)


_TYPED = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def _norm(text: Any) -> str:
    """A label as compared: spacing, case, and typographic dashes and quotes as typed ones, so
    "One agency's staff" is "One agency’s staff"."""
    return " ".join(str(text or "").translate(_TYPED).split()).casefold()


_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.:)\-–]\s*|^q\d+\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]")


def header_key(text: Any) -> str:
    """A header as compared with the template's: case, spacing, punctuation and a leading
    question number ("Q1.", "3)") ignored."""
    words = _NUMBERING.sub("", " ".join(str(text or "").split()))
    return " ".join(_PUNCT.sub(" ", words).split()).casefold()


def match_headers(columns: list[ImportColumn], header: tuple) -> tuple[dict[str, str], list[str]]:
    """(mapping, unsure keys) of the template's columns onto one header row of a file: the same
    header (see header_key) is sure; otherwise the closest unclaimed header, if it is close
    enough, is a guess."""
    texts = {j: header_key(v) for j, v in enumerate(header) if v not in (None, "") and header_key(v)}
    mapping: dict[str, str] = {}
    taken: set[int] = set()
    for c in columns:
        key = header_key(c.header)
        j = next((j for j, t in texts.items() if t == key and j not in taken), None)
        if j is not None:
            mapping[c.key] = f"c:{j}"
            taken.add(j)
    unsure: list[str] = []
    for c in columns:
        if c.key in mapping:
            continue
        key = header_key(c.header)
        best, score = None, 0.0
        for j, t in texts.items():
            if j in taken:
                continue
            ratio = difflib.SequenceMatcher(None, key, t).ratio()
            if min(len(key), len(t)) >= 5 and (key in t or t in key):
                ratio = max(ratio, 0.8)  # "Agency" in "Agency name"
            if ratio > score:
                best, score = j, ratio
        if best is not None and score >= 0.7:
            mapping[c.key] = f"c:{best}"
            taken.add(best)
            unsure.append(c.key)
        else:
            mapping[c.key] = ""
    return mapping, unsure


def find_header(columns: list[ImportColumn], rows: list[tuple]) -> tuple[int, dict[str, str], list[str]] | None:
    """(row index, mapping, unsure) of the first of the first ten rows that has a template header
    (or, failing that, a close guess at one); None if there is none."""
    guessed = None
    for i, values in enumerate(rows[:10]):
        mapping, unsure = match_headers(columns, values)
        sure = [k for k, v in mapping.items() if v and k not in unsure]
        if sure:
            return i, mapping, unsure
        if guessed is None and any(mapping.values()):
            guessed = (i, mapping, unsure)
    return guessed


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    parts = text.replace("/", " ").replace("-", " ").replace(".", " ").split()
    if len(parts) == 3:
        d, m, y = parts
        try:
            month = int(m) if m.isdigit() else MONTHS.get(m.lower())
            if month is None:
                return None
            year = int(y)
            if year < 100:
                return None
            return date(year, month, int(d))
        except ValueError:
            return None
    return None


def normal_choices(choices: dict[str, Any]) -> dict[str, Any]:
    return {_norm(k): v for k, v in choices.items()}


def clean(column: ImportColumn, raw: Any, choices: dict[str, Any]) -> tuple[Any, str | None]:
    """(value, error message or None) for one cell; `choices` as normal_choices() makes them."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        return None, (f"Enter {column.header.lower()}" if column.required else None)
    if column.kind == "scale":
        if isinstance(raw, str) and _norm(raw) in choices:
            return choices[_norm(raw)], None
        try:
            number = float(raw) if not isinstance(raw, (int, float)) else raw
        except (TypeError, ValueError):
            number = None
        if (number is None or isinstance(number, bool) or number != number or int(number) != number
                or (column.minimum is not None and number < column.minimum)
                or (column.maximum is not None and number > column.maximum)):
            return None, (f"{column.header} must be a number from {column.minimum} to {column.maximum}"
                          + (" or a label like ‘Agree’" if choices else "") + f" ({str(raw)[:40]} is not)")
        return int(number), None
    if column.kind == "date":
        day = parse_date(raw)
        if day is None:
            return None, f"{column.header} must be a real date, like 5/11/2026"
        if not date(1990, 1, 1) <= day <= date(2100, 12, 31):
            return None, f"{column.header} must be between 1990 and 2100"
        return day, None
    if column.kind == "int":
        try:
            number = float(str(raw).replace(",", "").strip()) if not isinstance(raw, (int, float)) else raw
        except ValueError:
            return None, f"{column.header} must be a whole number"
        if isinstance(number, bool) or number != number or abs(number) > 10**9 or int(number) != number:
            return None, f"{column.header} must be a whole number"
        n = int(number)
        if column.minimum is not None and n < column.minimum:
            return None, f"{column.header} must be {column.minimum} or more"
        if column.maximum is not None and n > column.maximum:
            return None, f"{column.header} must be {column.maximum} or less"
        return n, None
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, (date, datetime)):
        text = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))  # 7 typed in a cell, read back as 7.0
    else:
        text = str(raw)
    text = text.strip()
    if column.kind == "choice":
        if _norm(text) not in choices:
            return None, f"{column.header} must be one of the list ({text[:80]} is not)"
        return choices[_norm(text)], None
    if len(text) > column.max_length:
        return None, f"{column.header} must be {column.max_length:,} characters or fewer"
    return text, None


def row_hash(kind: str, values: dict, keep_empty: bool = False) -> str:
    """The row's identity: its kind and its non-empty values (so a column added to an importer
    later, empty in old rows, does not make old rows new). `keep_empty` gives the identity as
    released first (empty values included), which rows imported then were stored under."""
    canonical = json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(values.items())
                            if keep_empty or v is not None},
                           sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()


# --- many rows at once ---------------------------------------------------------------------------------
# The checks, the row hashes and the inserts below work a column at a time: a survey tool's export
# holds the same few values again and again ("Agree", 4, an agency), so each distinct value of a
# column is cleaned (hashed, converted for the database) once, and the rest is looked up at C speed.
# Anything unusual about a row (a problem, an empty row) sends that row through the plain per-row
# code, so the messages and their order are exactly those of checking row by row.

BLOCK = 10_000  # rows checked at a time (the job's progress moves on after each)
_KEYED_BY_VALUE = (str, type(None), date, datetime)  # never equal to a value of another type


class _Memo(dict):
    """fn(key) for each distinct key, computed when first asked for."""

    def __init__(self, fn: Callable[[Any], Any]):
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        value = self[key] = self.fn(key)
        return value


class _TypedMemo(_Memo):
    """The same, keyed (type, value): True, 1 and 1.0 are equal keys but not the same cell."""

    def __missing__(self, key):
        value = self[key] = self.fn(key[1])
        return value


def _map_once(memos: dict, fn: Callable[[Any], Any], values: list) -> list:
    """[fn(v) for v in values], fn computed once per distinct value (memos: kept across calls)."""
    types = set(map(type, values))
    others = [t for t in types if t not in _KEYED_BY_VALUE]
    if len(others) <= 1:  # keyed by value: at most one type whose values could equal another's
        memo = memos.get(others[0] if others else None)
        if memo is None:
            memo = memos[others[0] if others else None] = _Memo(fn)
        return list(map(memo.__getitem__, values))
    memo = memos.get("typed")
    if memo is None:
        memo = memos["typed"] = _TypedMemo(fn)
    return list(map(memo.__getitem__, zip(map(type, values), values)))


@contextmanager
def _gc_paused():
    """Python's cycle collector paused while many rows are checked or written: the rows are
    thousands of small lists and dicts with no cycles, and each of its passes would walk them all
    (a third of the time of checking 100,000 rows). Restored afterwards, whatever happens."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _blank(values) -> bool:
    return not any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values)


_HASH = type(hashlib.sha256())


def row_hashes(kind: str, keys: list[str], rows: list[dict], keep_empty: bool = False,
               memos: dict | None = None, columns: list | None = None) -> list[str]:
    """[row_hash(kind, values, keep_empty) for values in rows] (`keys`: every row's keys), the same
    strings, built a column at a time: each distinct value's JSON once, the rest joined and hashed
    at C speed. `columns`: the rows' values a column at a time (in the order of keys), if at hand."""
    if not rows:
        return []
    memos = {} if memos is None else memos
    try:
        ordered = sorted(keys)
        if columns is not None:
            at = {key: column for key, column in zip(keys, columns)}
            columns = [at[key] for key in ordered]
        elif len(ordered) > 1:
            columns = list(zip(*map(itemgetter(*ordered), rows)))
        else:
            columns = [list(map(itemgetter(ordered[0]), rows))] if ordered else []
        parts = []
        for key, column in zip(ordered, columns):
            name = json.dumps(key, ensure_ascii=False) + ": "

            def fragment(v, name=name):  # '"key": value, ' ("" for an empty value, unless kept)
                if v is None:
                    return name + "null, " if keep_empty else ""
                return name + json.dumps(v.isoformat() if isinstance(v, date) else v, sort_keys=True,
                                         ensure_ascii=False, default=str) + ", "

            parts.append(_map_once(memos.setdefault((key, keep_empty), {}), fragment, column))
        if not parts:
            bodies: Any = repeat("", len(rows))
        else:  # the fragments joined, less the last one's ", "
            bodies = map(str.removesuffix, map("".join, zip(*parts)), repeat(", "))
        texts = map(add, map(add, repeat(f"{kind}\n{{"), bodies), repeat("}"))
        return list(map(_HASH.hexdigest, map(hashlib.sha256, map(str.encode, texts))))
    except (TypeError, KeyError):  # a value that cannot be a key (a list), or a row without a key
        return [row_hash(kind, values, keep_empty) for values in rows]


def check(importer: Importer, project, rows: list, progress: Callable[[int, int], None] | None = None,
          mapping: dict[str, str] | None = None) -> Checked:
    """Every row checked. `mapping` (see Checked.mapping) is how a person said the file's columns
    are read; without it they are matched by their header text."""
    with _gc_paused():
        return _check(importer, project, rows, progress, mapping)


def _check(importer: Importer, project, rows: list, progress: Callable[[int, int], None] | None,
           mapping: dict[str, str] | None) -> Checked:
    columns = importer.columns(project)
    choices = {c.key: normal_choices(c.choices(project) if c.choices else {}) for c in columns}
    found = find_header(columns, rows)
    if found is None:
        return Checked([], [], [c.header for c in columns if c.required], [])
    header_row, guessed, unsure = found
    if mapping is not None:
        unsure = []
        mapping = {c.key: mapping.get(c.key, "") for c in columns}
    else:
        mapping = guessed
    missing = [c.header for c in columns if c.required and not mapping.get(c.key)]
    headers = ["" if v is None else str(v)[:200] for v in rows[header_row]]
    out = Checked([], [], missing, [], mapping=mapping, unsure=unsure, headers=headers, header_row=header_row)
    if missing or unsure:
        return out
    # Per column: the file's column index, or a fixed value for every row.
    plan_cols: list[tuple[ImportColumn, int | None, Any]] = []
    for c in columns:
        spec = mapping.get(c.key, "")
        if spec.startswith("c:"):
            plan_cols.append((c, int(spec[2:]), None))
        elif spec.startswith("v:"):
            plan_cols.append((c, None, spec[2:]))
        else:
            plan_cols.append((c, None, None))
    keys = [c.key for c, _j, _fixed in plan_cols]
    by_key = {c.key: c.header for c in columns}
    cleaners = [partial(clean, c, choices=choices[c.key]) for c, _j, _fixed in plan_cols]
    memos: list[dict] = [{} for _ in plan_cols]
    fixed = [cleaners[k](v) if j is None else None for k, (_c, j, v) in enumerate(plan_cols)]
    failing = [False] * len(plan_cols)  # a column with a value that has a problem (somewhere)
    file_cols = [k for k, (_c, j, _v) in enumerate(plan_cols) if j is not None]
    check_memo: dict = {}
    uses = set(importer.check_uses or ())
    hash_memos: dict = {}
    state = {"seen_keys": {}, "occurrences": {}}

    bad_memos: list[dict] = [{} for _ in plan_cols]

    def cell_value(k: int, raw: Any) -> Any:
        value, message = cleaners[k](raw)
        if message:
            failing[k] = True
        return value

    def cell_bad(k: int, raw: Any) -> bool:
        return bool(cleaners[k](raw)[1])

    data = rows[header_row + 1:]
    total = len(data)
    for start in range(0, total, BLOCK):
        block = data[start:start + BLOCK]
        first = header_row + 2 + start  # the spreadsheet's number of the block's first row
        size = len(block)
        # The block's columns (a short row's missing cells None), in one pass.
        by_column = list(zip_longest(*block)) if file_cols else []
        value_cols: list[list] = []  # per column, the clean value of every row
        slow: set[int] = set()  # the rows to take one at a time (below)
        for k, (_c, j, _v) in enumerate(plan_cols):
            if j is None:
                value_cols.append([fixed[k][0]] * size)
                if fixed[k][1]:
                    slow.update(range(size))
                continue
            raws = by_column[j] if j < len(by_column) else (None,) * size
            value_cols.append(_map_once(memos[k], partial(cell_value, k), raws))
            if failing[k]:  # a cell of this column has a problem: which rows
                slow.update(compress(range(size), _map_once(bad_memos[k], partial(cell_bad, k), raws)))
        # ... and the rows with nothing from the file at all (an empty row, perhaps).
        if file_cols:
            nothing = (None,) * len(file_cols)
            from_file = zip(*(value_cols[k] for k in file_cols)) if len(file_cols) > 1 else (
                (v,) for v in value_cols[file_cols[0]])
            slow.update(compress(range(size), map(nothing.__eq__, from_file)))
        else:
            slow.update(range(size))
        dicts = list(map(dict, map(zip, repeat(keys), zip(*value_cols)))) if keys else [{} for _ in block]
        # The rows' own checks: once per kind of row when the importer says what its check reads.
        results_check: list = [None] * size
        if importer.check_uses is not None and len(slow) < size:
            sig_cols = [value_cols[k] if key in uses else list(map(is_not, value_cols[k], repeat(None)))
                        for k, key in enumerate(keys)]
            sigs = list(zip(*sig_cols)) if sig_cols else [()] * size
            results_check = list(map(check_memo.get, sigs))
            for i in compress(range(size), map(is_, results_check, repeat(None))):
                if i in slow:
                    continue
                found_check = check_memo.get(sigs[i])
                if found_check is None:
                    found_check = check_memo[sigs[i]] = list(importer.check(project, dicts[i]))
                results_check[i] = found_check
        kept_columns: list | None = None
        if not slow and importer.unique is None and importer.check_uses is not None and not any(results_check):
            kept, kept_columns = dicts, value_cols  # every row non-empty, clean and passing its checks
            out.rows.extend(zip(range(first, first + size), dicts))
        else:
            kept = []
            for i, clean_values in enumerate(dicts):
                n = first + i
                row_ok = True
                if i in slow:
                    values = block[i]
                    if _blank(values):
                        continue
                    for k, (c, j, _v) in enumerate(plan_cols):
                        if j is None:
                            message = fixed[k][1]
                        else:
                            message = cleaners[k](values[j] if j < len(values) else None)[1]
                        if message:
                            out.errors.append(RowError(n, c.header, message))
                            row_ok = False
                if row_ok:
                    found_check = results_check[i]
                    if found_check is None:
                        found_check = importer.check(project, clean_values)
                    for key, message in found_check:
                        out.errors.append(RowError(n, by_key.get(key, key), message))
                        row_ok = False
                if row_ok and importer.unique is not None:
                    unique = importer.unique(clean_values)
                    seen_keys = state["seen_keys"]
                    if unique in seen_keys:
                        key, words = importer.unique_error
                        out.errors.append(RowError(n, by_key.get(key, key), f"{words} row {seen_keys[unique]}"))
                    else:
                        seen_keys[unique] = n
                out.rows.append((n, clean_values))
                kept.append(clean_values)
        hashes = row_hashes(importer.kind, keys, kept, memos=hash_memos, columns=kept_columns)
        if not importer.repeats:
            out.first_hashes.extend(row_hashes(importer.kind, keys, kept, keep_empty=True, memos=hash_memos,
                                               columns=kept_columns))
            out.hashes.extend(hashes)
        else:
            # Identical rows are distinct records, each counted by its occurrence in the file.
            occurrences = state["occurrences"]
            if len(set(hashes)) == len(hashes) and occurrences.keys().isdisjoint(hashes):
                occurrences.update(zip(hashes, repeat(1)))
                counted = list(map(add, hashes, repeat("#1")))
            else:
                counted = []
                for h in hashes:
                    times = occurrences[h] = occurrences.get(h, 0) + 1
                    counted.append(f"{h}#{times}")
            out.hashes.extend(map(_HASH.hexdigest, map(hashlib.sha256, map(str.encode, counted))))
        if progress is not None:
            progress(min(start + size, total), total)
    return out


def already_imported(project, importer: Importer, hashes: list[str]) -> set[str]:
    """Which of `hashes` the project has imported already, in two statements however many rows:
    how many rows of this kind the project holds; then, if not many more than the file has, all
    their hashes (none at a first import), else each of the file's looked up by the index (the
    hashes go as one JSON array in SQLite, one array in PostgreSQL)."""
    from sqlalchemy import bindparam, func, text

    from fossdash.reporting.models import ImportedRow

    unique = list(dict.fromkeys(hashes))
    if not unique:
        return set()
    mine = (ImportedRow.project_id == project.id, ImportedRow.kind == importer.kind)
    held = db.session.scalar(select(func.count()).select_from(ImportedRow).where(*mine)) or 0
    dialect = db.session.get_bind().dialect.name
    if held <= 2 * len(unique) or dialect not in ("sqlite", "postgresql"):
        wanted = set(unique)
        return {h for h in db.session.scalars(select(ImportedRow.row_hash).where(*mine)) if h in wanted}
    params = {"project_id": project.id, "kind": importer.kind}
    table = ImportedRow.__tablename__
    if dialect == "sqlite":
        sql = text(f"SELECT row_hash FROM {table} WHERE project_id = :project_id AND kind = :kind "
                   "AND row_hash IN (SELECT value FROM json_each(:hashes))")
        return set(db.session.scalars(sql, {**params, "hashes": json.dumps(unique)}))
    from sqlalchemy.dialects.postgresql import ARRAY
    from sqlalchemy.types import String

    sql = text(f"SELECT row_hash FROM {table} WHERE project_id = :project_id AND kind = :kind "
               "AND row_hash = ANY(:hashes)").bindparams(bindparam("hashes", type_=ARRAY(String)))
    return set(db.session.scalars(sql, {**params, "hashes": unique}))


@dataclass
class Plan:
    new: list[tuple[int, dict, str]]  # (row, values, hash)
    skipped: int


def plan(project, importer: Importer, checked: Checked) -> Plan:
    with _gc_paused():
        first = checked.first_hashes or [""] * len(checked.hashes)
        seen = already_imported(project, importer, checked.hashes + [h for h in first if h])
        if not seen and len(set(checked.hashes)) == len(checked.hashes):  # every row new, none twice
            return Plan([(n, values, h) for (n, values), h in zip(checked.rows, checked.hashes)], 0)
        new, skipped = [], 0
        for (n, values), h, h_first in zip(checked.rows, checked.hashes, first):
            if h in seen or h_first in seen:
                skipped += 1
                continue
            seen.add(h)
            new.append((n, values, h))
        return Plan(new, skipped)


def insert_rows(table, columns: dict[str, Any], count: int) -> None:
    """Insert `count` rows into `table` in the session's transaction: {column name: a list of
    `count` values, or one value for every row}. One executemany straight to the driver: each
    column's values are converted for the database as SQLAlchemy would (its bind processor), but
    once per distinct value, and no statement parameters are built row by row. Python-side column
    defaults are not applied: a column that has one must be given."""
    if not count:
        return
    for name, given in columns.items():
        if isinstance(given, list) and len(given) != count:
            raise ValueError(f"{name}: {len(given)} values for {count} rows")
    defaulted = [c.name for c in table.columns if c.default is not None and c.name not in columns]
    if defaulted:
        raise ValueError(f"insert_rows does not apply Python defaults: give {', '.join(defaulted)}")
    conn = db.session.connection()
    dialect = conn.dialect
    names = list(columns)
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if mark is None:  # any other driver: SQLAlchemy's own executemany
        conn.execute(table.insert(), [dict(zip(names, r)) for r in zip(*(
            columns[n] if isinstance(columns[n], list) else repeat(columns[n], count) for n in names))])
        return
    values: list[Any] = []
    for name in names:
        given = columns[name]
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if not isinstance(given, list):
            values.append(repeat(given if processor is None else processor(given), count))
        elif processor is None:
            values.append(given)
        else:
            try:
                values.append(_map_once({}, processor, given))
            except TypeError:  # a value that cannot be a key (a JSON column's list)
                values.append(list(map(processor, given)))
    prep = dialect.identifier_preparer
    head = f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.format_column(table.c[n]) for n in names)}) VALUES "
    one = f"({', '.join([mark] * len(names))})"
    rows = list(zip(*values))
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        # A statement per row costs PostgreSQL more than the insert itself: COPY, in this same
        # transaction (rolled back with it), the rows as they would be bound.
        from sqlalchemy.exc import DBAPIError

        sql = f"COPY {prep.format_table(table)} ({', '.join(prep.format_column(table.c[n]) for n in names)}) FROM STDIN"
        try:
            with conn.connection.driver_connection.cursor() as cursor:
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy raises it: an IntegrityError for a row twice
            raise DBAPIError.instance(sql, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        return
    conn.exec_driver_sql(head + one, rows)


def create_all(project, importer: Importer, batch, todo: Plan, progress: Callable[[int, int], None] | None = None) -> int:
    """Create every new row and its hash in the session; the caller commits (or rolls back).
    Anonymous rows are created in the order of their hashes (their values'), so neither the
    records nor their hashes are stored in the file's order."""
    from fossdash.reporting.models import ImportedRow

    new = todo.new
    total = len(new)
    step = 5000
    with _gc_paused():
        if importer.anonymous:
            new = sorted(new, key=itemgetter(2))
        for start in range(0, total, step):
            chunk = new[start:start + step]
            if importer.create_many is not None:
                importer.create_many(project, [values for _n, values, _h in chunk])
                ids: list[Any] = [None] * len(chunk)
            else:
                records = [importer.create(project, values) for _n, values, _h in chunk]
                db.session.add_all(records)
                db.session.flush()
                ids = [None if importer.anonymous else getattr(r, "id", None) for r in records]
            insert_rows(ImportedRow.__table__, {
                "project_id": project.id, "kind": importer.kind, "row_hash": [h for _n, _v, h in chunk],
                "record_id": ids, "batch_id": batch.id}, len(chunk))
            if progress is not None:
                progress(min(start + step, total), total)
    return total


def finish(project, importer: Importer, batch, created: int, skipped: int) -> None:
    from fossdash import audit
    from fossdash.modelkit import utcnow

    batch.status, batch.created, batch.skipped, batch.imported_at = "imported", created, skipped, utcnow()
    # The file is needed only until it is imported: it may hold more than was imported (another
    # survey tool's respondent columns), so it is not kept.
    batch.content = b""
    if importer.anonymous:
        batch.preview = {**(batch.preview or {}), "head": []}
    audit.record("import", "import_batch", batch.id, project_id=project.id,
                 note=f"{importer.title}: {created:,} {importer.noun if created == 1 else importer.plural} imported"
                      + (f", {skipped:,} already imported" if skipped else ""))


# --- checking an uploaded file (in the request, or as a job for a large one) ----------------------------

CHECK_IN_JOB_BYTES = 256 * 1024  # a larger upload is read and checked by a background job


def display(importer: Importer, project, values: dict) -> list[str]:
    """One row's values as the preview shows them (a choice by its label, a date as words)."""
    out = []
    labels = {c.key: {v: k for k, v in c.choices(project).items()} if c.kind == "choice" and c.choices else {}
              for c in importer.columns(project)}
    for c in importer.columns(project):
        v = values.get(c.key)
        if v is not None and labels[c.key]:
            v = labels[c.key].get(v, v)
        if isinstance(v, date):
            v = f"{v.day} {v.strftime('%b %Y')}"
        out.append("" if v is None else str(v)[:120])
    return out


def errors_sentence(count: int) -> str:
    return (f"{count:,} problem{'s' if count != 1 else ''} in the file: nothing has been imported. "
            "Fix them and upload it again")


def evaluate(project, importer: Importer, batch, mapping: dict | None = None,
             progress: Callable[[int, int], None] | None = None) -> Checked | None:
    """Read and check the batch's file and set its status: "mapping" (a person must say which column
    is which), "refused" (preview: the message and the first row errors; the file is not kept) or
    "previewed" (preview: what will be created). The caller commits (or, for a refusal it shows at
    once, need not keep the batch)."""
    try:
        rows = read_rows(batch.content, importer, max_bytes=len(batch.content) + 1)
    except UploadRefused as refused:
        _refuse(batch, refused.message, [])
        return None
    checked = check(importer, project, rows, progress, mapping=mapping)
    if checked.needs_mapping and mapping is None:
        batch.status = "mapping"
        batch.preview = {"mapping": checked.mapping, "unsure": checked.unsure, "headers": checked.headers}
    elif not rows or (checked.ok and not checked.rows):
        _refuse(batch, f"The file has no {importer.plural} in it", [])
    elif checked.missing_headers:
        _refuse(batch, "The file must have the template's header row: "
                + ", ".join(f"‘{m}’" for m in checked.missing_headers) + " missing", [])
    elif checked.errors:
        _refuse(batch, errors_sentence(len(checked.errors)), checked.errors)
    else:
        todo = plan(project, importer, checked)
        batch.status, batch.rows = "previewed", len(checked.rows)
        batch.preview = {"new": len(todo.new), "skipped": todo.skipped, "mapping": checked.mapping,
                         "head": [[n, *display(importer, project, v)] for n, v, _h in todo.new[:PREVIEW_ROWS]]}
    return checked


KEEP_UNCONFIRMED = timedelta(days=1)


def forget_unconfirmed(project, now: datetime | None = None) -> int:
    """Delete the files of the project's uploads left unconfirmed for more than a day (a survey
    tool's export may hold respondents' details: a file is kept only while it is needed)."""
    from sqlalchemy import update

    from fossdash.modelkit import utcnow
    from fossdash.reporting.models import ImportBatch

    cutoff = (now or utcnow()) - KEEP_UNCONFIRMED
    result = db.session.execute(update(ImportBatch).where(
        ImportBatch.project_id == project.id, ImportBatch.status.in_(("previewed", "mapping")),
        ImportBatch.created_at < cutoff).values(
        status="refused", content=b"",
        preview={"message": "This file was uploaded more than a day ago and not imported, so it has been "
                            "deleted: upload it again", "errors": [], "error_count": 0}))
    return getattr(result, "rowcount", 0) or 0


def _refuse(batch, message: str, errors: list[RowError]) -> None:
    batch.status, batch.content = "refused", b""
    batch.preview = {"message": message, "error_count": len(errors),
                     "errors": [[e.row, e.column, e.message] for e in errors[:MAX_ERRORS]]}


def _check_job(job, progress):
    from fossdash.projects.models import Project
    from fossdash.reporting import jobs
    from fossdash.reporting.models import ImportBatch

    batch = db.session.get(ImportBatch, job.params["batch_id"])
    project = db.session.get(Project, job.project_id)
    importer = importers().get(job.params["kind"])
    if batch is None or project is None or importer is None or batch.project_id != project.id:
        raise jobs.JobFailed("The uploaded file is no longer there: upload it again.")
    if batch.status != "checking":
        raise jobs.JobFailed("This file has been checked already.")
    evaluate(project, importer, batch, mapping=job.params.get("mapping"), progress=progress)
    if batch.status == "previewed":
        new = batch.preview["new"]
        note = (f"Every row passed the checks: {new:,} {importer.noun if new == 1 else importer.plural} to import."
                " Check them, then import.")
    elif batch.status == "mapping":
        note = "Some of the file's columns need you to say which is which."
    else:
        note = batch.preview["message"] + "."
    return jobs.Result(note=note, needs_action=batch.status != "previewed")


# --- the background job for a large import -------------------------------------------------------------

def _job(job, progress):
    from fossdash.projects.models import Project
    from fossdash.reporting import jobs
    from fossdash.reporting.models import ImportBatch

    batch = db.session.get(ImportBatch, job.params["batch_id"])
    project = db.session.get(Project, job.project_id)
    importer = importers().get(job.params["kind"])
    if batch is None or project is None or importer is None or batch.project_id != project.id:
        raise jobs.JobFailed("The uploaded file is no longer there: upload it again.")
    if batch.status == "imported":
        raise jobs.JobFailed("This file has already been imported.")
    try:
        rows = read_rows(batch.content, importer, max_bytes=len(batch.content) + 1)
    except UploadRefused as refused:
        raise jobs.JobFailed(refused.message) from refused
    checked = check(importer, project, rows, progress, mapping=(batch.preview or {}).get("mapping"))
    if checked.missing_headers:
        raise jobs.JobFailed("The file no longer has the columns it was checked with, nothing was imported: "
                             "upload it again")
    if not checked.ok:
        first = checked.errors[0] if checked.errors else None
        raise jobs.JobFailed(f"{len(checked.errors):,} problem{'' if len(checked.errors) == 1 else 's'} in the file, "
                             "nothing was imported"
                             + (f" (first: row {first.row}, {first.column}: {first.message})" if first else ""))
    todo = plan(project, importer, checked)
    progress(0, len(todo.new))
    created = create_all(project, importer, batch, todo, progress)
    finish(project, importer, batch, created, todo.skipped)
    return jobs.Result(note=f"{created:,} {importer.plural if created != 1 else importer.noun} imported"
                            + (f"; {todo.skipped:,} rows were already imported and were skipped." if todo.skipped
                               else "."))


def _register() -> None:
    from fossdash.reporting import jobs

    jobs.kind("import")(_job)
    jobs.kind("import_check")(_check_job)


_register()
