"""Changing an id in a URL never reaches another project's records: 404, nothing changed, and an
access_refused event in the audit log."""
from __future__ import annotations

import pytest


def _refusals(db):
    from fossdash.audit import AuditEvent

    return db.session.scalars(db.select(AuditEvent).filter_by(action="access_refused")).all()


# (URL under Alpha with a Bravo record's id, the record's model, the Bravo id key, form data)
SWAPPED = [
    ("partners/{id}/edit", "Partnership", "bravo_partnership_id", {"role": "advisory", "version": "1"}),
    ("partners/{id}/terms", "Partnership", "bravo_partnership_id", {"weekly_hours": "20", "version": "1"}),
    ("partners/{id}/delete", "Partnership", "bravo_partnership_id", {}),
    ("staff-groups/{id}/edit", "StaffGroup", "bravo_staff_group_id", {"name": "Hijacked", "headcount": "1", "version": "1"}),
    ("staff-groups/{id}/delete", "StaffGroup", "bravo_staff_group_id", {}),
    ("governance/{id}/edit", "GovernanceBody", "bravo_body_id", {"kind": "project_board", "name": "Hijacked", "version": "1"}),
    ("governance/{id}/delete", "GovernanceBody", "bravo_body_id", {}),
    ("milestones/{id}/edit", "Milestone", "bravo_milestone_id", {"kind": "other", "title": "Hijacked", "on": ["1", "1", "2030"], "version": "1"}),
    ("milestones/{id}/delete", "Milestone", "bravo_milestone_id", {}),
    ("members/{id}/edit", "ProjectMembership", "bravo_membership_id", {"role": "executive", "version": "1"}),
    ("members/{id}/remove", "ProjectMembership", "bravo_membership_id", {}),
]


def _model(name):
    from fossdash.auth.models import ProjectMembership
    from fossdash.projects import models

    return ProjectMembership if name == "ProjectMembership" else getattr(models, name)


def _snapshot(obj):
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


@pytest.mark.parametrize("path,model,key,data", SWAPPED, ids=[s[0] for s in SWAPPED])
def test_a_record_of_another_project_is_not_found_through_this_one(world, db, login, path, model, key, data):
    """Alpha's programme manager puts a Bravo record's id in an Alpha URL."""
    record_id = world.extra["projects"][key]
    obj = db.session.get(_model(model), record_id)
    before = _snapshot(obj)
    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/" + path.format(id=record_id)
    assert pm.get(url).status_code == 404
    assert pm.post(url, data=data).status_code == 404
    db.session.expire_all()
    after = db.session.get(_model(model), record_id)
    assert after is not None and _snapshot(after) == before
    refused = _refusals(db)
    assert len(refused) == 2 and all(e.project_id == world.project.id for e in refused)
    assert all(e.actor == world.users["programme_manager"].email and str(record_id) in e.note for e in refused)


@pytest.mark.parametrize("path", ["", "edit", "partners", "terms/compare", "staff-groups", "governance", "milestones",
                                  "members", "partners/new", "staff-groups/new", "members/new"])
def test_a_non_member_gets_404_for_every_page_of_the_project(world, db, login, path):
    outsider = login(world.users["outsider"])
    assert outsider.get(f"/projects/{world.project.id}/{path}").status_code == 404
    assert outsider.post(f"/projects/{world.project.id}/{path}", data={"name": "x"}).status_code in (404, 405)
    assert any(e.actor == world.users["outsider"].email for e in _refusals(db))


def test_a_member_of_bravo_cannot_change_alphas_records_through_bravo(world, db, login):
    """The outsider belongs to Bravo and manages it; Alpha's milestone id in a Bravo URL is refused."""
    from fossdash.projects.models import Milestone

    m = db.session.get(Milestone, world.ids["milestone_id"])
    title = m.title
    resp = login(world.users["outsider"]).post(
        f"/projects/{world.other.id}/milestones/{m.id}/edit",
        data={"kind": "other", "title": "Hijacked", "on": ["1", "1", "2030"], "version": str(m.version)})
    assert resp.status_code == 404
    db.session.expire_all()
    assert db.session.get(Milestone, m.id).title == title
    assert [e.project_id for e in _refusals(db)] == [world.other.id]


def test_an_unknown_project_is_a_plain_404(world, login):
    assert login("admin").get("/projects/999999/partners").status_code == 404


def test_a_member_whose_role_lacks_the_permission_gets_403_logged(world, db, login):
    resp = login(world.users["union_rep"]).post(f"/projects/{world.project.id}/staff-groups/new",
                                                data={"name": "x", "headcount": "1"})
    assert resp.status_code == 403
    refused = _refusals(db)
    assert len(refused) == 1 and "union_rep may not manage" in refused[0].note
