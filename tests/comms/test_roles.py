"""Who may do what with the communication plan, through its pages: every project member and the
executive read the plan and each action; only programme managers and admins change it. A POST by
anyone else, with a complete, valid form and the right version, changes nothing, and the refusal
is logged."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

READERS = ["admin", "programme_manager", "hr", "union_rep", "executive"]
MANAGERS = {"admin", "programme_manager"}
WRITE_LINK = re.compile(r'href="[^"]*/communication/(new|\d+/edit|\d+/done|\d+/delete|lead/remove|lead)\b')


@pytest.fixture
def plan(world, db):
    from fossdash.comms.models import CommsSettings

    db.session.add(CommsSettings(project_id=world.project.id, lead_name="Dee Harper", lead_role="Comms officer"))
    db.session.commit()
    return world.project.id, world.extra["comms"]["action"]


def _snapshot(db):
    from fossdash.audit import AuditEvent
    from fossdash.comms.models import CommsAction, CommsActionConcern, CommsSettings

    out = {}
    for model in (CommsAction, CommsActionConcern, CommsSettings):
        cols = [c.key for c in model.__table__.columns]
        out[model.__name__] = sorted(tuple(str(getattr(r, c)) for c in cols) for r in db.session.scalars(
            db.select(model)))
    changes = db.select(AuditEvent.action, AuditEvent.entity).where(AuditEvent.action.in_(["create", "update", "delete"]))
    out["changes audited"] = sorted(tuple(r) for r in db.session.execute(changes))
    return out


def _refusals(db) -> list[str]:
    from fossdash.audit import AuditEvent

    return list(db.session.scalars(db.select(AuditEvent.entity_id).filter_by(action="access_refused")
                                      .order_by(AuditEvent.id)))


@pytest.mark.parametrize("who", READERS)
def test_every_member_reads_the_plan_and_only_managers_see_ways_to_change_it(world, login, plan, who):
    pid, action = plan
    c = login(world.users[who])
    index = c.get(f"/projects/{pid}/communication/")
    show = c.get(f"/projects/{pid}/communication/{action.id}/")
    home = c.get(f"/projects/{pid}/")
    assert (index.status_code, show.status_code, home.status_code) == (200, 200, 200)
    index, show, home = (r.get_data(as_text=True) for r in (index, show, home))
    assert action.title in index and "Dee Harper, Comms officer" in index and "Overdue" in index
    assert "Chief executive" in show and "Overdue" in show
    assert "Communications lead: Dee Harper, Comms officer." in home
    links = {m.group(1) for page in (index, show) for m in WRITE_LINK.finditer(page)}
    if who in MANAGERS:
        assert links >= {"new", "lead", "lead/remove"} and len(links) == 6
    else:
        assert links == set(), f"{who} is offered {links}"
        assert "Add a communication action" not in index and "Record it as done" not in show


def _forms(pid, action, version, settings_version):
    due = date.today() + timedelta(days=30)
    action_form = {"title": "Forged newsletter", "technique": "newsletter", "audience": "all_staff",
                   "owner": "Someone", "due_on": [str(due.day), str(due.month), str(due.year)],
                   "done_on": ["", "", ""], "people_reached": "", "feedback": "", "agency_id": "",
                   "staff_group_id": ""}
    base = f"/projects/{pid}/communication"
    return [
        (f"{base}/new", action_form),
        (f"{base}/{action.id}/edit", {**action_form, "version": version}),
        (f"{base}/{action.id}/done", {"done_on": ["5", "3", "2007"], "people_reached": "40", "version": version}),
        (f"{base}/{action.id}/delete", {"version": version}),
        (f"{base}/lead", {"lead_name": "Forged Name", "lead_role": "", "version": settings_version}),
        (f"{base}/lead/remove", {"version": settings_version}),
    ]


@pytest.mark.parametrize("who,status", [("hr", 403), ("union_rep", 403), ("executive", 403), ("outsider", 404)])
def test_complete_forged_posts_by_roles_without_permission_change_nothing(world, login, db, plan, who, status):
    from fossdash.comms.models import CommsSettings

    pid, action = plan
    settings = db.session.scalar(db.select(CommsSettings).filter_by(project_id=pid))
    before = _snapshot(db)
    c = login(world.users[who])
    urls = []
    for url, data in _forms(pid, action, str(action.version), str(settings.version)):
        assert c.post(url, data=data).status_code == status, url
        urls.append(url)
    db.session.expire_all()
    assert _snapshot(db) == before
    assert _refusals(db)[-len(urls):] == urls


def test_the_same_posts_by_a_programme_manager_do_change_the_plan(world, login, db, plan):
    """(So the forged-POST test above would notice if a refused role were let through.)"""
    from fossdash.comms.models import CommsAction, CommsSettings

    pid, action = plan
    settings = db.session.scalar(db.select(CommsSettings).filter_by(project_id=pid))
    c = login(world.users["programme_manager"])
    forms = dict(_forms(pid, action, str(action.version), str(settings.version)))
    assert c.post(f"/projects/{pid}/communication/new", data=forms[f"/projects/{pid}/communication/new"]
                  ).status_code == 302
    done = f"/projects/{pid}/communication/{action.id}/done"
    assert c.post(done, data=forms[done]).status_code == 302
    db.session.expire_all()
    assert db.session.get(CommsAction, action.id).status() == "done_late"
    assert db.session.scalar(db.select(CommsAction).filter_by(title="Forged newsletter")) is not None
    lead = f"/projects/{pid}/communication/lead"
    assert c.post(lead, data=forms[lead]).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(CommsSettings).filter_by(project_id=pid)).lead_name == "Forged Name"
