"""Who may do what with the training plan, through its pages: every project member and the
executive read the overview, each course and the staff groups' coverage; only HR, programme
managers and admins change it. A POST by anyone else, with a complete, valid form and the right
version, changes nothing (the refusal is logged)."""
from __future__ import annotations

import re

import pytest

READERS = ["admin", "programme_manager", "hr", "union_rep", "executive"]
TRAINERS = {"admin", "programme_manager", "hr"}
WRITE_LINK = re.compile(r'href="[^"]*/training/courses/(new|\d+/edit|\d+/delete|\d+/sessions/new|'
                        r'\d+/sessions/\d+/(?:edit|delete|attendance))"')


def _snapshot(db):
    from fossdash.audit import AuditEvent
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    out = {}
    for model in (TrainingCourse, TrainingTarget, TrainingSession, TrainingAttendance):
        cols = [c.key for c in model.__table__.columns]
        out[model.__name__] = sorted(tuple(str(getattr(r, c)) for c in cols) for r in db.session.scalars(
            db.select(model)))
    changes = db.select(AuditEvent.action, AuditEvent.entity).where(AuditEvent.action.in_(["create", "update", "delete"]))
    out["changes audited"] = sorted(tuple(r) for r in db.session.execute(changes))
    return out


@pytest.mark.parametrize("who", READERS)
def test_every_member_reads_the_plan_and_only_trainers_see_ways_to_change_it(world, login, who):
    t = world.extra["training"]
    pid = world.project.id
    c = login(world.users[who])
    pages = [c.get(f"/projects/{pid}/training"), c.get(f"/projects/{pid}/training/courses/{t['course'].id}")]
    assert [r.status_code for r in pages] == [200, 200]
    index, course = (r.get_data(as_text=True) for r in pages)
    # 6 of the council contact advisers' 12 completed the world's course.
    assert "Alpha joint induction" in index and "50%" in index
    assert "Alpha civic centre" in course and "50%" in course
    links = {m.group(1).split("/")[-1] for page in (index, course) for m in WRITE_LINK.finditer(page)}
    if who in TRAINERS:
        assert links == {"new", "edit", "delete", "attendance"}
    else:
        assert links == set(), f"{who} is offered {links}"
        assert "Add a course" not in index and "Record attendance" not in course


def _forms(pid, t):
    course, session, gid = t["course"], t["session"], t["group"].id
    base = f"/projects/{pid}/training/courses"
    course_form = {"title": "Forged course", "provider": "outside", "provider_name": "Forgers Ltd", "days": "2",
                   "pace": "consecutive", "scope": "joint", "group_ids": [str(gid)], "description": ""}
    session_form = {"starts_on": ["2", "3", "2026"], "ends_on": ["3", "3", "2026"], "place": "Forged hall",
                    "capacity": "12", "trainer": ""}
    s = f"{base}/{course.id}/sessions/{session.id}"
    return [
        (f"{base}/new", course_form),
        (f"{base}/{course.id}/edit", {**course_form, "version": str(course.version)}),
        (f"{base}/{course.id}/sessions/new", session_form),
        (f"{s}/attendance", {f"planned_{gid}": "10", f"attended_{gid}": "10", f"completed_{gid}": "10",
                             "version": str(session.version)}),
        (f"{s}/edit", {**session_form, "version": str(session.version)}),
        (f"{s}/delete", {"version": str(session.version)}),
        (f"{base}/{course.id}/delete", {"version": str(course.version)}),
    ]


@pytest.mark.parametrize("who,status", [("union_rep", 403), ("executive", 403), ("outsider", 404)])
def test_complete_forged_posts_by_roles_without_permission_change_nothing(world, login, db, who, status):
    from fossdash.audit import AuditEvent

    pid, t = world.project.id, world.extra["training"]
    before = _snapshot(db)
    c = login(world.users[who])
    urls = []
    for url, data in _forms(pid, t):
        assert c.post(url, data=data).status_code == status, url
        urls.append(url)
    db.session.expire_all()
    assert _snapshot(db) == before
    refused = list(db.session.scalars(db.select(AuditEvent.entity_id).filter_by(action="access_refused")
                                      .order_by(AuditEvent.id)))
    assert refused[-len(urls):] == urls


def test_the_same_posts_by_hr_do_change_the_plan(world, login, db):
    """(So the forged-POST test above would notice if a refused role were let through.)"""
    from fossdash.training.models import TrainingCourse, TrainingSession

    pid, t = world.project.id, world.extra["training"]
    c = login(world.users["hr"])
    for url, data in _forms(pid, t)[:4]:  # the course, a new session and the attendance
        assert c.post(url, data=data).status_code == 302, url
    db.session.refresh(t["session"])  # (saving the attendance moved the session's version)
    url, data = _forms(pid, t)[4]
    assert c.post(url, data=data).status_code == 302, url
    db.session.expire_all()
    assert db.session.scalar(db.select(TrainingCourse).filter_by(title="Forged course")) is not None
    session = db.session.get(TrainingSession, t["session"].id)
    assert session.place == "Forged hall" and session.attendance[0].completed == 10
