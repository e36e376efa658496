"""Many rows written at once (insert_rows), straight to the database driver. Part of the import
mechanism (fossdash/reporting/importing.py)."""
from __future__ import annotations

from itertools import chain, repeat
from operator import getitem
from typing import Any, Callable, Sequence

from fossdash.extensions import db
from fossdash.modelkit import picker
from fossdash.reporting.import_cells import _map_once

# SQLite: rows per INSERT statement (many rows to a statement cost SQLite far less than a
# statement per row), within its limit on a statement's parameters.
SQLITE_ROWS_PER_STATEMENT = 500


PROGRESS_ROWS = 5000  # progress(done, total) is called after each this many rows written


def insert_rows(table, columns: dict[str, Any], count: int, *, rows: Sequence[int] | None = None,
                written: dict[str, Sequence] | None = None,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Insert rows into `table` in the session's transaction: {column name: a list of `count`
    values, or one value for every row}; `rows`: the indices of the rows to write, in the order to
    write them (default: all `count`, as given); `written`: more columns, each already one value per
    row written, in that order; `progress(done, total)` after each PROGRESS_ROWS.
    Straight to the driver: each column's values are converted for the database as SQLAlchemy
    would (its bind processor), but once per distinct value, and no statement parameters are built
    row by row; in SQLite many rows to a statement, a column at a time (a column with no value in
    any row left to be NULL; one value for every row bound once), in PostgreSQL one COPY, else one
    executemany. Python-side column defaults are not applied: a column that has one must be given."""
    if not count:
        return
    for name, given in columns.items():
        if isinstance(given, list) and len(given) != count:
            raise ValueError(f"{name}: {len(given)} values for {count} rows")
    total = count if rows is None else len(rows)
    written = written or {}
    for name, given in written.items():
        if len(given) != total:
            raise ValueError(f"{name}: {len(given)} values for {total} rows written")
    columns = {**columns, **written}
    defaulted = [c.name for c in table.columns if c.default is not None and c.name not in columns]
    if defaulted:
        raise ValueError(f"insert_rows does not apply Python defaults: give {', '.join(defaulted)}")
    conn = db.session.connection()
    dialect = conn.dialect
    names = list(columns)
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if dialect.name == "sqlite":
        # A column that is None in every row, and would be NULL without a value: left out.
        names = [n for n in names if table.c[n].server_default is not None or not _all_none(columns[n], count)
                 ] or names[:1]
    if not total:
        return
    pick = None if rows is None else picker(rows)
    # Each column: (True, its one value) or (False, its values in the order written), converted.
    prepared: list[tuple[bool, Any]] = []
    for name in names:
        given = columns[name]
        processor = None if mark is None else table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if not isinstance(given, list) and name not in written:
            prepared.append((True, given if processor is None else processor(given)))
            continue
        if processor is not None:
            try:
                given = _map_once({}, processor, given)
            except TypeError:  # a value that cannot be a key (a JSON column's list)
                given = list(map(processor, given))
        prepared.append((False, given if pick is None or name in written else pick(given)))
    if mark is None:  # any other driver: SQLAlchemy's own executemany
        table_rows = list(zip(*(repeat(v, total) if same else v for same, v in prepared)))
        for start in range(0, total, PROGRESS_ROWS):
            conn.execute(table.insert(), [dict(zip(names, r)) for r in table_rows[start:start + PROGRESS_ROWS]])
            _progressed(progress, start + PROGRESS_ROWS, total)
        return
    prep = dialect.identifier_preparer
    into = f"{prep.format_table(table)} ({', '.join(prep.format_column(table.c[n]) for n in names)})"
    if dialect.name == "sqlite":
        _sqlite_many(conn, f"INSERT INTO {into} VALUES ", prepared, total, progress)
        return
    table_rows = zip(*(repeat(v, total) if same else v for same, v in prepared))
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        # A statement per row costs PostgreSQL more than the insert itself: COPY, in this same
        # transaction (rolled back with it), the rows as they would be bound.
        from sqlalchemy.exc import DBAPIError

        sql = f"COPY {into} FROM STDIN"
        try:
            with conn.connection.driver_connection.cursor() as cursor:
                with cursor.copy(sql) as copy:
                    for done, row in enumerate(table_rows, 1):
                        copy.write_row(row)
                        if not done % PROGRESS_ROWS:
                            _progressed(progress, done, total)
                    _progressed(progress, total, total)
        except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy raises it: an IntegrityError for a row twice
            raise DBAPIError.instance(sql, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        return
    one = f"({', '.join([mark] * len(names))})"
    table_rows = list(table_rows)
    for start in range(0, total, PROGRESS_ROWS):
        conn.exec_driver_sql(f"INSERT INTO {into} VALUES {one}", table_rows[start:start + PROGRESS_ROWS])
        _progressed(progress, start + PROGRESS_ROWS, total)


def _all_none(given: Any, count: int) -> bool:
    return given is None or (isinstance(given, list) and given[0] is None and given.count(None) == count)


def _progressed(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(min(done, total), total)


def _sqlite_many(conn, head: str, columns: list[tuple[bool, Any]], total: int,
                 progress: Callable[[int, int], None] | None) -> None:
    """The rows as INSERT statements of many rows each, with numbered parameters bound a column at
    a time: a statement's parameters are each column's values for its rows one after another (a
    slice of the column, no tuple per row), and a column with one value for every row is bound once
    (?1 in every row)."""
    limit = 999  # SQLite's lowest limit on a statement's parameters (32,766 since 3.32)
    raw = conn.connection.driver_connection
    if hasattr(raw, "getlimit"):
        import sqlite3

        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    same = [v for is_same, v in columns if is_same]
    lists = [v for is_same, v in columns if not is_same]
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, (limit - len(same)) // max(1, len(lists))))

    def statement(m: int) -> str:  # m rows: a list column's values for them are parameters base + 1..m
        marks, s, k = [], 0, 0
        for is_same, _v in columns:
            if is_same:
                s += 1
                marks.append((s, 0))
            else:
                marks.append((len(same) + k * m, 1))
                k += 1
        return head + ", ".join("(" + ", ".join(f"?{base + r * step}" for base, step in marks) + ")"
                                for r in range(1, m + 1))

    full = statement(per)
    for start in range(0, total, per):
        m = min(per, total - start)
        conn.exec_driver_sql(full if m == per else statement(m),
                             tuple(chain(same, *(values[start:start + m] for values in lists))))
        if progress is not None and ((start + per) % PROGRESS_ROWS < per or start + per >= total):
            progress(min(start + per, total), total)


# --- the identities of rows that link to no record, kept on their batch -----------------------------------

DIGEST_HEX = 32  # a row's digest: the first 16 bytes of its hash (ImportedRow.row_hash), 32 hex digits


def digests_of(hashes: Sequence[str], at: Sequence[int] | None = None) -> bytes:
    """The row_digests of a batch that imported rows with these hashes (hex), or with the hashes at
    the indices `at`: each one's first 16 bytes, one after another, in the order given, which must
    never be the file's (the callers give them sorted, or in the random order the records were
    written in). The first 16 bytes are cut in the hashes' own order, then picked: picking whole
    hashes in a random order first would reach all over memory (some 20 ms more of 100,000)."""
    prefixes: Sequence[str] = list(map(getitem, hashes, repeat(slice(0, DIGEST_HEX))))
    return bytes.fromhex("".join(prefixes if at is None else picker(at)(prefixes)))


def batch_digests(project, importer) -> set[str]:
    """The digests (as hex) of every row of this kind the project's batches imported, in one
    statement."""
    from sqlalchemy import select

    from fossdash.reporting.models import ImportBatch

    held: set[str] = set()
    for blob in db.session.scalars(select(ImportBatch.row_digests).where(
            ImportBatch.project_id == project.id, ImportBatch.kind == importer.kind,
            ImportBatch.row_digests.is_not(None))):
        text = bytes(blob).hex()
        held.update(map(text.__getitem__, map(slice, range(0, len(text), DIGEST_HEX),
                                               range(DIGEST_HEX, len(text) + DIGEST_HEX, DIGEST_HEX))))
    return held


def one_at_a_time(project, importer) -> None:
    """Imports of this kind into this project wait for each other from here to their commit, so
    two at once (a double-click, the same export uploaded twice) cannot both find a row new: the
    identities on a batch have no unique index to refuse a row stored twice. PostgreSQL: a lock
    for the (project, kind) held by the transaction; SQLite: a write, which makes this transaction
    the database's one writer until it ends (reads before it were each their own)."""
    from sqlalchemy import text

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:project_id, hashtext(:kind))"),
                           {"project_id": project.id, "kind": f"import:{importer.kind}"})
    elif dialect == "sqlite":
        db.session.execute(text("UPDATE import_batch SET kind = kind WHERE 0"))


def mark_importing(batch) -> None:
    """The batch marked imported in the database now, unless it already is (another request or job
    imported it while this one waited in one_at_a_time): then an IntegrityError, as a row stored
    twice would raise, which the confirm page shows as "already imported"."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from fossdash.reporting.models import ImportBatch

    table = ImportBatch.__table__
    result = db.session.execute(update(table).where(table.c.id == batch.id, table.c.status != "imported")
                                .values(status="imported"))
    if not getattr(result, "rowcount", 1):
        raise IntegrityError(f"UPDATE {table.name}", {"id": batch.id}, Exception("this file is imported already"))
