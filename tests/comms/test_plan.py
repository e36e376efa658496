"""The plan pages: links to concerns survive edits on both sides; roles; the export."""
from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from openpyxl import load_workbook

from tests.concerns.helpers import concern as make_concern


def _form(**kw):
    due = kw.pop("due", date.today() + timedelta(days=30))
    data = {"title": "Newsletter", "technique": "newsletter", "audience": "all_staff", "owner": "Comms lead",
            "due_on": [str(due.day), str(due.month), str(due.year)], "done_on": ["", "", ""],
            "people_reached": "", "feedback": "", "agency_id": "", "staff_group_id": ""}
    data.update(kw)
    return data


def test_links_survive_edits_on_both_sides(world, login, db):
    from fossdash.comms.models import CommsAction

    pid = world.project.id
    c = make_concern(world.project)
    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{pid}/communication/new", data=_form(concern_ids=[str(c.id)]))
    assert r.status_code == 302
    action = db.session.scalars(db.select(CommsAction).filter_by(title="Newsletter")).one()
    assert action.concern_ids == [c.id]
    assert "Newsletter" in pm.get(f"/projects/{pid}/concerns/{c.id}/").get_data(as_text=True)
    # Editing the concern keeps the action.
    page = pm.get(f"/projects/{pid}/concerns/{c.id}/edit")
    assert page.status_code == 200
    r = pm.post(f"/projects/{pid}/concerns/{c.id}/edit", data={
        "version": str(c.version), "kind": "concern", "text": "Changed words", "category": "workload",
        "channel": "team_meeting", "raised_on": ["1", "3", "2007"], "severity": "high", "agency_id": "",
        "staff_group_id": "", "raised_by": ""})
    assert r.status_code == 302
    db.session.expire_all()
    assert [a.id for a in db.session.get(type(c), c.id).comms_actions] == [action.id]
    # Editing the action (its concerns ticked as shown) keeps the concern.
    r = pm.post(f"/projects/{pid}/communication/{action.id}/edit",
                data=_form(title="Newsletter 2", version=str(action.version), concern_ids=[str(c.id)]))
    assert r.status_code == 302
    db.session.expire_all()
    action = db.session.get(CommsAction, action.id)
    assert action.title == "Newsletter 2" and action.concern_ids == [c.id]


def test_mark_done_late_and_forged_posts(world, login, db):
    from fossdash.comms.models import CommsAction

    pid = world.project.id
    action = world.extra["comms"]["action"]
    for who in ("hr", "union_rep", "executive"):
        r = login(world.users[who]).post(f"/projects/{pid}/communication/{action.id}/done",
                                         data={"done_on": ["5", "3", "2007"], "version": str(action.version)})
        assert r.status_code == 403
    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{pid}/communication/{action.id}/done",
                data={"done_on": ["5", "3", "2007"], "people_reached": "40", "version": str(action.version)})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(CommsAction, action.id).status() == "done_late"
    page = pm.get(f"/projects/{pid}/communication/").get_data(as_text=True)
    assert "Done late" in page
    # A stale save shows the conflict page and changes nothing.
    r = pm.post(f"/projects/{pid}/communication/{action.id}/done",
                data={"done_on": ["1", "3", "2007"], "version": "1"})
    assert r.status_code == 409
    # Refused inputs: a future done date, a huge count; nothing saved.
    future = date.today() + timedelta(days=3)
    r = pm.post(f"/projects/{pid}/communication/{action.id}/done",
                data={"done_on": [str(future.day), str(future.month), str(future.year)],
                      "people_reached": "1e30", "version": str(db.session.get(CommsAction, action.id).version)})
    assert r.status_code == 200 and "must be today or in the past" in r.get_data(as_text=True)


def test_audience_needs_its_agency(world, login):
    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{world.project.id}/communication/new", data=_form(audience="agency"))
    assert r.status_code == 200 and "Select which agency’s staff" in r.get_data(as_text=True)


def test_export_types_and_formula_safe(world, login, db):
    from fossdash.comms.models import CommsAction

    action = world.extra["comms"]["action"]
    a = db.session.get(CommsAction, action.id)
    a.title, a.people_reached, a.done_on = "=HYPERLINK(\"http://x\")", 45, date(2007, 3, 1)
    db.session.commit()
    r = login(world.users["executive"]).get(f"/projects/{world.project.id}/communication/export.xlsx")
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.data)).active
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Reference")
    row = rows[header + 1]
    assert row[1] == "=HYPERLINK(\"http://x\")"
    cell = ws.cell(row=header + 2, column=2)
    assert cell.data_type == "s"
    assert row[8] == 45 and row[7] == "Done on time"


def test_lead_on_the_home(world, login):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    assert "nobody is named" in pm.get(f"/projects/{pid}/").get_data(as_text=True)
    r = pm.post(f"/projects/{pid}/communication/lead", data={"lead_name": "Dee Harper", "lead_role": "Comms officer"})
    assert r.status_code == 302
    assert "Dee Harper, Comms officer" in login(world.users["executive"]).get(f"/projects/{pid}/").get_data(as_text=True)


def test_the_lead_can_be_removed_so_nobody_is_named(world, login, db):
    from fossdash.audit import AuditEvent
    from fossdash.comms.models import CommsSettings

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    # Nobody named yet: the remove page says so, and a POST changes nothing.
    page = pm.get(f"/projects/{pid}/communication/lead/remove").get_data(as_text=True)
    assert "nobody to remove" in page
    assert pm.post(f"/projects/{pid}/communication/lead/remove", data={}).status_code == 409
    assert pm.post(f"/projects/{pid}/communication/lead",
                   data={"lead_name": "Dee Harper", "lead_role": "Comms officer"}).status_code == 302
    plan = pm.get(f"/projects/{pid}/communication/").get_data(as_text=True)
    assert "Dee Harper, Comms officer" in plan and f"/projects/{pid}/communication/lead/remove" in plan
    found = db.session.scalar(db.select(CommsSettings).filter_by(project_id=pid))
    # An executive cannot remove the lead, even with the right version.
    assert login(world.users["executive"]).post(f"/projects/{pid}/communication/lead/remove",
                                                data={"version": str(found.version)}).status_code == 403
    # A confirm sent without the version the page carried removes nothing.
    assert pm.post(f"/projects/{pid}/communication/lead/remove", data={}).status_code == 409
    assert "Dee Harper" in pm.get(f"/projects/{pid}/").get_data(as_text=True)
    confirm = pm.get(f"/projects/{pid}/communication/lead/remove").get_data(as_text=True)
    assert "Remove the communications lead?" in confirm and "Dee Harper, Comms officer" in confirm
    r = pm.post(f"/projects/{pid}/communication/lead/remove", data={"version": str(found.version)})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/projects/{pid}/communication/")
    assert "Nobody is named as the communications lead now." in pm.get(r.headers["Location"]).get_data(as_text=True)
    home = login(world.users["executive"]).get(f"/projects/{pid}/").get_data(as_text=True)
    assert "Communications lead: nobody is named" in home and "Dee Harper" not in home
    db.session.expire_all()
    assert db.session.scalar(db.select(CommsSettings).filter_by(project_id=pid)) is None
    removed = db.session.scalars(db.select(AuditEvent).filter_by(entity="comms_settings", action="delete")).all()
    assert len(removed) == 1 and removed[0].project_id == pid
    # Someone can be named again afterwards.
    assert pm.post(f"/projects/{pid}/communication/lead", data={"lead_name": "Sam Lee", "lead_role": ""}
                   ).status_code == 302
    assert "Communications lead: Sam Lee." in pm.get(f"/projects/{pid}/").get_data(as_text=True)
