"""Importing training attendance and communication actions through the import pages: the
project's template, every row checked (row, column, message; nothing written), the preview, one
transaction, and no duplicates when the same file comes again."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.reporting.imports import confirm_url, csv_bytes, filled, summary_items, template, upload

NEW_SESSION = "Alpha joint induction – 2 Nov 2026, Town hall"
OLD_SESSION = "Alpha joint induction – 2 Mar 2026, Alpha civic centre"
GROUP = "Council contact advisers"  # headcount 12


@pytest.fixture
def session(world, db):
    from fossdash.training.models import TrainingSession

    t = world.extra["training"]
    s = TrainingSession(project_id=world.project.id, course_id=t["course"].id, starts_on=date(2026, 11, 2),
                        ends_on=date(2026, 11, 6), place="Town hall", capacity=10)
    db.session.add(s)
    db.session.commit()
    return s


def _count(db, model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


# --- the template ------------------------------------------------------------------------------------

def test_the_training_template_lists_the_projects_sessions_and_groups_with_validation(pm, world, session):
    wb = template(pm, world.project.id, "training_attendance")
    assert wb.sheetnames == ["Instructions", "Training attendance", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    lists = [[c.value for c in col if c.value is not None] for col in wb["Lists"].iter_cols()]
    assert lists[0] == ["Session", OLD_SESSION, NEW_SESSION]  # in date order
    assert lists[1][0] == "Staff group" and GROUP in lists[1] and "Bravo call handlers" not in lists[1]
    ws = wb["Training attendance"]
    assert [c.value for c in ws[1]] == ["Session", "Staff group", "Places planned", "Attended", "Completed"]
    assert ws.protection.sheet and ws["A1"].protection.locked and not ws["A2"].protection.locked
    kinds = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert kinds["A"].type == "list" and kinds["A"].formula1 == "'Lists'!$A$2:$A$3"
    assert kinds["C"].type == "whole" and (kinds["C"].formula1, kinds["C"].formula2) == ("0", "100000")
    assert kinds["C"].showInputMessage and kinds["C"].prompt == "Places booked for this group at this session."
    assert "One row for each staff group" in " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)


def test_the_comms_template_has_date_validation_and_the_techniques(pm, world):
    wb = template(pm, world.project.id, "comms_actions")
    ws = wb["Communication actions"]
    by_col = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert by_col["G"].type == "date" and by_col["G"].formula1 == "DATE(1990,1,1)"  # Due date
    techniques = [c.value for c in wb["Lists"]["A"] if c.value]
    assert techniques[:3] == ["Technique", "All-staff briefing", "Manager briefing"] and "Other" in techniques


# --- training attendance ------------------------------------------------------------------------------

def test_impossible_counts_are_named_by_row_and_column_and_nothing_is_written(pm, world, session, db):
    from fossdash.reporting.models import ImportBatch
    from fossdash.training.models import TrainingAttendance

    pid = world.project.id
    before = _count(db, TrainingAttendance)
    data = filled(pm, pid, "training_attendance", [
        [NEW_SESSION, GROUP, 8, 5, 6],  # row 2: more completed than attended
        [NEW_SESSION, GROUP, 13, None, None],  # row 3: more than the group's headcount; and a repeat of row 2
        [NEW_SESSION, "Bravo call handlers", 1, None, None],  # row 4: another project's group
    ])
    resp = upload(pm, pid, "training_attendance", data)
    assert resp.status_code == 200
    items = summary_items(resp.get_data(as_text=True))
    assert items == [
        "3 problems in the file: nothing has been imported. Fix them and upload the file again",
        "Row 2, Completed: Completed for Council contact advisers must be no more than attended (5)",
        "Row 3, Places planned: Planned for Council contact advisers must be 12 or fewer (the group’s headcount)",
        "Row 4, Staff group: Staff group must be one of the list (Bravo call handlers is not)",
    ]
    assert _count(db, TrainingAttendance) == before and _count(db, ImportBatch, status="previewed") == 1  # world's


def test_a_fixed_file_is_previewed_imported_once_and_never_duplicated(pm, world, session, db):
    from fossdash.training.models import TrainingAttendance

    pid = world.project.id
    rows = [[NEW_SESSION, GROUP, 8, 5, 4], [OLD_SESSION, GROUP, 8, 7, 6]]  # the second is recorded already
    data = filled(pm, pid, "training_attendance", rows)
    url = confirm_url(upload(pm, pid, "training_attendance", data))
    page = pm.get(url).get_data(as_text=True)
    assert "Import 2 attendance records" in page and NEW_SESSION.replace("–", "&ndash;") not in page
    resp = pm.post(url, follow_redirects=True)
    assert "2 attendance records imported." in resp.get_data(as_text=True)
    row = db.session.scalar(select(TrainingAttendance).filter_by(session_id=session.id))
    assert (row.planned, row.attended, row.completed) == (8, 5, 4)
    assert _count(db, TrainingAttendance, session_id=world.extra["training"]["session"].id) == 1
    # The same file again: nothing new.
    again = pm.get(confirm_url(upload(pm, pid, "training_attendance", data))).get_data(as_text=True)
    assert "there is nothing new to import" in again
    assert _count(db, TrainingAttendance, session_id=session.id) == 1


def test_counts_that_differ_from_those_recorded_are_refused_and_a_repeat_in_the_file_is_named(pm, world, db):
    pid = world.project.id
    data = filled(pm, pid, "training_attendance", [[OLD_SESSION, GROUP, 9, 7, 6], [OLD_SESSION, GROUP, 9, 7, 6]])
    items = summary_items(upload(pm, pid, "training_attendance", data).get_data(as_text=True))
    assert items[1] == ("Row 2, Staff group: Council contact advisers already has counts for this session "
                        "(planned 8, attended 7): change them on the session's attendance page")
    assert items[2].startswith("Row 3, Staff group: Council contact advisers already has counts")


# --- communication actions ------------------------------------------------------------------------------

HEADER = ["What is it", "Technique", "Who is it for", "Agency", "Staff group", "Owner", "Due date", "Date done",
          "People reached", "Feedback"]


def test_a_csv_of_actions_with_a_missing_staff_group_is_refused_then_imported(pm, world, db):
    from fossdash.comms.models import CommsAction

    pid = world.project.id
    before = _count(db, CommsAction)
    bad = csv_bytes([HEADER,
                     ["Rumour-busting page", "Rumour-busting section", "All staff", "", "", "Comms officer",
                      "5/1/2027", "", "", ""],
                     ["Advisers' huddle", "Small team meetings", "A staff group", "", "", "Team leader",
                      "12 Jan 2027", "", "", ""],
                     ["Visit", "Visit to an existing site", "Managers", "", "", "Head of service", "31/2/2027",
                      "", "-3", ""]])
    resp = upload(pm, pid, "comms_actions", bad, name="plan.csv")
    assert summary_items(resp.get_data(as_text=True))[1:] == [
        "Row 3, Staff group: Enter which staff group it is for",
        "Row 4, Due date: Due date must be a real date, like 5/11/2026",
        "Row 4, People reached: People reached must be 0 or more",
    ]
    assert _count(db, CommsAction) == before
    good = csv_bytes([HEADER,
                      ["Rumour-busting page", "Rumour-busting section", "All staff", "", "", "Comms officer",
                       "5/1/2027", "", "", ""],
                      ["Advisers' huddle", "small team MEETINGS", "A staff group", "", GROUP, "Team leader",
                       "12 Jan 2027", "", "", ""],
                      ["Police briefing", "Manager briefing", "One agency's staff", "Alpha Police", "", "Inspector",
                       "2027-01-20", "", "", ""]])  # a typed apostrophe matches the list's ’
    resp = pm.post(confirm_url(upload(pm, pid, "comms_actions", good, name="plan.csv")), follow_redirects=True)
    assert "3 communication actions imported." in resp.get_data(as_text=True)
    huddle = db.session.scalar(select(CommsAction).filter_by(title="Advisers' huddle"))
    assert (huddle.technique, huddle.audience, huddle.staff_group_id, huddle.due_on) == (
        "team_meetings", "staff_group", world.ids["staff_group_id"], date(2027, 1, 12))
    page = pm.post(confirm_url(upload(pm, pid, "comms_actions", good, name="plan.csv"))).get_data(as_text=True)
    assert _count(db, CommsAction) == before + 3, page
    police = db.session.scalar(select(CommsAction).filter_by(title="Police briefing"))
    assert (police.audience, police.agency.name) == ("agency", "Alpha Police")


def test_imported_actions_are_audited_with_the_import(pm, world, db):
    from fossdash.audit import AuditEvent

    pid = world.project.id
    data = filled(pm, pid, "comms_actions", [["Forum", "Partnership forum", "Partners", None, None, "Director",
                                              date(2027, 2, 1), None, 40, "Questions about parking"]])
    pm.post(confirm_url(upload(pm, pid, "comms_actions", data)))
    created = db.session.scalars(select(AuditEvent).filter_by(entity="comms_action", action="create")).all()
    assert [e.changes.get("title") for e in created][-1:] in (["Forum"], [[None, "Forum"]])
    note = db.session.scalars(select(AuditEvent.note).filter_by(action="import")).all()[-1]
    assert note == "Communication actions: 1 communication action imported"


def test_a_hyperlink_formula_is_stored_as_text_and_exported_as_text(pm, world, db):
    from fossdash.comms.models import CommsAction

    pid = world.project.id
    hostile = '=HYPERLINK("http://evil.example","Click")'
    data = csv_bytes([HEADER, [hostile, "Newsletter", "All staff", "", "", "=1+1", "1/3/2027", "", "", ""]])
    pm.post(confirm_url(upload(pm, pid, "comms_actions", data, name="n.csv")))
    action = db.session.scalar(select(CommsAction).filter_by(owner="=1+1"))
    assert action.title == hostile
    wb = load_workbook(io.BytesIO(pm.get(f"/projects/{pid}/communication/export.xlsx").data))
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)


def test_rows_imported_under_the_first_released_identity_are_not_imported_again(pm, world, db):
    """Rows imported before empty values were left out of a row's identity were stored under the
    first identity (empty values included): the same file again still creates nothing."""
    from fossdash.comms.models import CommsAction
    from fossdash.reporting.importing import row_hash
    from fossdash.reporting.models import ImportedRow

    pid = world.project.id
    data = csv_bytes([HEADER, ["Rumour-busting page", "Rumour-busting section", "All staff", "", "",
                               "Comms officer", "5/1/2027", "", "", ""]])
    pm.post(confirm_url(upload(pm, pid, "comms_actions", data, name="actions.csv")), follow_redirects=True)
    action = db.session.scalar(select(CommsAction).filter_by(project_id=pid, title="Rumour-busting page"))
    assert action is not None
    stored = db.session.scalars(select(ImportedRow).filter_by(project_id=pid, kind="comms_actions")).all()
    assert len(stored) == 1
    from fossdash.reporting.importing import check, importers, read_rows

    importer = importers()["comms_actions"]
    checked = check(importer, world.project, read_rows(data, importer, 10**6))
    assert len(checked.rows) == 1 and not checked.errors
    values = checked.rows[0][1]
    assert None in values.values()  # an empty value: the two identities differ
    new_identity = stored[0].row_hash
    stored[0].row_hash = row_hash("comms_actions", values, keep_empty=True)
    db.session.commit()
    assert stored[0].row_hash != new_identity
    before = _count(db, CommsAction, project_id=pid)
    again = pm.get(confirm_url(upload(pm, pid, "comms_actions", data, name="actions.csv"))).get_data(as_text=True)
    assert "there is nothing new to import" in again
    assert _count(db, CommsAction, project_id=pid) == before


def test_a_confirmation_sent_twice_at_once_shows_the_import_not_an_error(pm, world, db, monkeypatch):
    """The second of two simultaneous confirmations meets the first one's rows (the unique row
    identity): it rolls back and shows the import as done, never a server error."""
    from sqlalchemy.exc import IntegrityError

    from fossdash.comms.models import CommsAction
    from fossdash.reporting import importing

    pid = world.project.id
    data = csv_bytes([HEADER, ["Team huddle", "Small team meetings", "All staff", "", "", "Team leader",
                               "5/1/2027", "", "", ""]])
    url = confirm_url(upload(pm, pid, "comms_actions", data, name="actions.csv"))
    before = _count(db, CommsAction, project_id=pid)

    def collides(*args, **kwargs):
        raise IntegrityError("INSERT INTO imported_row", {}, Exception("unique"))

    monkeypatch.setattr(importing, "create_all", collides)
    resp = pm.post(url, follow_redirects=True)
    assert resp.status_code == 200
    assert "These rows have already been imported." in resp.get_data(as_text=True)
    assert _count(db, CommsAction, project_id=pid) == before
