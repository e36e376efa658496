"""The quarterly return, submitting it, the portfolio job and concerns imports, end to end."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from fossdash.returns.periods import ReturnQuarter

Q = ReturnQuarter.of(date(2007, 2, 5))  # 2006-07 Q4: the world's named concern


def _book(data: bytes, read_only=False):
    return load_workbook(io.BytesIO(data), read_only=read_only)


def _values(ws):
    return [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_quarter_labels_financial_and_calendar():
    q = ReturnQuarter.of(date(2026, 11, 5))
    assert q.label == "2026-27 Q3" and q.as_scheme("calendar").label == "2026 Q4"
    assert ReturnQuarter.parse("2026-27-Q3") == q and ReturnQuarter.parse("2026-27-Q5") is None


def test_the_return_has_its_sheets_charts_and_hides_raisers_from_union_reps(app, world, login):
    url = f"/projects/{world.project.id}/returns/return.xlsx?quarter={Q.key}"
    pm = login(world.users["programme_manager"]).get(url)
    assert pm.status_code == 200
    book = _book(pm.data)
    assert book.sheetnames[0] == "Cover" and {"Concerns", "Grading", "Milestones"} <= set(book.sheetnames)
    assert "2006-07 Q4 (January to March 2007)" in _values(book["Cover"])
    concerns = book["Concerns"]
    assert "Janet Example (contact adviser)" in _values(concerns)
    chart = concerns._charts[0]
    refs = [s.val.numRef.f for s in chart.series]
    header = next(r for r in concerns.iter_rows() if r[0].value == "Quarter")[0].row
    assert refs[0] == f"'Concerns'!$B${header + 1}:$B${header + 8}"
    # the trend's last row is this quarter, with the one concern raised in it
    assert concerns.cell(header + 8, 1).value == Q.label and concerns.cell(header + 8, 2).value == 1
    assert concerns.print_title_rows and concerns.page_setup.orientation == "landscape"
    rep = login(world.users["union_rep"]).get(url)
    assert rep.status_code == 200
    values = _values(_book(rep.data)["Concerns"])
    assert "Janet Example (contact adviser)" not in values
    assert "The register itself is not included for your role." in values


def test_a_submitted_return_downloads_byte_for_byte_after_records_change(app, world, login, db):
    from fossdash.concerns.models import Concern
    from fossdash.reporting.models import SubmittedReturn

    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{world.project.id}/returns/submit", data={"quarter": Q.key})
    assert r.status_code == 302
    row = db.session.scalars(db.select(SubmittedReturn).filter_by(quarter_key=Q.key)).one()
    kept = bytes(row.content)
    db.session.add(Concern(project_id=world.project.id, kind="concern", category="workload", channel="briefing",
                           status="open", text="Later", raised_on=date(2007, 5, 20)))
    db.session.commit()
    again = pm.get(f"/projects/{world.project.id}/returns/submitted/{row.id}.xlsx")
    assert again.data == kept
    assert "2006-07 Q4" in pm.get(f"/projects/{world.project.id}/returns/").text
    assert login(world.users["union_rep"]).get(
        f"/projects/{world.project.id}/returns/submitted/{row.id}.xlsx").status_code == 403


def test_portfolio_return_runs_as_a_job_and_gives_a_workbook(app, world, login):
    ex = login(world.users["executive"])
    r = ex.post("/returns/portfolio", data={"quarter": ReturnQuarter.of(date.today()).previous().key})
    assert r.status_code == 302
    page = ex.get(r.headers["Location"])
    assert "Finished" in page.text
    job_id = r.headers["Location"].rstrip("/").split("/")[-1]
    state = ex.get(f"/jobs/{job_id}/status").json
    assert state["status"] == "done" and state["done"] == state["total"] >= 2
    book = _book(ex.get(f"/jobs/{job_id}/result").data)
    assert "Alpha one-stop shop" in _values(book["Portfolio"])
    assert login(world.users["hr"]).get(f"/jobs/{job_id}").status_code == 404


CSV_HEAD = "Date raised,Concern or question,Category,How it was raised,What was said\n"


def _upload(client, world, body: bytes, name="concerns.csv"):
    return client.post(f"/projects/{world.project.id}/returns/imports/concerns/upload",
                       data={"file": (io.BytesIO(body), name)}, content_type="multipart/form-data")


def _count(db, world):
    from fossdash.concerns.models import Concern

    return db.session.scalar(db.select(db.func.count(Concern.id)).filter_by(project_id=world.project.id))


def test_a_bad_row_is_named_and_nothing_is_written_then_fixed_it_imports_once(app, world, login, db):
    pm = login(world.users["programme_manager"])
    before = _count(db, world)
    bad = (CSV_HEAD + "5/11/2026,Concern,Workload,Staff briefing,Too much\n"
           "31/02/2026,Concern,Nonsense,Staff briefing,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n").encode()
    r = _upload(pm, world, bad)
    assert r.status_code == 200, r.status_code
    assert "Row 3, Date raised" in r.text and "Row 3, Category" in r.text
    assert _count(db, world) == before
    good = bad.replace(b"31/02/2026,Concern,Nonsense", b"28/02/2026,Concern,Pay and grading")
    r = _upload(pm, world, good)
    assert r.status_code == 302
    preview = pm.get(r.headers["Location"])
    assert "New concerns to import" in preview.text
    done = pm.post(r.headers["Location"], data={})
    assert done.status_code == 302 and _count(db, world) == before + 2
    from fossdash.concerns.models import Concern

    assert db.session.scalar(db.select(Concern.text).where(Concern.text.like("=HYPERLINK%"))) \
        == '=HYPERLINK("http://x","y")'
    r = _upload(pm, world, good)
    assert "Rows already imported (skipped)" in pm.get(r.headers["Location"]).text
    pm.post(r.headers["Location"], data={})
    assert _count(db, world) == before + 2


def test_upload_safety(app, world, login):
    pm = login(world.users["programme_manager"])
    r = _upload(pm, world, b"PK\x03\x04 not really a zip", "evil.xlsx")
    assert r.status_code == 200 and "Excel file" in r.text
    r = _upload(pm, world, b"\x00\x01binary", "../../etc/passwd")
    assert r.status_code == 200 and "must be an Excel file (.xlsx) or a CSV file" in r.text
    app.config["MAX_CONTENT_LENGTH"] = 1000
    r = _upload(pm, world, b"x" * 5000)
    assert r.status_code == 413


def test_template_has_dropdowns_locked_header_and_instructions(app, world, login):
    r = login(world.users["programme_manager"]).get(
        f"/projects/{world.project.id}/returns/imports/concerns/template.xlsx")
    book = _book(r.data)
    assert book.sheetnames[:2] == ["Instructions", "Concerns"]
    ws = book["Concerns"]
    assert ws.protection.sheet and ws["A1"].protection.locked and not ws["A2"].protection.locked
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "date", "textLength"} <= kinds
    assert all(dv.prompt for dv in ws.data_validations.dataValidation)


def test_a_failed_job_says_why_and_writes_nothing(app, world, login, db):
    from fossdash.reporting import jobs
    from fossdash.reporting.models import Job

    @jobs.kind("explodes")
    def explodes(job, progress):
        from fossdash.concerns.models import Concern

        progress(1, 2)
        db.session.add(Concern(project_id=world.project.id, kind="concern", category="other", channel="briefing",
                               status="open", text="half", raised_on=date(2026, 1, 1)))
        db.session.flush()
        raise jobs.JobFailed("The file went missing.")

    before = _count(db, world)
    with app.test_request_context():
        job = jobs.start("explodes", "Boom", world.users["programme_manager"])
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and job.error == "The file went missing."
    assert _count(db, world) == before
    page = login(world.users["programme_manager"]).get(f"/jobs/{job.id}").text
    assert "The file went missing." in page and "Nothing was saved." in page
