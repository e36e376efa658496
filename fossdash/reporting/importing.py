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
`create` returns a new model object (not added, not committed): the mechanism adds it, audits it
(the audit log records every row created), records the row's hash and commits all rows or none.
Text is stored as typed: "=HYPERLINK(…)" stays those characters, and every export writes it back
as text (returns/xlsx.py).
"""
from __future__ import annotations

import csv
import hashlib
import importlib
import importlib.util
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
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
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})


@dataclass
class ImportColumn:
    key: str
    header: str
    kind: str = "text"  # text, choice, date, int
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
        with read_workbook(data, max_bytes=max_bytes, max_rows=MAX_IMPORT_ROWS + 1) as book:
            name = importer.sheet_name if importer.sheet_name in book else None
            if name is None:
                # The template's data sheet, or else the first sheet that is not the instructions.
                name = next((n for n in book.sheet_names if n != "Instructions"), book.sheet_names[0])
            return list(book.rows(name))
    if b"\x00" in data[:4096]:
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

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing_headers


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


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


def clean(column: ImportColumn, raw: Any, choices: dict[str, Any]) -> tuple[Any, str | None]:
    """(value, error message or None) for one cell."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        return None, (f"Enter {column.header.lower()}" if column.required else None)
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
    text = raw if isinstance(raw, str) else (raw.isoformat() if isinstance(raw, (date, datetime)) else str(raw))
    text = text.strip()
    if column.kind == "choice":
        by_label = {_norm(k): v for k, v in choices.items()}
        if _norm(text) not in by_label:
            return None, f"{column.header} must be one of the list ({text[:40]} is not)"
        return by_label[_norm(text)], None
    if len(text) > column.max_length:
        return None, f"{column.header} must be {column.max_length:,} characters or fewer"
    return text, None


def row_hash(kind: str, values: dict) -> str:
    canonical = json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(values.items())},
                           sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()


def check(importer: Importer, project, rows: list[tuple], progress: Callable[[int, int], None] | None = None) -> Checked:
    columns = importer.columns(project)
    choices = {c.key: (c.choices(project) if c.choices else {}) for c in columns}
    header_index: dict[str, int] = {}
    header_row = 0
    for i, values in enumerate(rows[:10]):
        found = {_norm(v): j for j, v in enumerate(values) if v not in (None, "")}
        if any(_norm(c.header) in found for c in columns):
            header_index = {c.key: found[_norm(c.header)] for c in columns if _norm(c.header) in found}
            header_row = i
            break
    missing = [c.header for c in columns if c.required and c.key not in header_index]
    out = Checked([], [], missing, [])
    if missing:
        return out
    data = rows[header_row + 1:]
    total = len(data)
    for n, values in enumerate(data, start=header_row + 2):
        if not any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in values):
            continue  # a blank row
        clean_values: dict[str, Any] = {}
        for c in columns:
            j = header_index.get(c.key)
            raw = values[j] if j is not None and j < len(values) else None
            value, message = clean(c, raw, choices[c.key])
            if message:
                out.errors.append(RowError(n, c.header, message))
            clean_values[c.key] = value
        if not any(e.row == n for e in out.errors[-len(columns):]):
            by_key = {c.key: c.header for c in columns}
            for key, message in importer.check(project, clean_values):
                out.errors.append(RowError(n, by_key.get(key, key), message))
        out.rows.append((n, clean_values))
        out.hashes.append(row_hash(importer.kind, clean_values))
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
    seen = already_imported(project, importer, checked.hashes)
    new, skipped = [], 0
    for (n, values), h in zip(checked.rows, checked.hashes):
        if h in seen:
            skipped += 1
            continue
        seen.add(h)
        new.append((n, values, h))
    return Plan(new, skipped)


def create_all(project, importer: Importer, batch, todo: Plan, progress: Callable[[int, int], None] | None = None) -> int:
    """Create every new row and its hash in the session; the caller commits (or rolls back)."""
    from fossdash.reporting.models import ImportedRow

    total = len(todo.new)
    records = []
    for i, (_n, values, _h) in enumerate(todo.new, start=1):
        record = importer.create(project, values)
        records.append(record)
        if progress is not None and i % 2000 == 0:
            progress(i, total)
    db.session.add_all(records)
    db.session.flush()
    db.session.add_all([ImportedRow(project_id=project.id, kind=importer.kind, row_hash=h,
                                    record_id=getattr(r, "id", None), batch_id=batch.id)
                        for r, (_n, _v, h) in zip(records, todo.new)])
    db.session.flush()
    return total


def finish(project, importer: Importer, batch, created: int, skipped: int) -> None:
    from fossdash import audit
    from fossdash.modelkit import utcnow

    batch.status, batch.created, batch.skipped, batch.imported_at = "imported", created, skipped, utcnow()
    audit.record("import", "import_batch", batch.id, project_id=project.id,
                 note=f"{importer.title}: {created:,} {importer.noun if created == 1 else importer.plural} imported"
                      + (f", {skipped:,} already imported" if skipped else ""))


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
    checked = check(importer, project, rows, progress)
    if not checked.ok:
        first = checked.errors[0] if checked.errors else None
        raise jobs.JobFailed(f"{len(checked.errors):,} problems in the file, nothing was imported"
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


_register()
