"""Partner agencies (shared), partnerships, terms and conditions, and their comparison."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.projects.html import error_summary, table_rows, text
from tests.pages import confirm


def _count(db, model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


# --- agencies --------------------------------------------------------------------------------

def test_everyone_signed_in_reads_the_agencies(world, login):
    page = text(login(world.users["union_rep"]).get("/projects/agencies/").text)
    assert "Alpha District Council" in page and "District council" in page
    assert "Add a partner agency" not in page


def test_agency_list_never_names_a_project_the_reader_cannot_see(world, login):
    page = text(login(world.users["programme_manager"]).get("/projects/agencies/").text)
    assert "Alpha one-stop shop" in page and "Bravo contact centre" not in page
    assert "1 project you are not in" in page  # Bravo County Council's project, unnamed


def test_a_programme_manager_adds_and_edits_an_agency(world, db, login):
    from fossdash.projects.models import Agency

    pm = login(world.users["outsider"])  # any programme manager may
    resp = pm.post("/projects/agencies/new", data={"name": "Sunderland City Council", "kind": "unitary_council"})
    assert resp.status_code == 302 and resp.location == "/projects/agencies/"
    agency = db.session.scalar(db.select(Agency).filter_by(name="Sunderland City Council"))
    resp = pm.post(f"/projects/agencies/{agency.id}/edit",
                   data={"name": "Sunderland City Council", "kind": "district_council", "version": str(agency.version)})
    assert resp.status_code == 302
    db.session.refresh(agency)
    assert agency.kind == "district_council"


def test_an_agency_in_a_project_someone_does_not_run_is_not_theirs_to_change(world, db, make, login):
    from fossdash.audit import AuditEvent
    from fossdash.projects.models import Agency

    bravo_agency = world.extra["projects"]["bravo_agency_id"]
    alpha_agency = world.ids["agency_id"]
    pm = login(world.users["programme_manager"])  # runs Alpha, not Bravo
    listing = pm.get("/projects/agencies/").text
    assert f"/projects/agencies/{alpha_agency}/edit" in listing
    assert f"/projects/agencies/{bravo_agency}/edit" not in listing
    assert "Ask an administrator to change the others" in listing
    for path in ("edit", "delete"):
        assert pm.get(f"/projects/agencies/{bravo_agency}/{path}").status_code == 403
    resp = pm.post(f"/projects/agencies/{bravo_agency}/edit",
                   data={"name": "Renamed by Alpha", "kind": "police", "version": "1"})
    assert resp.status_code == 403
    db.session.expire_all()
    assert db.session.get(Agency, bravo_agency).name == "Bravo County Council"
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access_refused", AuditEvent.entity_id.like("%/agencies/%")).limit(1)) is not None
    # Shared by Alpha and Bravo: only an administrator changes it.
    make.partnership(world.other, db.session.get(Agency, alpha_agency))
    assert pm.get(f"/projects/agencies/{alpha_agency}/edit").status_code == 403
    assert login(world.users["admin"]).get(f"/projects/agencies/{alpha_agency}/edit").status_code == 200
    # An agency no project uses yet is anyone's to change.
    assert pm.get(f"/projects/agencies/{make.agency('Unused').id}/edit").status_code == 200


def test_adding_an_agency_returns_to_the_page_that_asked(world, login):
    pm = login(world.users["programme_manager"])
    back = f"/projects/{world.project.id}/partners/new"
    resp = pm.post(f"/projects/agencies/new?next={back}", data={"name": "Gateshead Council", "kind": "unitary_council"})
    assert resp.location == back
    resp = pm.post("/projects/agencies/new?next=https://evil.example/", data={"name": "Evil", "kind": "private"})
    assert resp.location == "/projects/agencies/"


@pytest.mark.parametrize("target", [
    "/%09/evil.example",  # a tab: browsers drop it, leaving //evil.example
    "/%0a/evil.example",  # a newline: would break the Location header (was a 500)
    "/%0d%0aSet-Cookie:x=1",
    "%2F%2Fevil.example",  # decodes to //evil.example
    "/%252F/evil.example",  # //evil.example once decoded again
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/ /evil.example",
    "",
])
def test_the_way_back_after_adding_an_agency_is_only_ever_a_path_here(world, login, target):
    pm = login(world.users["programme_manager"])
    url = f"/projects/agencies/new?next={target}"
    form = pm.get(url)
    assert form.status_code == 200
    assert 'href="/projects/agencies/">Cancel</a>' in form.get_data(as_text=True)
    resp = pm.post(url, data={"name": f"Agency for {target!r}", "kind": "private"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/projects/agencies/"


def test_a_good_way_back_is_kept_on_the_cancel_link(world, login):
    back = f"/projects/{world.project.id}/partners/new"
    page = login(world.users["programme_manager"]).get(f"/projects/agencies/new?next={back}").get_data(as_text=True)
    assert f'href="{back}">Cancel</a>' in page


@pytest.mark.parametrize("data,message", [
    ({"name": "", "kind": "police"}, "Enter the agency name"),
    ({"name": "alpha district council", "kind": "police"}, "An agency called alpha district council already exists"),
    ({"name": "Kent Police", "kind": ""}, "Select the kind of body"),
    ({"name": "Kent Police", "kind": "army"}, "Select the kind of body from the list"),
])
def test_invalid_agency_saves_nothing(world, db, login, data, message):
    from fossdash.projects.models import Agency

    before = _count(db, Agency)
    resp = login("admin").post("/projects/agencies/new", data=data)
    assert resp.status_code == 200 and any(message in m for m in error_summary(resp.text))
    assert _count(db, Agency) == before


def test_hr_may_not_add_agencies(world, login):
    assert login(world.users["hr"]).post("/projects/agencies/new", data={"name": "X", "kind": "police"}).status_code == 403


def test_an_agency_still_in_a_partnership_cannot_be_deleted(world, db, login):
    from fossdash.projects.models import Agency

    url = f"/projects/agencies/{world.ids['agency_id']}/delete"
    pm = login(world.users["programme_manager"])
    page = text(pm.get(url).text)
    assert "Alpha District Council cannot be deleted because it is a partner in 1 project" in page
    assert "Yes, delete" not in page
    assert pm.post(url).status_code == 409
    assert db.session.get(Agency, world.ids["agency_id"]) is not None


def test_an_unused_agency_is_deleted_after_confirming(world, db, make, login):
    from fossdash.projects.models import Agency

    agency = make.agency("Unused Agency")
    pm = login(world.users["programme_manager"])
    assert "Yes, delete the agency" in pm.get(f"/projects/agencies/{agency.id}/delete").text
    assert db.session.get(Agency, agency.id) is not None
    assert confirm(pm, f"/projects/agencies/{agency.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Agency, agency.id) is None


# --- partnerships ----------------------------------------------------------------------------

def test_partners_page_lists_partners_and_links_for_each_role(world, login):
    url = f"/projects/{world.project.id}/partners"
    page = login(world.users["union_rep"]).get(url).text
    assert "Alpha District Council" in page and "Alpha Police" in page
    assert "Add a partner" not in page and "Terms and conditions<span" not in page
    hr = login(world.users["hr"]).get(url).text
    assert "Terms and conditions<span" in hr and "Add a partner" not in hr
    pm = login(world.users["programme_manager"]).get(url).text
    assert "Add a partner" in pm and "Terms and conditions<span" in pm and ">Remove<" in pm


def test_adding_a_partner(world, db, make, login):
    from fossdash.projects.models import Partnership

    agency = make.agency("Alpha Jobcentre Plus", kind="jobcentre_plus")
    pm = login(world.users["programme_manager"])
    form = pm.get(f"/projects/{world.project.id}/partners/new").text
    assert "Alpha Jobcentre Plus" in form
    assert f'value="{world.ids["agency_id"]}"' not in form  # already a partner
    resp = pm.post(f"/projects/{world.project.id}/partners/new",
                   data={"agency_id": str(agency.id), "role": "partner", "staff_moving_in": "7"})
    assert resp.status_code == 302
    p = db.session.scalar(db.select(Partnership).filter_by(project_id=world.project.id, agency_id=agency.id))
    assert p.staff_moving_in == 7 and p.role == "partner"
    # On to the new partner's terms and conditions, the next thing to record.
    assert resp.location == f"/projects/{world.project.id}/partners/{p.id}/terms"


def test_adding_a_partner_goes_back_to_the_list_for_someone_who_may_not_record_terms(world, db, make, login):
    from fossdash.auth.models import Role
    from fossdash.projects import service
    from fossdash.security import PERMISSIONS

    agency = make.agency("Beta Jobcentre Plus", kind="jobcentre_plus")
    pm = login(world.users["programme_manager"])
    terms_roles = set(PERMISSIONS["terms"])
    PERMISSIONS["terms"].discard(Role.PROGRAMME_MANAGER)
    try:
        resp = pm.post(f"/projects/{world.project.id}/partners/new",
                       data={"agency_id": str(agency.id), "role": "partner"})
    finally:
        PERMISSIONS["terms"] |= terms_roles
    assert resp.status_code == 302 and resp.location == f"/projects/{world.project.id}/partners"
    assert agency in service.partner_agencies(world.project)


@pytest.mark.parametrize("data,message", [
    ({"agency_id": "", "role": "partner"}, "Select a partner agency"),
    ({"agency_id": "AGENCY", "role": "partner"}, "Select a partner agency from the list"),
    ({"agency_id": "NEW", "role": ""}, "Select the agency’s role in the project"),
    ({"agency_id": "NEW", "role": "partner", "staff_moving_in": "-2"}, "Staff moving in must be between 0 and 100,000"),
    ({"agency_id": "NEW", "role": "partner", "staff_moving_in": "2.5"}, "Staff moving in must be a whole number"),
])
def test_invalid_partnership_saves_nothing(world, db, make, login, data, message):
    from fossdash.projects.models import Partnership

    new = make.agency("Fresh Agency")
    data = dict(data)
    data["agency_id"] = {"AGENCY": str(world.ids["agency_id"]), "NEW": str(new.id)}.get(data["agency_id"], data["agency_id"])
    before = _count(db, Partnership)
    resp = login(world.users["programme_manager"]).post(f"/projects/{world.project.id}/partners/new", data=data)
    assert resp.status_code == 200 and any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    assert _count(db, Partnership) == before


def test_editing_and_removing_a_partner(world, db, login):
    from fossdash.projects.models import Partnership, StaffGroup

    pm = login(world.users["programme_manager"])
    pid = world.ids["partnership_id"]
    p = db.session.get(Partnership, pid)
    resp = pm.post(f"/projects/{world.project.id}/partners/{pid}/edit",
                   data={"role": "advisory", "staff_moving_in": "", "version": str(p.version)})
    assert resp.status_code == 302
    db.session.refresh(p)
    assert p.role == "advisory" and p.staff_moving_in is None
    asked = text(pm.get(f"/projects/{world.project.id}/partners/{pid}/delete").text)
    assert "Remove Alpha District Council from this project?" in asked
    assert "1 staff group stay in the project" in asked
    assert confirm(pm, f"/projects/{world.project.id}/partners/{pid}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Partnership, pid) is None
    assert db.session.get(StaffGroup, world.ids["staff_group_id"]) is not None


# --- terms and conditions --------------------------------------------------------------------

def _terms(**kw):
    data = {"weekly_hours": "37", "annual_leave_days": "25", "pay_scale": "NJC spinal points",
            "grade_names": "Scale 4", "performance_indicators": "Calls answered in 20 seconds",
            "reporting_line": "Customer services manager"}
    data.update(kw)
    return data


@pytest.mark.parametrize("who", ["admin", "programme_manager", "hr"])
def test_terms_are_edited_by_admin_programme_manager_and_hr(world, db, login, who):
    from fossdash.projects.models import Partnership

    p = db.session.get(Partnership, world.ids["partnership_id"])
    resp = login(world.users[who]).post(f"/projects/{world.project.id}/partners/{p.id}/terms",
                                        data=_terms(weekly_hours="36.5", annual_leave_days="27.5",
                                                    version=str(p.version)))
    assert resp.status_code == 302 and resp.location == f"/projects/{world.project.id}/terms/compare"
    db.session.refresh(p)
    assert p.weekly_hours == Decimal("36.5") and p.annual_leave_days == Decimal("27.5")


@pytest.mark.parametrize("who", ["union_rep", "executive"])
def test_union_reps_and_executives_cannot_edit_terms(world, login, who):
    url = f"/projects/{world.project.id}/partners/{world.ids['partnership_id']}/terms"
    assert login(world.users[who]).post(url, data=_terms(version="1")).status_code == 403


@pytest.mark.parametrize("changes,message", [
    ({"weekly_hours": "61"}, "Weekly hours must be between 1 and 60"),
    ({"weekly_hours": "0"}, "Weekly hours must be between 1 and 60"),
    ({"weekly_hours": "thirty"}, "Weekly hours must be a number"),
    ({"weekly_hours": "NaN"}, "Weekly hours must be a number"),
    ({"annual_leave_days": "61"}, "Annual leave must be between 0 and 60 days"),
    ({"annual_leave_days": "-1"}, "Annual leave must be between 0 and 60 days"),
    ({"pay_scale": "x" * 201}, "Pay scale must be 200 characters or fewer"),
])
def test_invalid_terms_save_nothing(world, db, login, changes, message):
    from fossdash.projects.models import Partnership

    p = db.session.get(Partnership, world.ids["partnership_id"])
    before = (p.weekly_hours, p.annual_leave_days, p.pay_scale, p.version)
    resp = login(world.users["hr"]).post(f"/projects/{world.project.id}/partners/{p.id}/terms",
                                         data=_terms(version=str(p.version), **changes))
    assert resp.status_code == 200
    assert any(message in m for m in error_summary(resp.text)), error_summary(resp.text)
    db.session.refresh(p)
    assert (p.weekly_hours, p.annual_leave_days, p.pay_scale, p.version) == before


def test_a_conflicting_terms_edit_is_refused_and_shows_both(world, db, login):
    from fossdash.projects.models import Partnership

    p = db.session.get(Partnership, world.ids["partnership_id"])
    url = f"/projects/{world.project.id}/partners/{p.id}/terms"
    stale = str(p.version)
    assert login(world.users["hr"]).post(url, data=_terms(weekly_hours="36", version=stale)).status_code == 302
    clash = login(world.users["programme_manager"]).post(url, data=_terms(weekly_hours="39", version=stale))
    assert clash.status_code == 409
    rows = {r[1][0][2]: [c[2] for c in r[1][1:]] for r in table_rows(clash.text) if r[1] and r[1][0][0] == "th"}
    assert rows["Weekly hours Different"] == ["39", "36"]  # as typed, not "39.00"
    db.session.refresh(p)
    assert p.weekly_hours == Decimal("36")


# --- the comparison --------------------------------------------------------------------------

def test_compare_terms_service_finds_the_differences(app, make):
    from fossdash.projects.terms import compare_terms

    project = make.project("Terms test")
    make.partnership(project, make.agency("Council"), role="lead", weekly_hours=37, annual_leave_days=25,
                     pay_scale="NJC", grade_names="Scale 4", reporting_line="Manager")
    make.partnership(project, make.agency("District"), weekly_hours=Decimal("37.00"), annual_leave_days=25,
                     pay_scale="njc ", grade_names="Scale 4", reporting_line="Manager")
    make.partnership(project, make.agency("Police"), weekly_hours=39, annual_leave_days=28,
                     pay_scale="Police staff scales", grade_names="Scale 4", reporting_line="Manager")
    make.partnership(project, make.agency("No terms yet"), weekly_hours=None, annual_leave_days=None,
                     pay_scale="", grade_names="", reporting_line="")
    c = compare_terms(project)
    assert [p.agency.name for p in c.partnerships] == ["Council", "District", "Police"]
    assert [p.agency.name for p in c.without_terms] == ["No terms yet"]
    by = {r.attr: r for r in c.rows}
    assert [r.attr for r in c.differing] == ["weekly_hours", "annual_leave_days", "pay_scale"]
    assert by["weekly_hours"].range_text == "37 to 39"
    # Only the odd one out is highlighted; "NJC" and "njc " are the same value.
    assert [cell.differs for cell in by["weekly_hours"].cells] == [False, False, True]
    assert [cell.differs for cell in by["pay_scale"].cells] == [False, False, True]
    assert not any(cell.differs for cell in by["grade_names"].cells)
    assert by["performance_indicators"].missing == ["Council", "District", "Police"]
    assert c.summary == ("Partners differ on 3 of 6 terms: weekly hours (37 to 39), annual leave "
                         "(25 to 28 days) and pay scale.")


def test_two_partners_that_differ_are_both_highlighted(app, make):
    from fossdash.projects.terms import compare_terms

    project = make.project("Two")
    make.partnership(project, make.agency("A"), weekly_hours=37)
    make.partnership(project, make.agency("B"), weekly_hours=39)
    row = compare_terms(project).rows[0]
    assert row.differs and [c.differs for c in row.cells] == [True, True]


def test_compare_page_puts_partners_in_columns_and_highlights_exactly_the_differences(app, make, login):
    project = make.project("Compare page")
    make.partnership(project, make.agency("Zeta District Council"), role="lead", weekly_hours=37,
                     annual_leave_days=25, pay_scale="NJC spinal points")
    make.partnership(project, make.agency("Alpha Police"), weekly_hours=39, annual_leave_days=28,
                     pay_scale="Police staff pay scales")
    make.partnership(project, make.agency("Beta Borough Council"), weekly_hours=37, annual_leave_days=25,
                     pay_scale="NJC spinal points")
    page = login("executive").get(f"/projects/{project.id}/terms/compare").text
    rows = table_rows(page)
    header = [c[2] for c in rows[0][1]]
    assert header[0] == "Term"
    assert [h.split(" Lead")[0].split(" Partner")[0] for h in header[1:]] == [
        "Zeta District Council", "Alpha Police", "Beta Borough Council"]  # lead first, then by name
    body = {attrs["data-term"]: cells for attrs, cells in rows if "data-term" in attrs}  # on the row's heading
    assert list(body) == ["weekly_hours", "annual_leave_days", "pay_scale", "grade_names",
                          "performance_indicators", "reporting_line"]
    highlighted = {term: [i for i, c in enumerate(cells[1:]) if "app-diff" in c[1]] for term, cells in body.items()}
    # Exactly the differing terms, and in them the police value that is not what most partners have.
    assert highlighted == {"weekly_hours": [1], "annual_leave_days": [1], "pay_scale": [1], "grade_names": [],
                           "performance_indicators": [], "reporting_line": []}
    # Not by colour alone: each differing row has a visible "Differs" tag, each highlighted cell a
    # hidden "(differs)" for screen readers, and a legend explains the marks.
    for term in ("weekly_hours", "annual_leave_days", "pay_scale"):
        assert body[term][0][2].endswith("Differs")
        assert body[term][2][2].endswith("(differs)")
    assert "Differs" not in body["grade_names"][0][2]
    assert body["weekly_hours"][1][2] == "37" and body["weekly_hours"][2][2] == "39 (differs)"
    assert body["annual_leave_days"][1][2] == "25 days" and body["annual_leave_days"][2][2] == "28 days (differs)"
    assert 'id="terms-legend"' in page
    assert ("Partners differ on 3 of 6 terms: weekly hours (37 to 39), annual leave (25 to 28 days) "
            "and pay scale.") in text(page)


def test_compare_page_with_one_partner_says_what_to_do(app, make, login):
    project = make.project("Lonely")
    make.partnership(project, make.agency("Only one"))
    page = text(login("admin").get(f"/projects/{project.id}/terms/compare").text)
    assert "Record the terms and conditions of at least two partner agencies to compare them." in page


def test_illustrative_terms_are_labelled(world, db, login):
    from fossdash.projects.models import Partnership

    p = db.session.get(Partnership, world.ids["partnership_id"])
    p.terms_illustrative = True
    db.session.commit()
    for url in (f"/projects/{world.project.id}/terms/compare", f"/projects/{world.project.id}/partners"):
        assert "Illustrative figures" in login("admin").get(url).text


def test_compare_terms_tags_a_partner_only_where_real_and_invented_terms_are_mixed(app, make, login):
    project = make.project("Mixed terms")
    make.partnership(project, make.agency("Real Council"), weekly_hours=37, terms_illustrative=False)
    invented = make.partnership(project, make.agency("Invented Police"), weekly_hours=39, terms_illustrative=True)
    admin = login("admin")
    url = f"/projects/{project.id}/terms/compare"
    rows = table_rows(admin.get(url).text)
    header = {c[2].split(" Lead")[0].split(" Partner")[0]: c[2] for c in rows[0][1][1:]}
    assert header["Invented Police"].endswith("Illustrative") and not header["Real Council"].endswith("Illustrative")
    page = admin.get(url).text
    assert page.count("app-illustrative") == 1
    assert "The terms of the partners tagged “Illustrative” are illustrative" in page
    # All invented: the one notice says so, and no column carries a tag.
    from fossdash.extensions import db

    for p in project.partnerships:
        p.terms_illustrative = True
    db.session.commit()
    page = admin.get(url).text
    assert "The terms below are illustrative" in page
    assert not any(c[2].endswith("Illustrative") for c in table_rows(page)[0][1])
    assert invented.terms_illustrative
