"""The import's fast path (columns checked a value at a time, rows hashed in bulk, rows written in
one executemany) refuses the same rows with the same messages, keeps the same row identities and
stores the same answers as checking and writing row by row."""
from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from tests.conftest import signed_in_client
from tests.reporting.imports import confirm_url, upload, xlsx_bytes

Q = ["I understand why our services are being brought together", "I feel positive about the change",
     "I have the training I need for the new way of working", "My views are listened to",
     "I feel secure about my job"]
HEADER = ["Respondent", "Survey round", *("Q%d. %s" % (i + 1, q) for i, q in enumerate(Q)),
          "The new rota works for me", "How likely are you to recommend working here to a friend?",
          "Staff group", "Comment", "Date answered"]


WORLD_COMMENT = "The canteen is great."  # tests/surveys/world_part.py


def _imported(db, pid):
    """The project's imported answers, held or already released (the import releases what is
    due), less the world's own released answer."""
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    return [a for model in (HeldAnswer, SurveyAnswer)
            for a in db.session.scalars(select(model).filter_by(project_id=pid)).all()
            if not (model is SurveyAnswer and a.comment == WORLD_COMMENT)]


@pytest.fixture
def rounds(world, db):
    """Alpha's spring round (no own statement) and a closed autumn round asking one."""
    from fossdash.surveys.models import SurveyRound

    autumn = SurveyRound(project_id=world.project.id, title="Autumn pulse", opens_on=date(2026, 10, 1),
                         closes_on=date(2026, 10, 14), own_items=["The new rota works for me"])
    db.session.add(autumn)
    db.session.commit()
    return world.extra["surveys"]["round"], autumn


def _row_by_row(importer, project, rows, header_row=0):
    """The checks as they ran before the fast path, one row and one cell at a time: the oracle."""
    from fossdash.reporting import importing

    columns = importer.columns(project)
    choices = {c.key: importing.normal_choices(c.choices(project) if c.choices else {}) for c in columns}
    mapping, _unsure = importing.match_headers(columns, rows[header_row])
    by_key = {c.key: c.header for c in columns}
    errors, kept, hashes, occurrences = [], [], [], {}
    for n, values in enumerate(rows[header_row + 1:], start=header_row + 2):
        if importing._blank(values):  # noqa: SLF001
            continue
        clean_values, row_ok = {}, True
        for c in columns:
            spec = mapping.get(c.key, "")
            j = int(spec[2:]) if spec.startswith("c:") else None
            raw = (values[j] if j < len(values) else None) if j is not None else None
            value, message = importing.clean(c, raw, choices[c.key])
            if message:
                errors.append((n, c.header, message))
                row_ok = False
            clean_values[c.key] = value
        if row_ok:
            for key, message in importer.check(project, clean_values):
                errors.append((n, by_key.get(key, key), message))
        kept.append((n, clean_values))
        h = importing.row_hash(importer.kind, clean_values)
        occurrences[h] = occurrences.get(h, 0) + 1
        n = occurrences[h]  # the first of identical rows known by its own hash, the others by occurrence
        hashes.append(h if n == 1 else hashlib.sha256(f"{h}#{n}".encode()).hexdigest())
    return errors, kept, hashes


def _rows(spring, autumn):
    good = [["r1", spring.title, "Agree", 4, 4.0, "strongly AGREE", 1, None, 7, None, "More notice, please", None],
            ["r2", autumn.title, 5, 5, 5, 5, 5, "Agree", 10, None, '=HYPERLINK("http://x","y")', "2026-10-03"],
            ["r3", autumn.title, 3, 3, 3, 3, 3, 3, 0, None, None, datetime(2026, 10, 4, 9, 30)]]
    return [HEADER, *good,
            ["r4", spring.title, 7, 7.0, True, "Very much", 2, None, 11, None, None, None],  # bad cells
            [None, None, None, None, None, None, None, None, None, None, None, None],  # blank: skipped
            ["", "  ", "", None, "", "", None, "", "", "", "  ", None],  # blank (spaces): skipped
            ["r7", None, None, None, None, None, None, None, None, None, None, None],  # only an unread cell
            ["r8", spring.title, 2, 2, 2, 2, 2, "Agree", 5, None, None, None],  # an item spring does not ask
            ["r9", autumn.title, 2, 2, 2, 2, 2, None, None, None, None, "2026-11-30"],  # after the round
            ["r10", autumn.title, None, None, None, None, None, None, None, None, "Only a comment", None],
            *good, *good,  # identical answers again: distinct answers, counted by occurrence
            ["r11", "No such round", 1, 1, 1, 1, 1, None, None, None, None, None],
            ["r12", spring.title, "1", " 2 ", 3, 4, 5, None, "8", None, "   ", "5/3/2026"]]


@pytest.mark.parametrize("block", [10_000, 3, 5])
def test_the_fast_checks_refuse_the_same_rows_with_the_same_messages(world, rounds, monkeypatch, block):
    """Every kind of problem, blank rows, repeated rows and rows split across blocks (block=3; 5: a
    block holding a row twice that an earlier block held too): the errors (row, column, message,
    in order), the clean rows and their identities are the oracle's."""
    from fossdash.reporting import import_check, importing

    monkeypatch.setattr(import_check, "BLOCK", block)
    importer = importing.importers()["survey_answers"]
    rows = _rows(*rounds)
    checked = importing.check(importer, world.project, rows)
    errors, kept, hashes = _row_by_row(importer, world.project, rows)
    assert [(e.row, e.column, e.message) for e in checked.errors] == errors
    # Hand-checked: row 5's five bad cells (7, 7.0, True, "Very much", 11); rows 6 and 7 blank;
    # row 8 no round; 9 an item spring does not ask; 10 after the round; 11 no answer; 18 no such
    # round; 19 a day outside spring ("1", " 2 " and "8" are numbers, "   " no comment).
    assert [(n, column[:12]) for n, column, _m in errors] == [
        (5, "I understand"), (5, "I feel posit"), (5, "I have the t"), (5, "My views are"), (5, "How likely a"),
        (8, "Survey round"), (9, "The new rota"), (10, "Date answere"), (11, "I understand"), (18, "Survey round"),
        (19, "Date answere")]
    assert "(True is not)" in errors[2][2] and "(7 is not)" in errors[1][2] and "(7 is not)" in errors[0][2]
    assert checked.rows == kept and checked.hashes == hashes
    assert len(set(hashes)) == len(hashes)  # the repeated rows are distinct answers
    assert [n for n, _v in checked.rows][:3] == [2, 3, 4] and 6 not in [n for n, _v in checked.rows]
    assert checked.rows[1][1]["comment"] == '=HYPERLINK("http://x","y")'  # text, kept as typed


def test_the_checks_report_progress_every_so_many_rows_not_every_block(world, rounds, monkeypatch):
    """Blocks are small (for the processor's cache), but the job's progress, a write of its own, moves
    on only every PROGRESS_ROWS rows, and at the end."""
    from fossdash.reporting import import_check, importing

    monkeypatch.setattr(import_check, "BLOCK", 2)
    monkeypatch.setattr(import_check, "PROGRESS_ROWS", 4)
    rows = _rows(*rounds)[:10]  # the header and 9 rows: blocks end at rows 2, 4, 6, 8 and 9
    calls: list[tuple[int, int]] = []
    importing.check(importing.importers()["survey_answers"], world.project, rows,
                    progress=lambda done, total: calls.append((done, total)))
    assert calls == [(4, 9), (8, 9), (9, 9)]


def test_the_bulk_row_identities_are_the_row_by_row_ones():
    """Unicode, quotes, dates and times, None (dropped, or kept as null), and 1, 1.0 and True in one
    column (equal as keys, not as cells): the same hashes as row_hash, which rows imported before
    were stored under."""
    from fossdash.reporting.importing import row_hash, row_hashes

    rows = [{"a": 1, "b": "caf\u00e9 \u201cquoted\u201d \\ \"x\"", "c": date(2026, 1, 5), "d": None},
            {"a": True, "b": "=HYPERLINK(\"x\")", "c": datetime(2026, 1, 5, 9, 30), "d": 2.5},
            {"a": 1.0, "b": "", "c": None, "d": None},
            {"a": None, "b": None, "c": None, "d": None},
            {"a": 1, "b": "caf\u00e9 \u201cquoted\u201d \\ \"x\"", "c": date(2026, 1, 5), "d": None}]
    keys = ["d", "b", "a", "c"]
    for keep_empty in (False, True):
        expected = [row_hash("kind", r, keep_empty=keep_empty) for r in rows]
        assert row_hashes("kind", keys, rows, keep_empty=keep_empty) == expected
        by_column = [[r[k] for r in rows] for k in keys]  # as the checks have them at hand
        assert row_hashes("kind", keys, rows, keep_empty=keep_empty, columns=by_column) == expected
    assert len(set(row_hashes("kind", keys, rows[:3]))) == 3  # 1, True and 1.0 kept apart
    assert row_hashes("kind", ["a"], [{"a": [1, 2]}]) == [row_hash("kind", {"a": [1, 2]})]  # unhashable value
    assert row_hashes("kind", [], [{}, {}]) == [row_hash("kind", {})] * 2  # no column at all


def test_bulk_written_answers_are_what_create_makes_and_not_in_the_files_order(app, world, rounds, db):
    """The answers written by the bulk insert are those create() makes for each row (the round's own
    statement in o1, the day or the round's last day, no comment for an empty one), and neither the
    answers nor the row identities are stored in the order of the file."""
    from fossdash.reporting import importing
    from fossdash.reporting.models import ImportBatch, ImportedRow
    from fossdash.surveys.importer import create
    from fossdash.surveys.models import VALUE_COLUMNS

    spring, autumn = rounds
    pid = world.project.id
    body = [[f"r{i}", autumn.title, 1 + i % 5, 1 + (i // 5) % 5, 3, None, 2, 1 + (i // 25) % 5, i % 11, None,
             "Fine" if i % 4 == 0 else None, f"2026-10-{1 + i % 14:02d}" if i % 3 else None] for i in range(60)]
    body += [["s1", spring.title, 4, 4, 4, 4, 4, None, 9, None, "  ", None]]
    data = xlsx_bytes([HEADER, *body])
    pm = signed_in_client(app, world.users["programme_manager"])
    resp = pm.post(confirm_url(upload(pm, pid, "survey_answers", data)))
    assert resp.status_code == 302
    importer = importing.importers()["survey_answers"]
    checked = importing.check(importer, world.project, importing.read_rows(data, importer, 10**7))
    expected = sorted(tuple(getattr(create(world.project, v), c) for c in VALUE_COLUMNS) + (v["round_id"],)
                      for _n, v in checked.rows)
    held = _imported(db, pid)
    assert sorted(tuple(getattr(h, c) for c in VALUE_COLUMNS) + (h.round_id,) for h in held) == expected
    assert len(held) == 61 and all(len(h.id) == 32 for h in held) and len({h.id for h in held}) == 61
    assert sum(1 for h in held if h.o1 is not None) == 60  # autumn's own statement; spring asks none
    # Autumn's answers (released at once: it has closed, and shows nothing yet) are stored in the
    # order of their fresh keys, which is not the file's.
    written_order = "ctid" if db.session.get_bind().dialect.name == "postgresql" else "rowid"
    stored_rows = db.session.execute(text("SELECT id, q1, q2, o1, recommend FROM survey_answer WHERE round_id = :r "
                                          f"ORDER BY {written_order}"), {"r": autumn.id}).all()
    assert [r.id for r in stored_rows] == sorted(r.id for r in stored_rows) and len(stored_rows) == 60
    in_file = [(1 + i % 5, 1 + (i // 5) % 5, 1 + (i // 25) % 5, i % 11) for i in range(60)]
    assert sorted(tuple(r)[1:] for r in stored_rows) == sorted(in_file)
    assert [tuple(r)[1:] for r in stored_rows] != in_file
    # The rows' identities: on the batch, one 16-byte digest each (the hash's first 16 bytes), in
    # the random order the answers were written in, not the file's; none in imported_row.
    batch = db.session.scalars(select(ImportBatch).filter_by(project_id=pid, kind="survey_answers")).one()
    blob = batch.row_digests
    stored = [blob[i:i + 16].hex() for i in range(0, len(blob), 16)]
    assert len(blob) == 61 * 16 and sorted(stored) == sorted(h[:32] for h in checked.hashes)
    assert stored != [h[:32] for h in checked.hashes]  # not in the file's order
    assert db.session.scalars(select(ImportedRow).filter_by(project_id=pid)).all() == []
    # Imported again: nothing new. A small file with one of those rows and two new ones (for the
    # open round: the closed one's results are shown now, and it takes no more): the project holds
    # many more rows than the file, so each of its rows is looked up by the index.
    page = pm.get(confirm_url(upload(pm, pid, "survey_answers", data))).get_data(as_text=True)
    assert "there is nothing new to import" in page and len(_imported(db, pid)) == 61
    small = xlsx_bytes([HEADER, body[-1], body[-1], ["s2", spring.title, 2, 2, 2, 2, 2, None, 3, None, None, None]])
    url = confirm_url(upload(pm, pid, "survey_answers", small))
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert (batch.preview["new"], batch.preview["skipped"]) == (2, 1)  # s1 twice: the second is new
    pm.post(url)
    assert len(_imported(db, pid)) == 63


def test_a_row_stored_twice_by_the_bulk_insert_is_an_integrity_error_and_nothing_stays(world, db):
    """The bulk insert (COPY in PostgreSQL) fails as SQLAlchemy's own insert would: an
    IntegrityError (which the confirm page turns into "already imported"), and after the rollback
    none of its rows is kept."""
    from sqlalchemy.exc import IntegrityError

    from fossdash.reporting.importing import insert_rows
    from fossdash.reporting.models import ImportedRow

    pid = world.project.id
    columns = {"project_id": pid, "kind": "twice", "row_hash": ["a" * 64, "b" * 64, "a" * 64], "record_id": None}
    with pytest.raises(IntegrityError):
        insert_rows(ImportedRow.__table__, columns, 3)
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(ImportedRow).filter_by(kind="twice")).all() == []
    insert_rows(ImportedRow.__table__, {**columns, "row_hash": ["a" * 64, "b" * 64]}, 2)
    db.session.commit()
    assert sorted(db.session.scalars(select(ImportedRow.row_hash).filter_by(kind="twice"))) == ["a" * 64, "b" * 64]


@pytest.mark.parametrize("backend", ["sqlite"])  # SQLite's single writer only (no skipped PostgreSQL case)
def test_a_large_import_job_on_a_sqlite_file_finishes_while_it_holds_the_write_lock(app_factory, backend,
                                                                                       monkeypatch):
    """On an SQLite file (one writer at a time) the job's progress cannot be written while the import
    stores its rows: the job still imports every row (it used to fail "database is locked" after
    five seconds), and ends at 100%."""
    from fossdash.extensions import db
    from fossdash.reporting import import_check, importing
    from fossdash.reporting.bench import _seed_project, survey_file
    from fossdash.reporting.models import Job
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer
    from tests.factories import Factory

    app = app_factory()
    monkeypatch.setattr(importing, "JOB_ROWS", 5)
    monkeypatch.setattr(import_check, "BLOCK", 10)
    with app.app_context():
        project, _round = _seed_project()
        admin = Factory().user("admin")
        pm = signed_in_client(app, admin)
        resp = pm.post(confirm_url(upload(pm, project.id, "survey_answers", survey_file(60))))
        assert "/jobs/" in resp.headers["Location"]
        job = db.session.scalar(select(Job).order_by(Job.id.desc()))
        assert (job.status, job.error, job.done, job.total) == ("done", "", 60, 60)
        assert len(_imported(db, project.id)) == 60
        # The round has closed: the job released them too, so no page view has 60 (or 100,000) to move.
        held = db.session.scalar(select(func.count()).select_from(HeldAnswer).filter_by(project_id=project.id))
        released = db.session.scalar(select(func.count()).select_from(SurveyAnswer).filter_by(project_id=project.id))
        assert (held, released) == (0, 60)


@pytest.mark.parametrize("block", [10_000, 3])
def test_a_clean_file_kept_a_column_at_a_time_reads_as_its_rows(world, rounds, monkeypatch, block):
    """Every row clean: the checked rows stay a column at a time (no dict per row until asked),
    across blocks too, and read exactly as the oracle's rows; the plan's new rows likewise, with a
    row already imported left out."""
    from fossdash.reporting import import_check, importing
    from fossdash.reporting.import_rows import ColumnRows, Picked

    monkeypatch.setattr(import_check, "BLOCK", block)
    spring, autumn = rounds
    importer = importing.importers()["survey_answers"]
    rows = [HEADER, *(["r", autumn.title, 1 + i % 5, 2, 3, 4, 5, "Agree", i % 11, None, "Fine" if i % 2 else None,
                       f"2026-10-{1 + i % 9:02d}"] for i in range(8))]
    checked = importing.check(importer, world.project, rows)
    _errors, kept, hashes = _row_by_row(importer, world.project, rows)
    assert isinstance(checked.rows, ColumnRows) and len(checked.rows) == 8
    assert checked.rows == kept and list(checked.rows) == kept and checked.hashes == hashes
    assert checked.rows[-1] == kept[-1] and checked.rows[2:4] == kept[2:4]
    todo = importing.plan(world.project, importer, checked)
    assert isinstance(todo.new, Picked) and todo.new == [(n, v, h) for (n, v), h in zip(kept, hashes)]
    monkeypatch.setattr(importing, "already_imported", lambda project, importer, given: {hashes[1], hashes[5]})
    todo = importing.plan(world.project, importer, checked)
    assert todo.skipped == 2 and [n for n, _v, _h in todo.new] == [2, 4, 5, 6, 8, 9]
    assert todo.new[:2] == [(kept[0][0], kept[0][1], hashes[0]), (kept[2][0], kept[2][1], hashes[2])]


def test_insert_rows_writes_the_rows_asked_for_in_that_order_and_says_how_far_it_has_got(world, db, monkeypatch):
    """`rows` picks the rows written and their order (a column empty in every row left out, so
    NULL); progress is reported as the rows are written, ending at all of them."""
    from fossdash.reporting import import_write
    from fossdash.reporting.models import ImportedRow

    monkeypatch.setattr(import_write, "PROGRESS_ROWS", 2)
    monkeypatch.setattr(import_write, "SQLITE_ROWS_PER_STATEMENT", 2)
    hashes = [c * 64 for c in "abcde"]
    calls: list[tuple[int, int]] = []
    import_write.insert_rows(ImportedRow.__table__, {"project_id": world.project.id, "kind": "picked",
                                                     "row_hash": hashes, "record_id": [None] * 5},
                             5, rows=[4, 0, 2], progress=lambda done, total: calls.append((done, total)))
    db.session.commit()
    stored = db.session.execute(select(ImportedRow.row_hash, ImportedRow.record_id).filter_by(kind="picked")
                                .order_by(ImportedRow.id)).all()
    assert [(h[0], r) for h, r in stored] == [("e", None), ("a", None), ("c", None)]
    assert calls == [(2, 3), (3, 3)]
