"""The assessment pages: adding, changing and deleting (versioned, audited, nothing half-saved),
the barrier point in the list, RAG as words, divergence flags both ways with their reasons, the
settings, and who may do what."""
from __future__ import annotations

from datetime import date

from fossdash.audit import AuditEvent
from tests.readiness.helpers import assessment, form


def _events(db, entity):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == entity)
                              .order_by(AuditEvent.id)).all()


def test_a_programme_manager_adds_changes_and_deletes_an_assessment(app, db, make, login):
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    project = make.project()
    pm = make.user("programme_manager")
    make.member(project, pm)
    client = login(pm)
    url = f"/projects/{project.id}/readiness"
    r = client.post(f"{url}/new?framework=foss",
                    data=form(scores={"communication": 5, "training": 1}, note_communication="Briefings done."))
    assert r.status_code == 302
    a = db.session.scalars(db.select(ReadinessAssessment).where(ReadinessAssessment.project_id == project.id)).one()
    assert r.headers["Location"].endswith(f"{url}/{a.id}/")
    assert a.framework == "foss" and a.assessed_on == date(2007, 3, 31) and len(a.scores) == 6
    assert a.score_map["communication"] == 5 and a.score_for("communication").note == "Briefings done."
    assert [e.action for e in _events(db, "readiness_assessment")] == ["create"]
    assert len(_events(db, "readiness_score")) == 6

    page = client.get(f"{url}/{a.id}/").get_data(as_text=True)
    assert "Green</strong> <span class=\"app-rag__score\">5 of 5" in page
    assert "Red</strong> <span class=\"app-rag__score\">1 of 5" in page

    # A change made from an old version is refused and changes nothing.
    stale = client.post(f"{url}/{a.id}/edit", data=form(scores={"communication": 2}, version=str(a.version - 1)))
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(ReadinessAssessment, a.id).score_map["communication"] == 5

    version = a.version
    r = client.post(f"{url}/{a.id}/edit", data=form(scores={"communication": 2, "training": 1},
                                                   version=str(version)))
    assert r.status_code == 302
    db.session.expire_all()
    a = db.session.get(ReadinessAssessment, a.id)
    assert a.score_map["communication"] == 2 and a.version == version + 1
    changed = [e for e in _events(db, "readiness_score") if e.action == "update"]
    assert [e.changes["score"] for e in changed] == [[5, 2]]

    r = client.post(f"{url}/{a.id}/delete", data={"version": str(a.version)})
    assert r.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(ReadinessScore)
                             .where(ReadinessScore.project_id == project.id)) == 0
    assert [e.action for e in _events(db, "readiness_assessment")][-1] == "delete"


def test_a_missing_score_is_an_error_and_nothing_is_saved(app, db, make, login):
    from fossdash.readiness.models import ReadinessAssessment

    project = make.project()
    client = login("admin")
    data = form(framework="adkar")
    del data["score_desire"]
    data["score_ability"] = "6"
    r = client.post(f"/projects/{project.id}/readiness/new?framework=adkar", data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "There is a problem" in page
    assert "Select a score for desire" in page and "Select a score for ability" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(ReadinessAssessment)
                             .where(ReadinessAssessment.project_id == project.id)) == 0
    assert client.get(f"/projects/{project.id}/readiness/new?framework=kotter").status_code == 404


def test_the_barrier_point_is_named_in_the_list_and_on_the_assessment(app, db, make, login):
    project = make.project()
    a = assessment(project, date(2007, 3, 31), "adkar",
                   {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 1, "reinforcement": 5})
    assessment(project, date(2007, 6, 30), "adkar", {"awareness": 5, "desire": 4, "knowledge": 4, "ability": 4,
                                                     "reinforcement": 4})
    client = login("union_rep")
    make.member(project, client.user)
    listing = client.get(f"/projects/{project.id}/readiness/").get_data(as_text=True)
    assert "<strong>Desire</strong> (2 of 5)" in listing  # the first element at 3 or less, not ability's 1
    assert ">None</td>" in listing  # the later one has no barrier point
    page = client.get(f"/projects/{project.id}/readiness/{a.id}/").get_data(as_text=True)
    assert "Barrier point: <strong>Desire</strong> (2 of 5)" in page
    assert "Change the assessment" not in page  # a union rep reads, never changes


def _comms(db, project, due, done=None):
    from fossdash.comms.models import CommsAction

    db.session.add(CommsAction(project_id=project.id, title="Briefing", technique="all_staff_briefing",
                               audience="all_staff", owner="Chief executive", due_on=due, done_on=done, feedback=""))


def test_divergence_is_flagged_both_ways_with_the_reason(app, db, make, login):
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    project = make.project()
    # Communication: 1 of 4 actions done by its due date at 31 March 2007 (25, under 50).
    _comms(db, project, date(2007, 1, 10), date(2007, 1, 10))
    _comms(db, project, date(2007, 2, 1), date(2007, 2, 9))
    _comms(db, project, date(2007, 2, 15))
    _comms(db, project, date(2007, 3, 1))
    # Training: 10 of 10 targeted staff trained by 31 March (100, over 75).
    group = make.staff_group(project, headcount=10)
    course = TrainingCourse(project_id=project.id, title="Induction", days=1, description="")
    db.session.add(course)
    db.session.flush()
    db.session.add(TrainingTarget(project_id=project.id, course_id=course.id, staff_group_id=group.id))
    s = TrainingSession(project_id=project.id, course_id=course.id, starts_on=date(2007, 3, 1), ends_on=date(2007, 3, 1))
    db.session.add(s)
    db.session.flush()
    db.session.add(TrainingAttendance(project_id=project.id, session_id=s.id, staff_group_id=group.id, planned=10,
                                      attended=10, completed=10))
    db.session.commit()
    a = assessment(project, date(2007, 3, 31), "foss", {"communication": 4, "training": 2})
    page = login("executive").get(f"/projects/{project.id}/readiness/{a.id}/").get_data(as_text=True)
    assert ("Communication is self-assessed green (4 of 5) but its evidence is 25 out of 100, under 50") in page
    assert ("Training and development is self-assessed red (2 of 5) but its evidence is 100 out of 100, over 75"
            in page)
    assert "disagree on 2 dimensions" in page
    assert "1 of 4 actions done by their due date" in page
    assert f'href="/projects/{project.id}/communication/"' in page  # the records behind it
    listing = login("executive").get(f"/projects/{project.id}/readiness/").get_data(as_text=True)
    assert "2 flagged</strong>" in listing and "Communication, Training and development" in listing
    # At the boundaries: green at exactly 50 and red at exactly 75 are not flagged.
    from fossdash.readiness import service

    b = assessment(project, date(2007, 2, 2), "foss", {"communication": 5})  # 1 of 2 on 2 February: 50
    rows = {r.key: r for r in service.evaluate(project, b).rows}
    assert rows["communication"].evidence == 50.0 and rows["communication"].flag is None
    assert rows["training"].evidence == 0.0  # targeted, nobody trained yet: 0, not "no evidence"
    assert rows["leadership"].evidence is None  # no survey: no evidence


def test_settings_change_the_target_days_and_weights(app, db, make, login):
    from fossdash.concerns.models import Concern
    from fossdash.readiness import service

    project = make.project()
    db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                           raised_on=date(2007, 3, 1), answered_on=date(2007, 3, 13)))
    _comms(db, project, date(2007, 3, 1), date(2007, 3, 1))
    db.session.commit()
    at = date(2007, 3, 31)
    comps, idx = service.evidence(project, at)
    assert {c.name: c.score for c in comps}["concerns"] == 0.0 and idx == 50.0  # 12 days: late at 10
    client = login("programme_manager")
    make.member(project, client.user)
    url = f"/projects/{project.id}/readiness/settings"
    zero = {"target_days": "14", **{f"weight_{n}": "0" for n in
                                     ("training", "comms", "concerns", "grading", "morale", "participation")}}
    r = client.post(url, data=zero)
    assert r.status_code == 200 and "Give at least one kind of evidence a weight above 0" in r.get_data(as_text=True)
    assert service.settings_for(project.id) is None
    r = client.post(url, data={**zero, "weight_comms": "1", "weight_concerns": "3"})
    assert r.status_code == 302
    comps, idx = service.evidence(project, at)
    assert {c.name: c.working for c in comps}["concerns"] == "1 of 1 concern answered within 14 days"
    assert idx == 100.0
    # HR assesses but does not change the settings; an executive changes nothing.
    hr = login("hr")
    make.member(project, hr.user)
    assert hr.get(url).status_code == 403
    assert hr.post(f"/projects/{project.id}/readiness/new", data=form()).status_code == 302
    ex = login("executive")
    assert ex.post(f"/projects/{project.id}/readiness/new", data=form()).status_code == 403
    assert ex.post(url, data=zero).status_code == 403
    assert service.settings_for(project.id).target_days == 14


def test_a_stale_change_shows_the_stored_scores_beside_yours(app, db, make, login):
    project = make.project()
    a = assessment(project, date(2007, 3, 31), "foss", {"communication": 2})
    client = login("admin")
    page = client.post(f"/projects/{project.id}/readiness/{a.id}/edit",
                       data=form(scores={"communication": 5}, version=str(a.version + 7))).get_data(as_text=True)
    # the conflict page names the communication score: yours (5, green) beside the stored (2, red)
    assert "5 – fully ready (green)" in page and "2 – a little ready (red)" in page


def test_an_assessment_for_one_staff_group_takes_only_the_projects_own_groups(app, db, make, login):
    from fossdash.readiness.models import ReadinessAssessment

    project, other = make.project(), make.project()
    mine = make.staff_group(project, name="Advisers")
    theirs = make.staff_group(other, name="Elsewhere")
    client = login("admin")
    url = f"/projects/{project.id}/readiness/new?framework=foss"
    r = client.post(url, data=form(staff_group_id=str(theirs.id)))
    assert r.status_code == 200 and "Select a staff group from the list" in r.get_data(as_text=True)
    r = client.post(url, data=form(staff_group_id=str(mine.id)))
    assert r.status_code == 302
    a = db.session.scalars(db.select(ReadinessAssessment).filter_by(project_id=project.id)).one()
    assert a.staff_group_id == mine.id and a.scope_label == "Advisers"
    page = client.get(f"/projects/{project.id}/readiness/{a.id}/").get_data(as_text=True)
    assert "for the whole project rather than Advisers alone" in page
