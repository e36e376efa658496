"""Project membership: who is added, with which role, and who may do it."""
from __future__ import annotations

from tests.projects.html import error_summary, text
from tests.pages import confirm


def _membership(db, project, user):
    from fossdash.auth.models import ProjectMembership

    return db.session.scalar(db.select(ProjectMembership).filter_by(project_id=project.id, user_id=user.id))


def test_everyone_who_reads_the_project_sees_its_members(world, login):
    for who in ("programme_manager", "hr", "union_rep", "executive", "admin"):
        page = text(login(world.users[who]).get(f"/projects/{world.project.id}/members").text)
        assert world.users["hr"].email in page and "Union representative" in page
    assert login(world.users["outsider"]).get(f"/projects/{world.project.id}/members").status_code == 404


def test_only_managers_see_the_change_links(world, login):
    hr_page = login(world.users["hr"]).get(f"/projects/{world.project.id}/members").text
    assert "Add a member" not in hr_page and "Change role" not in hr_page
    pm_page = login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/members").text
    assert "Add a member" in pm_page and "Change role" in pm_page


def test_adding_a_member_defaults_to_their_account_role(world, db, make, login):
    newcomer = make.user("hr", name="Harriet New")
    pm = login(world.users["programme_manager"])
    form = pm.get(f"/projects/{world.project.id}/members/new").text
    assert "Harriet New" in form
    assert world.users["admin"].email not in form  # administrators see everything already
    assert world.users["hr"].email not in form  # already a member
    resp = pm.post(f"/projects/{world.project.id}/members/new", data={"user_id": str(newcomer.id), "role": ""})
    assert resp.status_code == 302
    assert _membership(db, world.project, newcomer).role == "hr"
    # The newcomer can now read the project.
    assert login(newcomer).get(f"/projects/{world.project.id}/").status_code == 200


def test_adding_a_member_with_another_role(world, db, make, login):
    person = make.user("programme_manager")
    login("admin").post(f"/projects/{world.project.id}/members/new",
                        data={"user_id": str(person.id), "role": "executive"})
    assert _membership(db, world.project, person).role == "executive"


def test_adding_nobody_or_an_unknown_person_is_refused(world, db, login):
    from fossdash.auth.models import ProjectMembership

    pm = login(world.users["programme_manager"])
    before = db.session.scalar(db.select(db.func.count()).select_from(ProjectMembership))
    resp = pm.post(f"/projects/{world.project.id}/members/new", data={"user_id": "", "role": ""})
    assert error_summary(resp.text) == ["Select the person to add"]
    resp = pm.post(f"/projects/{world.project.id}/members/new",
                   data={"user_id": str(world.users["admin"].id), "role": ""})
    assert "Select a person from the list" in error_summary(resp.text)
    resp = pm.post(f"/projects/{world.project.id}/members/new",
                   data={"user_id": str(world.users["outsider"].id), "role": "admin"})
    assert "Select a role from the list" in error_summary(resp.text)
    assert db.session.scalar(db.select(db.func.count()).select_from(ProjectMembership)) == before


def test_changing_a_members_role(world, db, login):
    m = _membership(db, world.project, world.users["hr"])
    resp = login(world.users["programme_manager"]).post(
        f"/projects/{world.project.id}/members/{m.id}/edit", data={"role": "executive", "version": str(m.version)})
    assert resp.status_code == 302
    db.session.refresh(m)
    assert m.role == "executive"


def test_a_union_rep_is_never_given_a_project_role_that_sees_who_raised_a_concern(world, db, make, login):
    from fossdash.auth.models import ProjectMembership

    pm = login(world.users["programme_manager"])
    m = _membership(db, world.project, world.users["union_rep"])
    for role in ("programme_manager", "hr", "executive"):
        resp = pm.post(f"/projects/{world.project.id}/members/{m.id}/edit", data={"role": role, "version": str(m.version)})
        assert resp.status_code == 200
        assert any("can only be given the role Union representative on a project" in e for e in error_summary(resp.text))
        db.session.refresh(m)
        assert m.role == "union_rep"
    rep = make.user("union_rep")
    before = db.session.scalar(db.select(db.func.count()).select_from(ProjectMembership))
    resp = pm.post(f"/projects/{world.project.id}/members/new", data={"user_id": str(rep.id), "role": "hr"})
    assert any("can only be given the role Union representative on a project" in e for e in error_summary(resp.text))
    assert db.session.scalar(db.select(db.func.count()).select_from(ProjectMembership)) == before
    resp = pm.post(f"/projects/{world.project.id}/members/new", data={"user_id": str(rep.id), "role": ""})
    assert resp.status_code == 302 and _membership(db, world.project, rep).role == "union_rep"
    # An HR account may read a project as an executive, but not run it.
    hr = make.user("hr")
    resp = pm.post(f"/projects/{world.project.id}/members/new", data={"user_id": str(hr.id), "role": "programme_manager"})
    assert any("can only be given the role HR or Executive on a project" in e for e in error_summary(resp.text))


def test_removing_a_member_asks_first_then_removes_and_logs(world, db, login):
    from fossdash.audit import AuditEvent

    m = _membership(db, world.project, world.users["union_rep"])
    pm = login(world.users["programme_manager"])
    asked = pm.get(f"/projects/{world.project.id}/members/{m.id}/remove")
    assert "Remove Union Rep" in asked.text and "Yes, remove them" in asked.text
    assert _membership(db, world.project, world.users["union_rep"]) is not None  # GET changes nothing
    assert confirm(pm, f"/projects/{world.project.id}/members/{m.id}/remove").status_code == 302
    db.session.expire_all()
    assert _membership(db, world.project, world.users["union_rep"]) is None
    assert login(world.users["union_rep"]).get(f"/projects/{world.project.id}/").status_code == 404
    event = db.session.scalars(db.select(AuditEvent).filter_by(entity="project_membership", action="delete")).one()
    assert event.project_id == world.project.id


def test_a_programme_manager_cannot_change_or_remove_themselves(world, db, login):
    own = _membership(db, world.project, world.users["programme_manager"])
    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/members/{own.id}/remove")
    assert resp.status_code == 409 and "You cannot change or remove your own membership" in resp.text
    resp = pm.post(f"/projects/{world.project.id}/members/{own.id}/edit", data={"role": "hr", "version": "1"})
    assert resp.status_code == 409
    db.session.expire_all()
    assert _membership(db, world.project, world.users["programme_manager"]).role == "programme_manager"


def test_hr_may_not_add_members(world, make, login):
    person = make.user("union_rep")
    resp = login(world.users["hr"]).post(f"/projects/{world.project.id}/members/new",
                                         data={"user_id": str(person.id), "role": ""})
    assert resp.status_code == 403
