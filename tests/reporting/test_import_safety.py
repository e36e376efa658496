"""Upload safety, each case through the import page; and large imports as background jobs (huey in
immediate mode): progress, the result, and a failure that says why and writes nothing."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.reporting.imports import confirm_url, csv_bytes, filled, summary_items, upload, xlsx_bytes

HEADER = ["What is it", "Technique", "Who is it for", "Agency", "Staff group", "Owner", "Due date", "Date done",
          "People reached", "Feedback"]


@pytest.fixture
def never_parsed(monkeypatch):
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a file that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _count(db, model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def _batches(db) -> int:
    from fossdash.reporting.models import ImportBatch

    return _count(db, ImportBatch)


def _action(title: str = "Briefing") -> list:
    return [title, "All-staff briefing", "All staff", "", "", "Chief executive", "1/3/2027", "", "", ""]


def _error(resp) -> str:
    assert resp.status_code == 200, resp.status_code
    return summary_items(resp.get_data(as_text=True))[0]


def test_a_file_over_the_size_limit_gets_the_413_page(app, pm, world, monkeypatch, db):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    before = _batches(db)
    resp = upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER] + [_action(f"A{i}") for i in range(80)]))
    assert resp.status_code == 413 and "The file is too large" in resp.get_data(as_text=True)
    assert _batches(db) == before


def test_a_zip_bomb_is_refused_before_parsing(pm, world, never_parsed, db):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(40):
                member.write(b"\0" * 1024 * 1024)
    data = bomb.getvalue()
    assert len(data) < 100 * 1024  # 40 MB unpacked from under 100 KB
    before = _batches(db)
    assert _error(upload(pm, world.project.id, "comms_actions", data)) == "The file could not be read: it may be damaged"
    assert _batches(db) == before


def test_a_zip_with_too_many_entries_is_refused_before_parsing(pm, world, never_parsed):
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(1001):
            zf.writestr(f"xl/media/p{i}.bin", b"x")
    assert _error(upload(pm, world.project.id, "comms_actions", many.getvalue())) == (
        "The file could not be read: it may be damaged")


def test_a_total_unpacked_size_over_the_limit_is_refused_before_parsing(pm, world, never_parsed, monkeypatch):
    from fossdash.returns import upload as reader

    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 1024 * 1024)
    monkeypatch.setattr(reader.read_workbook, "__kwdefaults__",
                        {**reader.read_workbook.__kwdefaults__, "max_uncompressed": 1024 * 1024})
    noise = io.BytesIO()
    with zipfile.ZipFile(noise, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/media/a.bin", bytes(range(256)) * 5000)
    assert _error(upload(pm, world.project.id, "comms_actions", noise.getvalue())) == (
        "The file must be smaller than 1MB when unzipped")


def test_a_dtd_or_entity_is_refused_before_any_parser_sees_it(pm, world, never_parsed):
    good = xlsx_bytes([HEADER, _action()])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body
            dst.writestr(info.filename, body)
    assert _error(upload(pm, world.project.id, "comms_actions", out.getvalue())) == (
        "The file could not be read: it contains XML that is not allowed")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600])
def test_a_renamed_file_that_is_not_a_spreadsheet_gets_a_clear_message(pm, world, data):
    message = _error(upload(pm, world.project.id, "comms_actions", data, name="actions.xlsx"))
    assert message in ("The selected file must be an Excel file (.xlsx) or a CSV file",
                       "The selected file must be an Excel file (.xlsx)")


def test_the_uploaded_filename_is_never_used_as_a_path_nor_shown(pm, world, db, tmp_path):
    from fossdash.reporting.models import ImportBatch

    evil = "../../../../tmp/fossdash-import-evil.csv"
    target = Path("/tmp/fossdash-import-evil.csv")
    target.unlink(missing_ok=True)
    url = confirm_url(upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER, _action()]), name=evil))
    page = pm.get(url).get_data(as_text=True)
    assert "fossdash-import-evil" not in page and not target.exists()
    batch = db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert "filename" not in ImportBatch.__table__.c and batch.file_type == "csv"
    assert not any("fossdash-import-evil" in str(v) for v in batch.preview.values())


def test_a_file_with_no_header_row_says_so(pm, world):
    assert _error(upload(pm, world.project.id, "comms_actions", csv_bytes([["a", "b"], ["1", "2"]]))) == (
        "The file must have the template's header row: ‘What is it’, ‘Technique’, ‘Who is it for’, ‘Owner’, "
        "‘Due date’ missing")


# --- large imports as background jobs -------------------------------------------------------------------

def test_a_large_import_runs_as_a_job_with_progress_and_its_result(pm, world, db, monkeypatch):
    from fossdash.comms.models import CommsAction
    from fossdash.reporting import importing
    from fossdash.reporting.models import Job

    monkeypatch.setattr(importing, "JOB_ROWS", 5)
    before = _count(db, CommsAction)
    data = filled(pm, world.project.id, "comms_actions",
                  [[f"Team talk {i}", "Small team meetings", "Managers", None, None, "Head of service",
                    date(2027, 1, 1 + i), None, None, None] for i in range(12)])
    resp = pm.post(confirm_url(upload(pm, world.project.id, "comms_actions", data)))
    job_url = resp.headers["Location"]
    assert "/jobs/" in job_url
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert (job.status, job.done, job.total) == ("done", 12, 12)
    assert job.result_note == "12 communication actions imported."
    page = pm.get(job_url).get_data(as_text=True)
    assert "12 communication actions imported." in page
    assert pm.get(f"{job_url}/status").get_json()["percent"] == 100
    assert _count(db, CommsAction) == before + 12


def test_a_failed_job_says_why_and_writes_nothing(pm, world, db, monkeypatch):
    from fossdash.reporting import importing
    from fossdash.reporting.models import ImportBatch, ImportedRow, Job
    from fossdash.training.models import TrainingAttendance, TrainingSession

    monkeypatch.setattr(importing, "JOB_ROWS", 1)
    t = world.extra["training"]
    session = TrainingSession(project_id=world.project.id, course_id=t["course"].id, starts_on=date(2026, 11, 2),
                              ends_on=date(2026, 11, 6), place="Annexe", capacity=10)
    db.session.add(session)
    db.session.commit()
    label = "Alpha joint induction – 2 Nov 2026, Annexe"
    data = filled(pm, world.project.id, "training_attendance",
                  [[label, "Council contact advisers", 5, 5, 5], [label, "Council contact advisers", 5, 5, 5]][:1]
                  + [["Alpha joint induction – 2 Mar 2026, Alpha civic centre", "Council contact advisers", 8, 7,
                      6]])
    url = confirm_url(upload(pm, world.project.id, "training_attendance", data))
    before = (_count(db, TrainingAttendance), _count(db, ImportedRow))
    db.session.delete(session)  # between the preview and the confirmation, the session goes
    db.session.commit()
    job_url = pm.post(url).headers["Location"]
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert job.status == "failed"
    assert job.error == ("1 problem in the file, nothing was imported (first: row 2, Session: Session must be one "
                         "of the list (Alpha joint induction – 2 Nov 2026, Annexe is not))")
    assert job.error in pm.get(job_url).get_data(as_text=True).replace("&#39;", "'")
    assert (_count(db, TrainingAttendance), _count(db, ImportedRow)) == (before[0] - 0, before[1])
    assert db.session.scalar(select(ImportBatch.status).where(ImportBatch.id == int(url.rsplit("/", 1)[1]))) == (
        "previewed")


def test_a_job_that_breaks_half_way_writes_nothing(pm, world, db, monkeypatch):
    from fossdash.comms import importer as comms_importer
    from fossdash.comms.models import CommsAction
    from fossdash.reporting import importing
    from fossdash.reporting.models import ImportedRow, Job

    monkeypatch.setattr(importing, "JOB_ROWS", 1)
    real = comms_importer.IMPORTER.create
    made = []

    def flaky(project, values):
        made.append(values["title"])
        if len(made) == 3:
            raise RuntimeError("disk full")
        return real(project, values)

    monkeypatch.setattr(comms_importer.IMPORTER, "create", flaky)
    monkeypatch.setattr(importing, "create_all", _small_chunks(importing.create_all))
    before = (_count(db, CommsAction), _count(db, ImportedRow))
    data = csv_bytes([HEADER] + [_action(f"Briefing {i}") for i in range(4)])
    pm.post(confirm_url(upload(pm, world.project.id, "comms_actions", data, name="a.csv")))
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert job.status == "failed" and job.error.startswith("Something went wrong and nothing was saved (RuntimeError)")
    assert (_count(db, CommsAction), _count(db, ImportedRow)) == before


def _small_chunks(create_all):
    """create_all with the rows flushed two at a time, so some are written before the failure."""
    from fossdash.reporting import importing

    def run(project, importer, batch, todo, progress=None):
        done = 0
        for i in range(0, len(todo.new), 2):
            done += create_all(project, importer, batch, importing.Plan(todo.new[i:i + 2], 0), progress)
        return done

    return run


def test_calamine_and_openpyxl_read_the_same_rows_numbered_as_the_sheet(monkeypatch):
    """python-calamine (when installed) reads the data faster; the rows, their numbers and values
    are what openpyxl reads (a whole number may come back as 4.0: the checks take it as 4; an empty
    cell as "", as in a CSV: the checks take it as empty)."""
    pytest.importorskip("python_calamine")
    from openpyxl import Workbook

    from fossdash.reporting import import_read, importing

    wb = Workbook()
    ws = wb.active
    ws["C3"], ws["D3"] = "What is it", "Due date"
    ws["C4"], ws["D4"], ws["E5"] = '=HYPERLINK("x","y")', date(2027, 1, 2), 4
    ws["C4"].data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    importer = importing.importers()["comms_actions"]

    def plain(rows):  # 4.0 is 4, a date at midnight is the date and "" is empty, to the checks
        def one(v):
            if v == "":
                return None
            if isinstance(v, float) and v.is_integer():
                return int(v)
            return v.date() if isinstance(v, datetime) else v

        return [tuple(one(v) for v in r) for r in rows]

    fast = plain(importing.read_rows(buf.getvalue(), importer, max_bytes=10**7))
    monkeypatch.setattr(import_read, "calamine", lambda: None)
    slow = plain(importing.read_rows(buf.getvalue(), importer, max_bytes=10**7))
    assert len(fast) == len(slow) == 5
    assert [tuple(v for v in r if v is not None) for r in fast] == [tuple(v for v in r if v is not None) for r in slow]
    assert fast[2][2:4] == ("What is it", "Due date") and fast[3][2] == '=HYPERLINK("x","y")'


def test_a_large_file_is_checked_by_a_job_whose_result_names_the_rows(pm, world, db, monkeypatch):
    """Reading and checking 100,000 rows must not hang the request: a large upload is checked by
    the worker, and its progress page leads to the errors (or the preview)."""
    from fossdash.comms.models import CommsAction
    from fossdash.reporting import importing
    from fossdash.reporting.models import ImportBatch, Job

    monkeypatch.setattr(importing, "CHECK_IN_JOB_BYTES", 100)
    before = _count(db, CommsAction)
    bad = _action("Huddle")
    bad[2] = "A staff group"
    resp = upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER, _action(), bad]), name="big.csv")
    job_url = resp.headers["Location"]
    assert "/jobs/" in job_url
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert job.kind == "import_check" and job.status == "done"
    assert job.result_note == "1 problem in the file: nothing has been imported. Fix it and upload the file again."
    page = pm.get(job_url).get_data(as_text=True)
    assert "See the result of the checks" in page
    assert "Checked: something needs you" in page and "govuk-notification-banner--success" not in page
    errors = pm.get(job.params["next"]).get_data(as_text=True)
    assert summary_items(errors)[1] == "Row 3, Staff group: Enter which staff group it is for"
    assert f'action="/projects/{world.project.id}/returns/imports/comms_actions/upload"' in errors  # upload anew
    batch = db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))
    assert batch.status == "refused" and batch.content == b""  # a refused file is not kept
    assert _count(db, CommsAction) == before
    # A good large file: checked by a job, previewed, imported.
    resp = upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER, _action(), _action("Two")]))
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert job.result_note == "Every row passed the checks: 2 communication actions to import. Check them, then import."
    assert "govuk-notification-banner--success" in pm.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Import 2 communication actions" in pm.get(job.params["next"]).get_data(as_text=True)
    pm.post(job.params["next"])
    assert _count(db, CommsAction) == before + 2


def test_an_upload_left_unconfirmed_for_a_day_is_deleted(pm, world, db):
    from datetime import timedelta

    from fossdash.modelkit import utcnow
    from fossdash.reporting.models import ImportBatch

    url = confirm_url(upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER, _action()]), name="a.csv"))
    batch_id = int(url.rsplit("/", 1)[1])
    db.session.execute(db.update(ImportBatch).where(ImportBatch.id == batch_id)
                       .values(created_at=utcnow() - timedelta(days=1, minutes=1)))
    db.session.commit()
    upload(pm, world.project.id, "comms_actions", csv_bytes([HEADER, _action("Other")]), name="b.csv")
    db.session.expire_all()
    old = db.session.get(ImportBatch, batch_id)
    assert old.status == "refused" and old.content == b""
    page = pm.get(url).get_data(as_text=True)
    assert "This file was uploaded more than a day ago and not imported, so it has been deleted" in page
    assert pm.post(url).status_code == 200  # nothing to import
