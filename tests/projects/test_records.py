"""Staff groups, governance bodies and milestones: add, change, delete (after confirming), and
what they look like."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.projects.html import error_summary, text
from tests.pages import confirm


def _count(db, model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


# --- staff groups ----------------------------------------------------------------------------

def test_staff_groups_page_lists_groups_with_their_agency_and_total(app, make, login):
    project = make.project("Groups")
    council = make.agency("Kent County Council")
    make.partnership(project, council)
    make.staff_group(project, council, name="Contact advisers", headcount=24)
    make.staff_group(project, None, name="Floor walkers", headcount=3)
    page = text(login("executive").get(f"/projects/{project.id}/staff-groups").text)
    assert "2 groups, 27 staff in all" in page
    assert "Contact advisers Kent County Council 24" in page
    assert "Floor walkers No particular agency 3" in page
    assert "Add a staff group" not in page


def test_adding_a_staff_group_offers_only_the_projects_partners(world, db, login):
    from fossdash.projects.models import StaffGroup

    pm = login(world.users["programme_manager"])
    form = pm.get(f"/projects/{world.project.id}/staff-groups/new").text
    assert "Alpha District Council" in form and "Bravo County Council" not in form
    bravo_agency = world.extra["projects"]["bravo_agency_id"]
    resp = pm.post(f"/projects/{world.project.id}/staff-groups/new",
                   data={"name": "Police front counter", "agency_id": str(bravo_agency), "headcount": "4"})
    assert "Select an agency from the list" in error_summary(resp.text)
    police = world.extra["projects"]["police"]
    resp = pm.post(f"/projects/{world.project.id}/staff-groups/new",
                   data={"name": "Police front counter", "agency_id": str(police.id), "headcount": "4"})
    assert resp.status_code == 302
    group = db.session.scalar(db.select(StaffGroup).filter_by(name="Police front counter"))
    assert group.project_id == world.project.id and group.agency_id == police.id and group.headcount == 4


@pytest.mark.parametrize("data,message", [
    ({"name": "", "headcount": "3"}, "Enter the name of the staff group"),
    ({"name": "council contact advisers", "headcount": "3"}, "This project already has a staff group called"),
    ({"name": "New group", "headcount": ""}, "Enter the headcount"),
    ({"name": "New group", "headcount": "-1"}, "Headcount must be between 0 and 100,000"),
    ({"name": "New group", "headcount": "ten"}, "Headcount must be a whole number"),
])
def test_invalid_staff_group_saves_nothing(world, db, login, data, message):
    from fossdash.projects.models import StaffGroup

    before = _count(db, StaffGroup)
    resp = login(world.users["programme_manager"]).post(f"/projects/{world.project.id}/staff-groups/new",
                                                        data={"agency_id": "", **data})
    assert resp.status_code == 200
    assert any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    assert _count(db, StaffGroup) == before


def test_editing_a_staff_group_keeps_its_agency_unless_changed(world, db, login):
    from fossdash.projects.models import StaffGroup

    group = db.session.get(StaffGroup, world.ids["staff_group_id"])
    url = f"/projects/{world.project.id}/staff-groups/{group.id}/edit"
    pm = login(world.users["programme_manager"])
    assert f'<option value="{group.agency_id}" selected>' in pm.get(url).text
    resp = pm.post(url, data={"name": "Council advisers", "agency_id": "", "headcount": "15",
                              "version": str(group.version)})
    assert resp.status_code == 302
    db.session.refresh(group)
    assert (group.name, group.agency_id, group.headcount) == ("Council advisers", None, 15)


def test_deleting_a_staff_group_asks_first(world, db, login):
    from fossdash.projects.models import StaffGroup

    url = f"/projects/{world.project.id}/staff-groups/{world.ids['staff_group_id']}/delete"
    pm = login(world.users["programme_manager"])
    page = text(pm.get(url).text)
    assert "Delete the staff group ‘Council contact advisers’?" in page and "Yes, delete it" in page
    assert db.session.get(StaffGroup, world.ids["staff_group_id"]) is not None
    assert pm.post(url).status_code == 409  # a confirm without the version the page carried deletes nothing
    assert db.session.get(StaffGroup, world.ids["staff_group_id"]) is not None
    assert confirm(pm, url).status_code == 302
    db.session.expire_all()
    assert db.session.get(StaffGroup, world.ids["staff_group_id"]) is None


# --- governance ------------------------------------------------------------------------------

def test_governance_page_shows_each_body_with_its_members(world, login):
    page = text(login(world.users["union_rep"]).get(f"/projects/{world.project.id}/governance").text)
    assert "Alpha project board" in page
    assert "Kind Project board Site Alpha one-stop shop Chair Head of customer services" in page
    assert "Members Alpha District Council Alpha Police Meets Monthly" in page


def test_adding_and_editing_a_governance_body(world, db, login):
    from fossdash.projects.models import GovernanceBody

    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/governance/new",
                   data={"kind": "advisory_board", "name": "Multi-Agency Advisory Board", "site": "",
                         "chair": "Chief executive", "members": "Council\n\n  Police  \nNHS", "meets": "Quarterly"})
    assert resp.status_code == 302
    body = db.session.scalar(db.select(GovernanceBody).filter_by(name="Multi-Agency Advisory Board"))
    assert body.project_id == world.project.id and body.member_list == ["Council", "Police", "NHS"]
    resp = pm.post(f"/projects/{world.project.id}/governance/{body.id}/edit",
                   data={"kind": "advisory_board", "name": body.name, "site": "", "chair": "",
                         "members": body.members, "meets": "Monthly", "version": str(body.version)})
    assert resp.status_code == 302
    db.session.refresh(body)
    assert body.meets == "Monthly" and body.chair == ""


@pytest.mark.parametrize("data,message", [
    ({"kind": "", "name": "Board"}, "Select the kind of governance body"),
    ({"kind": "project_board", "name": ""}, "Enter the name of the body"),
    ({"kind": "project_board", "name": "Board", "meets": "x" * 101}, "How often it meets must be 100 characters or fewer"),
])
def test_invalid_governance_body_saves_nothing(world, db, login, data, message):
    from fossdash.projects.models import GovernanceBody

    before = _count(db, GovernanceBody)
    resp = login(world.users["programme_manager"]).post(f"/projects/{world.project.id}/governance/new", data=data)
    assert any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    assert _count(db, GovernanceBody) == before


def test_deleting_a_governance_body(world, db, login):
    from fossdash.projects.models import GovernanceBody

    url = f"/projects/{world.project.id}/governance/{world.ids['body_id']}/delete"
    pm = login(world.users["programme_manager"])
    assert "Delete ‘Alpha project board’?" in text(pm.get(url).text)
    assert confirm(pm, url).status_code == 302
    db.session.expire_all()
    assert db.session.get(GovernanceBody, world.ids["body_id"]) is None


# --- milestones ------------------------------------------------------------------------------

def test_milestones_page_is_a_timeline_in_date_order(app, make, login):
    project = make.project("Timeline")
    today = date.today()
    make.milestone(project, on=today + timedelta(days=90), kind="service_migration", title="Council calls migrate")
    make.milestone(project, on=today - timedelta(days=30), kind="staff_move", title="Staff move in")
    make.milestone(project, on=today + timedelta(days=5), kind="go_live", title="101 goes live")
    page = login("admin").get(f"/projects/{project.id}/milestones").text
    assert 'class="moj-timeline"' in page and "earliest first" in page
    order = [page.index(t) for t in ("Staff move in", "101 goes live", "Council calls migrate")]
    assert order == sorted(order)
    words = text(page)
    assert "Staff move in Staff move Past" in words
    assert "101 goes live Systems go live Next" in words
    assert "Council calls migrate Service migrates Planned" in words
    assert f'<time datetime="{(today + timedelta(days=5)).isoformat()}">' in page


def test_adding_and_editing_a_milestone(world, db, login):
    from fossdash.projects.models import Milestone

    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/milestones/new",
                   data={"kind": "opening", "title": "Building opens", "on": ["14", "9", "2027"],
                         "description": "The step change."})
    assert resp.status_code == 302
    m = db.session.scalar(db.select(Milestone).filter_by(title="Building opens"))
    assert m.on == date(2027, 9, 14) and m.project_id == world.project.id
    resp = pm.post(f"/projects/{world.project.id}/milestones/{m.id}/edit",
                   data={"kind": "opening", "title": "Building opens", "on": ["21", "9", "2027"],
                         "description": "", "version": str(m.version)})
    assert resp.status_code == 302
    db.session.refresh(m)
    assert m.on == date(2027, 9, 21) and m.description == ""


@pytest.mark.parametrize("data,message", [
    ({"kind": "opening", "title": "Opens", "on": ["", "", ""]}, "Enter the date of the milestone"),
    ({"kind": "opening", "title": "Opens", "on": ["30", "2", "2027"]}, "Date must be a real date"),
    ({"kind": "opening", "title": "Opens", "on": ["3", "", ""]}, "Date must include a month and a year"),
    ({"kind": "opening", "title": "", "on": ["3", "2", "2027"]}, "Enter a title for the milestone"),
    ({"kind": "party", "title": "Opens", "on": ["3", "2", "2027"]}, "Select the kind of milestone"),
])
def test_invalid_milestone_saves_nothing_and_keeps_what_was_typed(world, db, login, data, message):
    from fossdash.projects.models import Milestone

    before = _count(db, Milestone)
    resp = login(world.users["programme_manager"]).post(f"/projects/{world.project.id}/milestones/new", data=data)
    assert resp.status_code == 200
    assert any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    assert _count(db, Milestone) == before
    if data["on"][0]:
        assert f'name="on" type="text" value="{data["on"][0]}"' in resp.text or f'value="{data["on"][0]}"' in resp.text


def test_the_error_summary_links_a_date_to_its_day_box(world, login):
    resp = login(world.users["programme_manager"]).post(
        f"/projects/{world.project.id}/milestones/new", data={"kind": "opening", "title": "Opens", "on": ["", "", ""]})
    assert 'href="#on-day"' in resp.text and 'id="on-day"' in resp.text


def test_a_conflicting_milestone_edit_loses_nothing(world, db, login):
    from fossdash.projects.models import Milestone

    m = db.session.get(Milestone, world.ids["milestone_id"])
    url = f"/projects/{world.project.id}/milestones/{m.id}/edit"
    stale = str(m.version)
    first = login(world.users["programme_manager"]).post(
        url, data={"kind": "opening", "title": "Opens in May", "on": ["1", "5", "2027"], "version": stale})
    assert first.status_code == 302
    second = login("admin").post(
        url, data={"kind": "opening", "title": "Opens in June", "on": ["1", "6", "2027"], "version": stale})
    assert second.status_code == 409
    page = text(second.text)
    assert "Opens in May" in page and "Opens in June" in page and "1 May 2027" in page and "1 June 2027" in page
    db.session.refresh(m)
    assert m.title == "Opens in May" and m.on == date(2027, 5, 1)


def test_every_change_is_in_the_audit_log(world, db, login):
    from fossdash.audit import AuditEvent

    pm = login(world.users["programme_manager"])
    pm.post(f"/projects/{world.project.id}/milestones/new",
            data={"kind": "go_live", "title": "Logged", "on": ["1", "1", "2028"]})
    confirm(pm, f"/projects/{world.project.id}/governance/{world.ids['body_id']}/delete")
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.actor == world.users["programme_manager"].email)
                                .order_by(AuditEvent.id)).all()
    assert [(e.entity, e.action) for e in events if e.entity in ("milestone", "governance_body")] == [
        ("milestone", "create"), ("governance_body", "delete")]
    assert all(e.project_id == world.project.id for e in events if e.entity in ("milestone", "governance_body"))


def test_staff_groups_say_once_what_is_illustrative_and_tag_rows_only_when_mixed(db, make, login):
    project = make.project("Mixed figures")
    pm = make.user("programme_manager")
    make.member(project, pm)
    invented = make.staff_group(project, name="Invented advisers")
    invented.illustrative = True
    db.session.commit()
    client = login(pm)
    url = f"/projects/{project.id}/staff-groups"

    page = client.get(url).text
    assert page.count("app-illustrative") == 1 and "The headcounts below are illustrative" in page
    assert page.count('govuk-tag--yellow">Illustrative<') == 0  # every row invented: the notice says it

    make.staff_group(project, name="Real advisers")
    page = client.get(url).text
    assert "The headcounts tagged “Illustrative” are illustrative" in page
    assert page.count('govuk-tag--yellow">Illustrative<') == 1  # only the invented row of a mixed table
