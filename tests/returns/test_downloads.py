"""The export base (fossdash.downloads) and the domain sheets it sends: one filename rule, an audit
row per export, text that stays text, dates that stay dates."""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fossdash.downloads import FILENAME_MAX, filename, slug
from fossdash.returns.xlsx import Column, Sheet

DAY = date(2026, 12, 2)
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def _project(name, id=7):
    return SimpleNamespace(name=name, id=id)


# --- the filename rule -----------------------------------------------------------------------------

@pytest.mark.parametrize("what, name, expected", [
    ("concerns", "Northumbria 101", "concerns-northumbria-101-2026-12-02.xlsx"),
    ("grading-register", "Alpha one-stop shop", "grading-register-alpha-one-stop-shop-2026-12-02.xlsx"),
    ("Grading register", "Ynys Môn & Gwynedd — “Contact” Centre", "grading-register-ynys-mon-gwynedd-contact-centre-2026-12-02.xlsx"),
    ("concerns", "../../etc/passwd\r\nSet-Cookie: x", "concerns-etc-passwd-set-cookie-x-2026-12-02.xlsx"),
    ("concerns", "東京 センター", "concerns-project-7-2026-12-02.xlsx"),  # nothing ASCII: never empty
    ("concerns", "   ", "concerns-project-7-2026-12-02.xlsx"),
    ("", "Northumbria", "export-northumbria-2026-12-02.xlsx"),
])
def test_the_filename_is_what_then_project_then_date_in_ascii_slugs(what, name, expected):
    assert filename(what, _project(name), DAY) == expected


def test_a_long_name_is_cut_at_a_word_to_80_characters_and_no_project_leaves_it_out():
    long = filename("concerns", _project("Shared customer services " * 10), DAY)
    assert len(long) <= FILENAME_MAX and long.endswith("-services-2026-12-02.xlsx")
    assert long.startswith("concerns-shared-customer-services-")
    one_word = filename("concerns", _project("x" * 300), DAY)
    assert len(one_word) == FILENAME_MAX and "--" not in one_word
    assert filename("concerns", None, DAY) == "concerns-2026-12-02.xlsx"
    for name in (filename("a" * 200, _project("b" * 200), DAY), long, one_word):
        assert name.isascii() and name == name.lower() and " " not in name
    assert slug("--Hello,   World!--") == "hello-world" and slug("") == ""


# --- send_workbook -------------------------------------------------------------------------------

def _sheets(rows):
    return [(Sheet("Register", [Column("Text"), Column("Day", "date"), Column("Count", "int")],
                   ["A note above the table"]), rows)]


def _send(app, sheets, **kw):
    from fossdash.downloads import send_workbook

    with app.test_request_context("/"):
        response = send_workbook(sheets, **kw)
        data = b"".join(response.response)
        response.close()
    return response, data


def _events(db):
    from fossdash.audit import AuditEvent

    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()


def test_send_workbook_sends_an_attachment_logs_the_export_and_keeps_text_as_text(app, db, make):
    project = make.project(name="Northumbria 101")
    rows = ([text, DAY, i] for i, text in enumerate(HOSTILE, start=1))  # a generator: read once
    response, data = _send(app, _sheets(rows), title="Concerns register", what="concerns", project=project,
                           entity="concern", note="category: Workload")

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == f"attachment; filename=concerns-northumbria-101-{today}.xlsx"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.content_length == len(data) > 0

    [event] = _events(db)
    assert (event.entity, event.entity_id, event.project_id) == ("concern", None, project.id)
    assert event.note == "Concerns register: 4 rows (category: Workload)"  # counted as written

    wb = load_workbook(BytesIO(data))
    assert wb.properties.title == "Concerns register – Northumbria 101"
    ws = wb["Register"]
    assert ws["A1"].value == "A note above the table" and ws["A3"].value == "Text" and ws["A3"].font.bold
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:C7"
    texts = [ws.cell(row=r, column=1) for r in range(4, 8)]
    assert [c.value for c in texts] == HOSTILE and all(c.data_type == "s" for c in texts)
    assert isinstance(ws["B4"].value, datetime) and ws["B4"].value.date() == DAY and ws["B4"].is_date
    assert ws["C4"].value == 1 and ws["C4"].data_type == "n"


def test_the_caller_may_count_something_else_and_the_log_says_one_row_not_one_rows(app, db, make):
    project = make.project()
    _send(app, _sheets([["a", None, 1], ["b", None, 2]]), title="Grading register", what="grading-register",
          project=project, entity="grading_issue", count=1, noun="issue")
    _send(app, _sheets([["a", None, 1]]), title="Everything", what="everything", entity="project")
    first, second = _events(db)
    assert first.note == "Grading register: 1 issue" and first.entity == "grading_issue"
    assert second.note == "Everything: 1 row" and second.project_id is None


def test_nothing_is_logged_or_sent_when_writing_fails(app, db, make):
    project = make.project()

    def rows():
        yield ["fine", None, 1]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        _send(app, _sheets(rows()), title="Concerns register", what="concerns", project=project, entity="concern")
    assert _events(db) == []


# --- the domains' sheets, from plain data ----------------------------------------------------------

def _concern(**kw):
    from fossdash.returns.concerns import ConcernRow

    values = dict(id=1234, raised_on=date(2026, 3, 4), kind="concern", category="workload", channel="briefing",
                  agency_id=1, agency_name="Northumbria Police", staff_group_id=2, staff_group_name="Advisers",
                  severity=None, status="open", text=HOSTILE[0], raised_by=None, response=HOSTILE[1],
                  answered_by_name=None, answered_on=None, actions="", closed_on=None, illustrative=True)
    values.update(kw)
    return ConcernRow(**values)


def test_the_concerns_sheet_is_built_from_plain_rows_and_hides_what_the_pages_hide():
    from fossdash.concerns.service import WITHHELD, Anonymity
    from fossdash.returns import concerns
    from fossdash.returns.xlsx import write_workbook

    where = Anonymity(k=5, agency_staff={1: 40}, group_headcount={2: 3}, group_agency={2: 1})
    data = [_concern(), _concern(id=1235, channel="staff_link", raised_by="Should not show")]
    buf = BytesIO()
    counts = write_workbook(buf, concerns.sheets(_project("Northumbria 101"), iter(data), include_raiser=False,
                                                 anonymity=where, filter_words=["category: Workload"],
                                                 exported_on=DAY))
    assert counts == [2]
    ws = load_workbook(BytesIO(buf.getvalue()))["Concerns"]
    notes = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    assert notes[0] == "Concerns register: Northumbria 101" and "Exported 2 December 2026 from fossdash." in notes
    assert "Filtered: category: Workload." in notes and "Who raised named concerns is not included." in notes
    top = next(r for r in range(1, 12) if ws.cell(row=r, column=1).value == "Reference")
    header = [c.value for c in ws[top]]
    assert "Raised by" not in header
    table = [dict(zip(header, row)) for row in ws.iter_rows(min_row=top + 1)]
    named, linked = table
    assert named["Reference"].value == 1234 and named["Reference"].number_format == "0"
    assert named["Date raised"].is_date and named["Severity"].value == "Not assessed"
    assert named["What was said"].value == HOSTILE[0] and named["What was said"].data_type == "s"
    assert named["Response"].value == HOSTILE[1] and named["Illustrative"].value == "Illustrative"
    assert named["Agency"].value == "Northumbria Police" and named["Staff group"].value == "Advisers"
    assert linked["Agency"].value == "Northumbria Police" and linked["Staff group"].value == WITHHELD  # 3 < k
    everything = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Should not show" not in everything


def test_the_concerns_sheet_names_the_raiser_only_when_asked():
    from fossdash.concerns.service import Anonymity
    from fossdash.returns import concerns

    where = Anonymity(k=5, agency_staff={}, group_headcount={}, group_agency={})
    [(sheet, rows)] = concerns.sheets(_project("P"), [_concern(raised_by="Janet"), _concern(id=2)],
                                      include_raiser=True, anonymity=where)
    raised_by = [c.header for c in sheet.columns].index("Raised by")
    assert [r[raised_by] for r in rows] == ["Janet", "Anonymous"]
    assert concerns.audit_note(["status: Open"], include_raiser=False) == "status: Open; without who raised them"
    assert concerns.audit_note(None, include_raiser=True) == ""


def test_the_grading_sheets_are_built_from_loaded_issues():
    from fossdash.returns import grading

    issue = SimpleNamespace(id=3, role_title=HOSTILE[0], status="hr_review", position=None, position_key=None,
                            staff_groups=[], decision=None, rows=[], evaluation=None, illustrative=True,
                            status_changed_at=datetime(2026, 11, 30, 9, 0))
    built = grading.sheets(_project("Alpha"), [issue], 25, 5, DAY)
    assert [s.title for s, _ in built] == ["Grading register"]  # no equal-pay warnings sheet
    sheet, rows = built[0]
    [row] = list(rows)
    assert len(row) == len(sheet.columns) == len(grading.COLUMNS)
    assert row[0] == 3 and row[1] == HOSTILE[0] and row[-2] == 2 and row[-1] == "Yes"
    assert any("ILLUSTRATIVE (see the last column)" in n for n in sheet.notes)
