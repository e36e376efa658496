"""The training plan through its pages: adding a course and a session, recording attendance,
refusing the impossible, who may change what, and the export."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.conftest import signed_in_client


@pytest.fixture
def alpha(world):
    return world.ids["project_id"], world.extra["training"]


def _client(app, world, who):
    return signed_in_client(app, world.users[who])


def _attendance_url(pid, t):
    return f"/projects/{pid}/training/courses/{t['course'].id}/sessions/{t['session'].id}/attendance"


def _counts(t, **over):
    gid = t["group"].id
    data = {"version": str(t["session"].version), f"planned_{gid}": "8", f"attended_{gid}": "7",
            f"completed_{gid}": "6"}
    data.update({f"{k}_{gid}" if k in ("planned", "attended", "completed") else k: v for k, v in over.items()})
    return data


def test_a_programme_manager_adds_a_course_and_a_session(app, world, alpha, db):
    from fossdash.training.models import TrainingCourse

    pid, t = alpha
    c = _client(app, world, "programme_manager")
    resp = c.post(f"/projects/{pid}/training/courses/new", data={
        "title": "Ten days together", "provider": "outside", "provider_name": "Tyne College", "days": "10",
        "pace": "consecutive", "scope": "joint", "group_ids": [str(t["group"].id)], "description": ""})
    assert resp.status_code == 302
    course = db.session.scalar(db.select(TrainingCourse).filter_by(title="Ten days together"))
    assert course.provider == "Tyne College" and [g.id for g in course.groups] == [t["group"].id]
    resp = c.post(f"/projects/{pid}/training/courses/{course.id}/sessions/new", data={
        "starts_on": ["2", "3", "2026"], "ends_on": ["13", "3", "2026"], "place": "Hall", "capacity": "12"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/attendance")
    page = c.get(f"/projects/{pid}/training/courses/{course.id}").get_data(as_text=True)
    assert "2 March 2026 to 13 March 2026" in page


def test_a_session_ending_before_it_starts_is_refused(app, world, alpha, db):
    pid, t = alpha
    c = _client(app, world, "hr")
    resp = c.post(f"/projects/{pid}/training/courses/{t['course'].id}/sessions/new", data={
        "starts_on": ["9", "3", "2026"], "ends_on": ["2", "3", "2026"], "capacity": "12"})
    assert resp.status_code == 200
    assert "End date must be the same as or after the start date" in resp.get_data(as_text=True)
    assert len(t["course"].sessions) == 1


def test_hr_records_attendance_and_coverage_follows(app, world, alpha, db):
    pid, t = alpha
    c = _client(app, world, "hr")
    resp = c.post(_attendance_url(pid, t), data=_counts(t, planned="9", attended="9", completed="9"))
    assert resp.status_code == 302
    db.session.refresh(t["session"])
    row = t["session"].attendance[0]
    assert (row.planned, row.attended, row.completed) == (9, 9, 9)
    page = c.get(f"/projects/{pid}/training").get_data(as_text=True)
    assert "75%" in page  # 9 of the group's 12


@pytest.mark.parametrize("over,message", [
    ({"completed": "8"}, "Completed for Council contact advisers must be no more than attended (7)"),
    ({"attended": "", "completed": "3"}, "Enter how many from Council contact advisers attended"),
    ({"attended": "13", "completed": "1"}, "must be 12 or fewer (the group’s headcount)"),
    ({"planned": "-1"}, "must be between 0 and 100,000"),
    ({"planned": "1e30"}, "must be between 0 and 100,000"),
    ({"attended": "11", "completed": "1"}, "11 attended but the session has 10 places"),
])
def test_impossible_counts_are_refused_and_nothing_is_saved(app, world, alpha, db, over, message):
    pid, t = alpha
    c = _client(app, world, "programme_manager")
    resp = c.post(_attendance_url(pid, t), data=_counts(t, **over))
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert message in page and "There is a problem" in page
    db.session.refresh(t["session"])
    row = t["session"].attendance[0]
    assert (row.planned, row.attended, row.completed) == (8, 7, 6)


def test_more_than_capacity_is_saved_when_confirmed(app, world, alpha, db):
    pid, t = alpha
    resp = _client(app, world, "programme_manager").post(
        _attendance_url(pid, t), data=_counts(t, attended="11", completed="11", confirm_over="y"))
    assert resp.status_code == 302
    db.session.refresh(t["session"])
    assert t["session"].attendance[0].attended == 11


def test_attendance_of_a_session_not_started_is_refused(app, world, alpha, db):
    pid, t = alpha
    s = t["session"]
    s.starts_on = date.today() + timedelta(days=7)
    s.ends_on = s.starts_on + timedelta(days=4)
    s.attendance[0].attended = s.attendance[0].completed = None
    db.session.commit()
    resp = _client(app, world, "programme_manager").post(_attendance_url(pid, t),
                                                         data=_counts(t, attended="3", completed=""))
    assert "can only be recorded once the session starts" in resp.get_data(as_text=True)


def test_a_stale_attendance_save_shows_the_conflict_page(app, world, alpha, db):
    pid, t = alpha
    old = str(t["session"].version)
    c = _client(app, world, "hr")
    assert c.post(_attendance_url(pid, t), data=_counts(t, attended="8", completed="8")).status_code == 302
    resp = c.post(_attendance_url(pid, t), data=_counts(t, version=old, attended="5", completed="5"))
    assert resp.status_code == 409
    db.session.refresh(t["session"])
    assert t["session"].attendance[0].attended == 8


@pytest.mark.parametrize("who", ["programme_manager", "hr"])
def test_an_empty_attendance_post_is_a_gov_uk_error_not_a_conflict(app, world, alpha, db, who):
    pid, t = alpha
    c = _client(app, world, who)
    for data in ({}, {"version": str(t["session"].version)}):  # forged empty, or every box cleared
        resp = c.post(_attendance_url(pid, t), data=data)
        page = resp.get_data(as_text=True)
        assert resp.status_code == 200, data
        assert "There is a problem" in page and "Someone else changed" not in page
        assert "Enter the places planned, attended or completed for at least one staff group" in page
        db.session.refresh(t["session"])
        row = t["session"].attendance[0]
        assert (row.planned, row.attended, row.completed) == (8, 7, 6)


def test_counts_sent_without_the_version_change_nothing(app, world, alpha, db):
    pid, t = alpha
    data = _counts(t, attended="8", completed="8")
    del data["version"]
    resp = _client(app, world, "hr").post(_attendance_url(pid, t), data=data)
    assert resp.status_code == 409 and "Someone else changed this record" in resp.get_data(as_text=True)
    db.session.refresh(t["session"])
    assert t["session"].attendance[0].attended == 7


@pytest.mark.parametrize("who", ["executive", "union_rep"])
def test_readers_see_the_plan_and_change_nothing(app, world, alpha, db, who):
    pid, t = alpha
    c = _client(app, world, who)
    page = c.get(f"/projects/{pid}/training").get_data(as_text=True)
    assert "Alpha joint induction" in page and "Add a course" not in page
    course_page = c.get(f"/projects/{pid}/training/courses/{t['course'].id}").get_data(as_text=True)
    assert "Record attendance" not in course_page
    assert c.post(_attendance_url(pid, t), data=_counts(t, attended="1", completed="1")).status_code == 403
    db.session.refresh(t["session"])
    assert t["session"].attendance[0].attended == 7


def test_records_of_another_project_are_not_found(app, world, alpha):
    pid, t = alpha
    c = _client(app, world, "programme_manager")
    assert c.get(f"/projects/{pid}/training/courses/{t['bravo_course_id']}").status_code == 404
    bravo_session = f"/projects/{pid}/training/courses/{t['course'].id}/sessions/{t['bravo_session_id']}/attendance"
    assert c.get(bravo_session).status_code == 404


def test_every_change_is_audited(app, world, alpha, db):
    from fossdash.audit import AuditEvent

    pid, t = alpha
    _client(app, world, "hr").post(_attendance_url(pid, t), data=_counts(t, attended="8", completed="8"))
    events = db.session.scalars(db.select(AuditEvent).filter_by(entity="training_attendance", action="update")).all()
    assert events and events[-1].changes["attended"] == [7, 8] and events[-1].actor == world.users["hr"].email


def test_the_export_holds_numbers_as_numbers_and_text_as_text(app, world, alpha, db):
    pid, t = alpha
    t["course"].title = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    resp = _client(app, world, "executive").get(f"/projects/{pid}/training/export.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.data))
    ws = wb["Sessions"]
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "Course")
    row = [c for c in ws[header + 1]]
    assert row[0].value == "=HYPERLINK(\"http://x\")" and row[0].data_type == "s"
    assert [c.value for c in row[6:10]] == [12, 8, 7, 6]
    assert row[10].value == pytest.approx(0.5) and "%" in row[10].number_format
    cover = list(wb["Coverage"].iter_rows(values_only=True))
    assert ("Council contact advisers", 12, 12, 6, 0.5) in cover
