"""Projects: the list (filters, who sees what), creating and editing, the home page and its
sub-navigation, and safe edits."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.projects.html import error_summary, text


def _project_data(**kw):
    data = {"name": "Ashford Gateway", "type": "one_stop_shop", "stage": "design",
            "go_live_date": ["1", "4", "2027"], "lead_body": "Kent County Council", "area_served": "Ashford",
            "population": "118,000", "anonymity_k": "5", "summary": "One Gateway brand."}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


# --- the list --------------------------------------------------------------------------------

def test_list_shows_only_the_projects_a_member_belongs_to(world, login):
    page = login(world.users["programme_manager"]).get("/projects/")
    assert page.status_code == 200
    assert "Alpha one-stop shop" in page.text and "Bravo contact centre" not in page.text
    outsider = login(world.users["outsider"]).get("/projects/")
    assert "Bravo contact centre" in outsider.text and "Alpha one-stop shop" not in outsider.text


def test_executives_and_admins_see_every_project(world, login):
    for who in ("executive", "admin"):
        page = login(world.users[who]).get("/projects/").text
        assert "Alpha one-stop shop" in page and "Bravo contact centre" in page


def test_list_filters_by_stage_and_type(app, make, login):
    make.project("Kent Gateway", type="one_stop_shop", stage="live")
    make.project("Northumbria 101", type="contact_centre", stage="transition")
    make.project("Worcestershire Hub", type="contact_centre", stage="design")
    admin = login("admin")
    page = text(admin.get("/projects/?type=contact_centre").text)
    assert "Northumbria 101" in page and "Worcestershire Hub" in page and "Kent Gateway" not in page
    assert "2 of 3 projects" in page
    page = text(admin.get("/projects/?type=contact_centre&stage=design").text)
    assert "Worcestershire Hub" in page and "Northumbria 101" not in page
    # An unknown value is ignored rather than hiding everything.
    page = text(admin.get("/projects/?stage=nonsense").text)
    assert "Kent Gateway" in page and "3 projects" in page


def test_list_is_a_sortable_table_with_counts(world, login):
    page = login("admin").get("/projects/").text
    assert 'data-module="moj-sortable-table"' in page and 'aria-sort="ascending"' in page
    rows = [line for line in page.splitlines() if "Alpha one-stop shop" in line]
    assert rows, "the project is listed"


# --- creating --------------------------------------------------------------------------------

def test_a_programme_manager_creates_a_project_and_becomes_its_manager(app, db, login):
    from fossdash.auth.models import ProjectMembership
    from fossdash.projects.models import Project

    pm = login("programme_manager")
    resp = pm.post("/projects/new", data=_project_data())
    assert resp.status_code == 302
    project = db.session.scalar(db.select(Project).filter_by(name="Ashford Gateway"))
    assert resp.location == f"/projects/{project.id}/"
    assert project.population == 118_000 and project.go_live_date == date(2027, 4, 1)
    assert project.anonymity_k == 5 and project.staff_token
    membership = db.session.scalar(db.select(ProjectMembership).filter_by(project_id=project.id))
    assert membership.user_id == pm.user.id and membership.role == "programme_manager"
    home = pm.get(resp.location).text
    assert "Project ‘Ashford Gateway’ created." in home


@pytest.mark.parametrize("changes,message", [
    ({"name": ""}, "Enter the project name"),
    ({"name": "Alpha one-stop shop"}, "A project called Alpha one-stop shop already exists"),
    ({"name": "  alpha ONE-STOP shop "}, "already exists"),
    ({"type": None}, "Select the type of shared service"),
    ({"stage": "finished"}, "Select the stage the project has reached"),
    ({"anonymity_k": "2"}, "Anonymity threshold must be 3 or more"),
    ({"anonymity_k": ""}, "Enter the anonymity threshold"),
    ({"anonymity_k": "five"}, "Anonymity threshold must be a whole number"),
    ({"population": "-1"}, "Population served must be between 0 and 100,000,000"),
    ({"go_live_date": ["31", "2", "2027"]}, "Go-live date must be a real date"),
    ({"go_live_date": ["1", "", "2027"]}, "Go-live date must include a month"),
])
def test_invalid_project_saves_nothing_and_explains(world, db, login, changes, message):
    from fossdash.projects.models import Project

    before = db.session.scalar(db.select(db.func.count()).select_from(Project))
    resp = login("admin").post("/projects/new", data=_project_data(**changes))
    assert resp.status_code == 200
    assert any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    assert "<title>Error: Create a project – fossdash</title>" in resp.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == before
    # What was typed is still there.
    if changes.get("name"):
        assert f'value="{changes["name"].strip()}"' in resp.text


def test_only_admins_and_programme_managers_may_create(world, login):
    for who in ("hr", "union_rep", "executive"):
        assert login(world.users[who]).get("/projects/new").status_code == 403
    assert "Create a project" not in login(world.users["hr"]).get("/projects/").text
    assert "Create a project" in login(world.users["programme_manager"]).get("/projects/").text


def test_the_database_refuses_k_below_three_whatever_the_form_says(world, db):
    from sqlalchemy.exc import IntegrityError

    world.project.anonymity_k = 2
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_project_page_says_what_its_threshold_hides(world, db, login):
    world.project.anonymity_k = 7
    db.session.commit()
    page = login(world.users["executive"]).get(f"/projects/{world.project.id}/").text
    assert "Counts broken down by agency or staff group are hidden where fewer than 7" in page
    assert "shows its agency and staff group only where at least 7 staff could have sent it" in page


# --- editing ---------------------------------------------------------------------------------

def _edit_data(project, **kw):
    data = _project_data(name=project.name, type=project.type, stage=project.stage, go_live_date=["1", "4", "2027"],
                         version=str(project.version))
    data.update(kw)
    return data


def test_programme_manager_edits_the_project_and_it_is_audited(world, db, login):
    from fossdash.audit import AuditEvent

    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/edit", data=_edit_data(world.project, stage="live", anonymity_k="7"))
    assert resp.status_code == 302
    db.session.refresh(world.project)
    assert world.project.stage == "live" and world.project.anonymity_k == 7
    event = db.session.scalars(db.select(AuditEvent).filter_by(entity="project", action="update")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.actor == world.users["programme_manager"].email and event.project_id == world.project.id
    assert event.changes["stage"] == ["design", "live"] and event.changes["anonymity_k"] == [5, 7]


def test_hr_and_union_reps_cannot_edit_the_project(world, login):
    for who in ("hr", "union_rep", "executive"):
        client = login(world.users[who])
        assert client.get(f"/projects/{world.project.id}/edit").status_code == 403
        assert client.post(f"/projects/{world.project.id}/edit", data=_edit_data(world.project)).status_code == 403


def test_a_conflicting_edit_loses_nothing(world, db, login):
    """Two people open the edit form; the first saves; the second is shown both versions (409)
    and the record keeps the first save until the second person chooses."""
    url = f"/projects/{world.project.id}/edit"
    first, second = login(world.users["programme_manager"]), login("admin")
    version = str(world.project.version)
    assert f'name="version" type="hidden" value="{version}"' in first.get(url).text
    assert first.post(url, data=_edit_data(world.project, area_served="Ashford borough",
                                           version=version)).status_code == 302
    clash = second.post(url, data=_edit_data(world.project, area_served="Kent", version=version))
    assert clash.status_code == 409
    page = text(clash.text)
    assert "Someone else changed this record" in page
    assert "Ashford borough" in page and "Kent" in page  # both values, nothing lost
    db.session.refresh(world.project)
    assert world.project.area_served == "Ashford borough"
    # Saving from the conflict page (it carries the new version) then works.
    db.session.expire_all()
    again = second.post(url, data=_edit_data(world.project, area_served="Kent"))
    assert again.status_code == 302
    db.session.refresh(world.project)
    assert world.project.area_served == "Kent"


# --- the home page ---------------------------------------------------------------------------

def test_home_page_summarises_the_project(app, db, make, login):
    project = make.project("Ashford Gateway", population=118_000, area_served="Ashford", illustrative=True)
    make.partnership(project, make.agency("Kent County Council"), role="lead")
    make.partnership(project, make.agency("Ashford Borough Council"))
    make.staff_group(project, headcount=14)
    make.staff_group(project, headcount=18)
    make.milestone(project, on=date.today() + timedelta(days=10), kind="go_live", title="Systems go live")
    make.milestone(project, on=date.today() + timedelta(days=40), kind="opening", title="Gateway opens")
    make.milestone(project, on=date.today() - timedelta(days=10), kind="staff_move", title="Staff moved")
    rep = make.user("union_rep")
    make.member(project, rep)
    page = text(login(rep).get(f"/projects/{project.id}/").text)
    for expected in ("One-stop shop", "Design", "1 April 2027", "Anytown District Council", "Ashford",
                     "118,000", "Anonymity threshold (k) 5", "Illustrative figures",
                     "2 partner agencies", "32 staff in 2 groups", "3 milestones",
                     "Next milestone Systems go live", "in 10 days", "Lead partner: Kent County Council"):
        assert expected in page, expected
    assert "Change project details" not in page  # a union rep reads only
    pm = make.user("programme_manager")
    make.member(project, pm)
    page = login(pm).get(f"/projects/{project.id}/").text
    assert "Change project details" in page
    assert project.staff_token not in page


def _wide_nav(page: str) -> str:
    """The desktop side navigation inside the "Project" landmark."""
    assert '<nav class="app-project-nav" aria-label="Project">' in page
    nav = page.split('aria-label="Project"')[1].split("</nav>")[0]
    return nav.split("app-project-nav__wide")[1]


def test_project_navigation_lists_the_pages_the_role_may_see_in_groups(world, login):
    page = login(world.users["hr"]).get(f"/projects/{world.project.id}/partners").text
    nav = _wide_nav(page)
    for label in ("Overview", "Partners and terms", "Compare terms", "Staff groups", "Governance",
                  "Milestones", "Members", "Concerns", "Questions and answers", "Grading register"):
        assert f">{label}</a>" in nav
    headings = [h.split(">", 1)[1].split("<")[0] for h in nav.split("<h2")[1:]]
    assert headings == ["Project and partners", "Staff voice", "Grading", "Change actions", "Measures and readiness",
                        "Returns"]
    assert f'href="/projects/{world.project.id}/partners" aria-current="page">Partners and terms' in nav
    assert nav.count("aria-current") == 1
    assert "Staff link" not in nav  # only for those who may manage the project


def test_project_navigation_marks_the_section_of_a_sub_page_and_names_it_on_a_phone(world, login):
    page = login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/staff-groups/new").text
    nav = _wide_nav(page)
    assert f'href="/projects/{world.project.id}/staff-groups" aria-current="true">Staff groups' in nav
    narrow = page.split("app-project-nav__narrow")[1].split("</summary>")[0]
    assert "Project sections: Staff groups" in " ".join(narrow.split())
    assert ">Staff link</a>" in nav  # a programme manager manages the link


def test_project_nav_leaves_out_unpermitted_pages(world, app):
    from flask import url_for

    from fossdash.navigation import project_nav

    with app.test_request_context(f"/projects/{world.project.id}/"):
        from flask_login import login_user

        login_user(world.users["union_rep"])
        items = project_nav(world.project, "projects.show")
        texts = [i["text"] for i in items]
        assert texts[:11] == ["Overview", "Partners and terms", "Compare terms", "Staff groups", "Governance",
                              "Milestones", "Members", "Concerns", "Questions and answers", "Pulse surveys",
                              "Grading register"]
        assert "Staff link" not in texts  # managing the link is not a union rep's
        assert all(i["href"].startswith(f"/projects/{world.project.id}/") for i in items)
        assert [i["text"] for i in items if i["active"]] == ["Overview"]
        assert url_for("projects.show", project_id=world.project.id) == items[0]["href"]


def test_project_nav_is_empty_for_someone_outside_the_project(world, app):
    from flask_login import login_user

    from fossdash.navigation import project_nav

    with app.test_request_context("/"):
        login_user(world.users["outsider"])
        assert project_nav(world.project) == []


def test_home_page_says_how_many_concerns_wait_for_an_answer(world, db, login):
    from fossdash.concerns.models import Concern

    # The world's project has two open concerns; answering one leaves one waiting.
    page = text(login(world.users["union_rep"]).get(f"/projects/{world.project.id}/").text)
    assert "2 concerns and questions waiting for an answer" in page
    c = db.session.get(Concern, world.ids["concern_id"])
    c.status, c.response = "answered", "No."
    db.session.commit()
    page = text(login(world.users["union_rep"]).get(f"/projects/{world.project.id}/").text)
    assert "1 concern or question waiting for an answer" in page
