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
(no record id kept beside a row's hash; the preview rows are dropped once imported),
`create_many` (many rows in one INSERT), `done_link` (where the done page points).

Headers are matched by their text (case, punctuation and a leading "Q1." ignored); when one is
only close, or a required one is missing, the upload goes to a mapping step ("Which column is
which?") where a person picks the file's column, or a choice for every row. A file larger than
CHECK_IN_JOB_BYTES is read and checked by a background job; more than JOB_ROWS rows are imported
by one. Every uploaded file is deleted once imported or refused.
`create` returns a new model object (not added, not committed): the mechanism adds it, audits it
(the audit log records every row created), records the row's hash and commits all rows or none.
Text is stored as typed: "=HYPERLINK(…)" stays those characters, and every export writes it back
as text (returns/xlsx.py).
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import json
import importlib
import importlib.util
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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


def read_rows(data: bytes, importer: Importer, max_bytes: int) -> list[tuple]:
    """Every row of the upload (header first) as tuples of plain values; UploadRefused if the file
    is not a readable, safe .xlsx or CSV."""
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


def _calamine_rows(data: bytes, importer: Importer, max_bytes: int) -> list[tuple]:
    """The data sheet's rows read by calamine, AFTER the same checks as every upload (size, zip
    directory, zip bomb, no DTD or entity in any XML part, a workbook part): returns/upload.py.
    Rows are numbered as the sheet's (the first row is row 1 even if empty); empty cells are None."""
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
        first_row, first_col = sheet.start
        last_row, _last_col = sheet.end
        if last_row + 1 > MAX_IMPORT_ROWS + 1:
            raise UploadRefused(f"The sheet ‘{name}’ must have no more than {MAX_IMPORT_ROWS + 1:,} rows",
                                "too_many_rows")
        if first_col + sheet.width > upload.MAX_COLS:
            raise UploadRefused(f"The sheet ‘{name}’ must have no more than {upload.MAX_COLS:,} columns",
                                "too_many_cols")
        pad = (None,) * first_col
        rows = [pad + tuple(None if v == "" else v for v in values) for values in sheet.iter_rows()]
    except UploadRefused:
        raise
    except Exception as exc:  # whatever calamine raises on a damaged part
        raise UploadRefused(upload.DAMAGED, "bad_sheet") from exc
    if len(rows) == sheet.height and first_row:  # rows counted from the first used one
        rows = [()] * first_row + rows
    return rows


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


def check(importer: Importer, project, rows: list[tuple], progress: Callable[[int, int], None] | None = None,
          mapping: dict[str, str] | None = None) -> Checked:
    """Every row checked. `mapping` (see Checked.mapping) is how a person said the file's columns
    are read; without it they are matched by their header text."""
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
    plan_cols: list[tuple[ImportColumn, int | None, Any, dict | None]] = []
    for c in columns:
        spec = mapping.get(c.key, "")
        memo: dict | None = None if c.kind == "text" else {}
        if spec.startswith("c:"):
            plan_cols.append((c, int(spec[2:]), None, memo))
        elif spec.startswith("v:"):
            plan_cols.append((c, None, spec[2:], memo))
        else:
            plan_cols.append((c, None, None, memo))
    by_key = {c.key: c.header for c in columns}
    data = rows[header_row + 1:]
    total = len(data)
    seen_keys: dict[Any, int] = {}
    occurrences: dict[str, int] = {}
    for n, values in enumerate(data, start=header_row + 2):
        if not any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
            continue  # a blank row
        clean_values: dict[str, Any] = {}
        row_ok = True
        width = len(values)
        for c, j, fixed, memo in plan_cols:
            raw = (values[j] if j < width else None) if j is not None else fixed
            if memo is None:
                value, message = clean(c, raw, choices[c.key])
            else:  # the same few values again and again ("Agree", 4, an agency): cleaned once
                cached = memo.get((raw.__class__, raw))
                if cached is None:
                    cached = memo[(raw.__class__, raw)] = clean(c, raw, choices[c.key])
                value, message = cached
            if message:
                out.errors.append(RowError(n, c.header, message))
                row_ok = False
            clean_values[c.key] = value
        if row_ok:
            for key, message in importer.check(project, clean_values):
                out.errors.append(RowError(n, by_key.get(key, key), message))
                row_ok = False
        if row_ok and importer.unique is not None:
            unique = importer.unique(clean_values)
            if unique in seen_keys:
                key, words = importer.unique_error
                out.errors.append(RowError(n, by_key.get(key, key), f"{words} row {seen_keys[unique]}"))
            else:
                seen_keys[unique] = n
        out.rows.append((n, clean_values))
        h = row_hash(importer.kind, clean_values)
        if not importer.repeats:
            out.first_hashes.append(row_hash(importer.kind, clean_values, keep_empty=True))
        if importer.repeats:
            occurrences[h] = occurrences.get(h, 0) + 1
            h = hashlib.sha256(f"{h}#{occurrences[h]}".encode()).hexdigest()
        out.hashes.append(h)
        if progress is not None and n % 1000 == 0:
            progress(n - header_row - 1, total)
    return out


def already_imported(project, importer: Importer, hashes: list[str]) -> set[str]:
    from fossdash.reporting.models import ImportedRow

    found: set[str] = set()
    unique = list(dict.fromkeys(hashes))
    for i in range(0, len(unique), 500):
        chunk = unique[i:i + 500]
        found.update(db.session.scalars(select(ImportedRow.row_hash).where(
            ImportedRow.project_id == project.id, ImportedRow.kind == importer.kind,
            ImportedRow.row_hash.in_(chunk))))
    return found


@dataclass
class Plan:
    new: list[tuple[int, dict, str]]  # (row, values, hash)
    skipped: int


def plan(project, importer: Importer, checked: Checked) -> Plan:
    first = checked.first_hashes or [""] * len(checked.hashes)
    seen = already_imported(project, importer, checked.hashes + [h for h in first if h])
    new, skipped = [], 0
    for (n, values), h, h_first in zip(checked.rows, checked.hashes, first):
        if h in seen or h_first in seen:
            skipped += 1
            continue
        seen.add(h)
        new.append((n, values, h))
    return Plan(new, skipped)


def create_all(project, importer: Importer, batch, todo: Plan, progress: Callable[[int, int], None] | None = None) -> int:
    """Create every new row and its hash in the session; the caller commits (or rolls back)."""
    from fossdash.reporting.models import ImportedRow

    total = len(todo.new)
    step = 5000
    for start in range(0, total, step):
        chunk = todo.new[start:start + step]
        if importer.create_many is not None:
            importer.create_many(project, [values for _n, values, _h in chunk])
            ids: list[Any] = [None] * len(chunk)
        else:
            records = [importer.create(project, values) for _n, values, _h in chunk]
            db.session.add_all(records)
            db.session.flush()
            ids = [None if importer.anonymous else getattr(r, "id", None) for r in records]
        db.session.execute(ImportedRow.__table__.insert(), [
            {"project_id": project.id, "kind": importer.kind, "row_hash": h, "record_id": record_id,
             "batch_id": batch.id} for (_n, _v, h), record_id in zip(chunk, ids)])
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
