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
(no record id kept: the rows' identities are kept on their batch, ImportBatch.row_digests, not a
row each in imported_row; the preview rows are dropped once imported; rows are written in the
order of their hashes, never the file's), `create_many` (many rows at once, e.g. with
`insert_rows`), `create_columns` (the same from the checks' columns, no dict per row), `check_uses`
(the keys whose values check() reads: rows alike in those, and in which other values are empty,
are checked once), `done_link` (where the done page points).

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
each distinct value of a column cleaned once (fossdash/reporting/import_check.py; a row with a problem,
or perhaps empty, is taken alone by the plain per-row code, so the messages are the same), hashed
in bulk, looked up in a few statements, kept a column at a time to the insert when every row passed
(import_rows.py), and written many rows to a statement in SQLite, by COPY in PostgreSQL
(import_write.py), Python's cycle collector paused meanwhile. Anonymous rows' identities are one
value on the batch, not a row (and two index entries) each.
"""
from __future__ import annotations

import json
import importlib
import importlib.util
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable, Sequence

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.modelkit import keys_in_order, picker

PREVIEW_ROWS = 20
JOB_ROWS = 2000  # more rows than this are imported by a background job, with progress
MAX_ERRORS = 100  # the error summary lists this many, then says how many more
CHECK_IN_JOB_BYTES = 256 * 1024  # a larger upload is read and checked by a background job

# The parts, each a module of its own; their names are this module's too.
from fossdash.reporting.import_cells import (  # noqa: E402
    MAX_TEXT, MONTHS, ImportColumn, _blank, _gc_paused, _map_once, clean, find_header, header_key, match_headers,
    normal_choices, parse_date, row_hash, row_hashes,
)
from fossdash.reporting.import_check import Checked, RowError, check, occurrence_hash  # noqa: E402
from fossdash.reporting.import_rows import ColumnRows, Picked  # noqa: E402
from fossdash.reporting.import_read import (  # noqa: E402
    BINARY_MAGIC, MAX_IMPORT_ROWS, NOT_READABLE, calamine, file_type, read_rows,
)
from fossdash.reporting.import_write import (  # noqa: E402
    DIGEST_HEX, batch_digests, digests_of, insert_rows, mark_importing, one_at_a_time,
)


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
    # Optional, faster still: create_columns(project, {key: every row's clean value}, [row indices],
    # progress) -> number created: the records of the rows at those indices, all at once, from the
    # values a column at a time as the checks left them (used when every row of the file passed the
    # checks as it was); progress(done, total) as they are written (insert_rows(progress=...)).
    # No record ids are kept beside the rows' identities (as for create_many). An anonymous
    # importer's is also given keys=: the rows come shuffled, and are written in that order, each
    # with the fresh random key at its place (ascending: keys_in_order).
    create_columns: Callable[..., int] | None = None
    # Where the done page links to: (endpoint taking project_id, link text).
    done_link: tuple[str, str] | None = None
    # Optional: after_import(project), run once the records are made, in the same transaction
    # (survey answers: the release of what is due, so a large import's release is done by its
    # job, never left to the next page view).
    after_import: Callable[[Any], Any] | None = None
    # Optional: refuse_new(project, new rows of the plan) -> [RowError]: rows the checks passed
    # that may still not be added as new (survey answers: for a round whose results are shown);
    # rows already imported are skipped before it is asked, so a file imported again is nothing new.
    refuse_new: Callable[[Any, Sequence[tuple[int, dict, str]]], list[RowError]] | None = None

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


def _earlier_form(project, importer: Importer) -> bool:
    """Whether the project imported rows of this kind before their identities took DIGEST_FORM."""
    from sqlalchemy import exists

    from fossdash.reporting.models import DIGEST_FORM, ImportBatch

    return bool(db.session.scalar(select(exists().where(
        ImportBatch.project_id == project.id, ImportBatch.kind == importer.kind, ImportBatch.status == "imported",
        ImportBatch.digest_form < DIGEST_FORM))))


def already_imported(project, importer: Importer, hashes: list[str]) -> set[str]:
    """Which of `hashes` the project has imported already, in a few statements however many rows.
    Rows that link to no record (an anonymous importer's): by the digests kept on the project's
    batches of that kind (a hash's first 16 bytes), and by imported_row, where such rows were kept
    before. Others: how many rows of this kind the project holds in imported_row; then, if not many
    more than the file has, all their hashes (none at a first import), else each of the file's
    looked up by the index (the hashes go as one JSON array in SQLite, one array in PostgreSQL)."""
    from sqlalchemy import bindparam, func, text

    from fossdash.reporting.models import ImportedRow

    if not hashes:
        return set()
    found: set[str] = set()
    held = batch_digests(project, importer) if importer.anonymous else set()
    mine = (ImportedRow.project_id == project.id, ImportedRow.kind == importer.kind)
    held_rows = db.session.scalar(select(func.count()).select_from(ImportedRow).where(*mine)) or 0
    if not held and not held_rows:  # (a first import)
        return found
    unique = list(dict.fromkeys(hashes))
    if held:
        found = {h for h in unique if h[:DIGEST_HEX] in held}
    if not held_rows:
        return found
    dialect = db.session.get_bind().dialect.name
    if held_rows <= 2 * len(unique) or dialect not in ("sqlite", "postgresql"):
        wanted = set(unique)
        return found | {h for h in db.session.scalars(select(ImportedRow.row_hash).where(*mine)) if h in wanted}
    params = {"project_id": project.id, "kind": importer.kind}
    table = ImportedRow.__tablename__
    if dialect == "sqlite":
        sql = text(f"SELECT row_hash FROM {table} WHERE project_id = :project_id AND kind = :kind "
                   "AND row_hash IN (SELECT value FROM json_each(:hashes))")
        return found | set(db.session.scalars(sql, {**params, "hashes": json.dumps(unique)}))
    from sqlalchemy.dialects.postgresql import ARRAY
    from sqlalchemy.types import String

    sql = text(f"SELECT row_hash FROM {table} WHERE project_id = :project_id AND kind = :kind "
               "AND row_hash = ANY(:hashes)").bindparams(bindparam("hashes", type_=ARRAY(String)))
    return found | set(db.session.scalars(sql, {**params, "hashes": unique}))


@dataclass
class Plan:
    new: Sequence[tuple[int, dict, str]]  # (row, values, hash): a list, or Picked (a column at a time)
    skipped: int
    refused: list[RowError] = field(default_factory=list)  # new rows that may not be added (refuse_new)


def plan(project, importer: Importer, checked: Checked) -> Plan:
    """The rows of a checked file that are new (the others already imported, skipped), and those
    of the new ones the importer refuses (Importer.refuse_new)."""
    todo = _new_rows(project, importer, checked)
    if importer.refuse_new is not None:
        todo.refused = importer.refuse_new(project, todo.new)
    return todo


def _new_rows(project, importer: Importer, checked: Checked) -> Plan:
    with _gc_paused():
        if importer.anonymous:
            one_at_a_time(project, importer)
        first = checked.first_hashes or [""] * len(checked.hashes)
        if importer.repeats and _earlier_form(project, importer):
            # A first occurrence as identified before migration 0017 (for a later one, a hash that
            # matches nothing: it is identified as it was).
            first = [occurrence_hash(h, 1) for h in checked.hashes]
        seen = already_imported(project, importer, checked.hashes + [h for h in first if h])
        columnar = isinstance(checked.rows, ColumnRows)
        # Every row new, none twice (rows that repeat are told apart by occurrence: never twice).
        if not seen and (importer.repeats or len(set(checked.hashes)) == len(checked.hashes)):
            if columnar:
                return Plan(Picked(checked.rows, checked.hashes), 0)  # type: ignore[arg-type]
            return Plan([(n, values, h) for (n, values), h in zip(checked.rows, checked.hashes)], 0)
        if columnar:
            picked, skipped = [], 0
            for i, h, h_first in zip(range(len(checked.hashes)), checked.hashes, first):
                if h in seen or h_first in seen:
                    skipped += 1
                    continue
                seen.add(h)
                picked.append(i)
            return Plan(Picked(checked.rows, checked.hashes, picked), skipped)  # type: ignore[arg-type]
        new, skipped = [], 0
        for (n, values), h, h_first in zip(checked.rows, checked.hashes, first):
            if h in seen or h_first in seen:
                skipped += 1
                continue
            seen.add(h)
            new.append((n, values, h))
        return Plan(new, skipped)


CREATE_ROWS = 5000  # records made (and their identities written) at a time by create_all


def create_all(project, importer: Importer, batch, todo: Plan, progress: Callable[[int, int], None] | None = None) -> int:
    """Create every new row and its identity in the session; the caller commits (or rolls back).
    Anonymous rows are created in the order of their hashes (their values'), or given to
    create_columns shuffled, each with a fresh key in key order, so neither the records nor their
    identities are stored in the file's order; their identities are kept on the batch
    (row_digests), the others' in imported_row. For an anonymous importer it runs once per batch:
    the batch is marked imported first (see mark_importing)."""
    from fossdash.reporting.models import DIGEST_FORM, ImportedRow

    new = todo.new
    total = len(new)
    # Rows made a chunk at a time; an anonymous importer's all at once (its create_many decides
    # with all of them which are released at once and which held, as one release would).
    step = max(total, 1) if importer.anonymous and importer.create_many is not None else CREATE_ROWS
    with _gc_paused():
        if importer.anonymous:
            mark_importing(batch)
        if isinstance(new, Picked) and importer.create_columns is not None:
            return _create_columns(project, importer, batch, new, progress)
        if importer.anonymous:
            new = sorted(new, key=itemgetter(2))
        for start in range(0, total, step):
            chunk = new[start:start + step]
            if importer.create_many is not None:
                importer.create_many(project, list(map(itemgetter(1), chunk)))
                ids: list[Any] = [None] * len(chunk)
            else:
                records = [importer.create(project, values) for _n, values, _h in chunk]
                db.session.add_all(records)
                db.session.flush()
                ids = [None if importer.anonymous else getattr(r, "id", None) for r in records]
            if not importer.anonymous:
                insert_rows(ImportedRow.__table__, {
                    "project_id": project.id, "kind": importer.kind, "row_hash": [h for _n, _v, h in chunk],
                    "record_id": ids, "batch_id": batch.id}, len(chunk))
            if progress is not None:
                progress(min(start + step, total), total)
        if importer.anonymous:
            batch.row_digests, batch.digest_form = digests_of(list(map(itemgetter(2), new))), DIGEST_FORM
    return total


def _create_columns(project, importer: Importer, batch, new: Picked,
                    progress: Callable[[int, int], None] | None) -> int:
    """create_all for rows still a column at a time: the same rows and identities, without a dict
    per row, given to create_columns all at once (an anonymous importer's shuffled, with their
    keys: see Importer.create_columns), which reports its progress."""
    from fossdash.reporting.models import DIGEST_FORM, ImportedRow

    assert importer.create_columns is not None
    total = len(new)
    hashes = new.hashes
    rows = new.all_indices()
    if not importer.anonymous:
        importer.create_columns(project, new.rows.by_key(), rows, progress)
        insert_rows(ImportedRow.__table__, {"project_id": project.id, "kind": importer.kind,
                                            "row_hash": list(map(hashes.__getitem__, rows)), "record_id": None,
                                            "batch_id": batch.id}, total)
        return total
    # A shuffle, with a fresh key for each row in key order (keys_in_order): the records are
    # written in it, and their identities kept in it, so neither keeps the file's order.
    keys, order = keys_in_order(total)
    shuffle = picker(order)
    rows = shuffle(rows)
    importer.create_columns(project, new.rows.by_key(), rows, progress, keys=shuffle(keys))
    batch.row_digests, batch.digest_form = digests_of(hashes, at=rows), DIGEST_FORM
    return total


def finish(project, importer: Importer, batch, created: int, skipped: int) -> None:
    """The batch marked imported and audited (the import proper; after_import is the caller's)."""
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


# Last: these call back into this module.
from fossdash.reporting.import_jobs import (  # noqa: E402
    KEEP_UNCONFIRMED, display, errors_sentence, evaluate, forget_unconfirmed, import_batch,
)

__all__ = [
    "BINARY_MAGIC", "CHECK_IN_JOB_BYTES", "Checked", "ImportColumn", "Importer", "JOB_ROWS",
    "CREATE_ROWS", "KEEP_UNCONFIRMED", "MAX_ERRORS", "MAX_IMPORT_ROWS", "MAX_TEXT", "MONTHS", "NOT_READABLE", "PREVIEW_ROWS",
    "Plan", "RowError", "already_imported", "calamine", "check", "clean", "create_all", "display",
    "errors_sentence", "evaluate", "file_type", "find_header", "finish", "forget_unconfirmed",
    "header_key", "import_batch", "importers", "insert_rows", "match_headers", "normal_choices", "parse_date", "plan",
    "read_rows", "row_hash", "row_hashes", "occurrence_hash", "_blank", "_gc_paused", "_map_once",
]
