"""Raising an issue, editing each agency's terms, the evaluation, decision and union position:
GOV.UK errors, nothing half-saved, and a conflicting save loses nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.grading.helpers import base, issue, issue_url, put_in_state, snapshot
from tests.pages import confirm


def test_raising_an_issue_prefills_each_agency_from_its_terms(app, world, login):
    from fossdash.grading.models import GradingIssue

    g = world.extra["grading"]
    hr = login(world.users["hr"])
    form = hr.get(f"{base(world)}/new").text
    assert "Grading world police" in form and "Grading world council advisers" in form
    resp = hr.post(f"{base(world)}/new", data={
        "role_title": "  Team leader ", "description": "Supervisors of both employers",
        "staff_group_ids": [str(g["group"].id)], "agencies": [str(g["police"].id), str(g["pensions"].id)],
    })
    assert resp.status_code == 302
    new = GradingIssue.query.filter_by(role_title="Team leader").one()
    assert new.status == "raised" and new.position.position == "pending"
    assert new.raised_by_id == world.users["hr"].id
    assert [gr.name for gr in new.staff_groups] == ["Grading world council advisers"]
    rows = {r.agency.name: r for r in new.rows}
    assert set(rows) == {"Grading world police", "Grading world pensions"}
    police = rows["Grading world police"]
    assert (police.current_grade, police.weekly_hours, police.annual_leave_days) == \
        ("Police staff C", Decimal("39.00"), Decimal("24.0"))
    assert police.pay_min is None  # pay is HR's to enter
    assert "Needs pay<" in hr.get(resp.headers["Location"]).text


def test_staff_groups_of_another_project_cannot_be_attached(app, world, login):
    bravo_group = world.extra["projects"]["bravo_staff_group_id"] if "projects" in world.extra else None
    if bravo_group is None:
        pytest.skip("the projects world part provides Bravo's staff group")
    hr = login(world.users["hr"])
    i = issue(world)
    resp = hr.post(issue_url(world, "edit"), data={"role_title": "Customer service adviser",
                                                   "staff_group_ids": [str(bravo_group)], "version": str(i.version)})
    assert resp.status_code == 200 and "Select staff groups of this project only" in resp.text
    assert [gr.id for gr in issue(world).staff_groups] == [world.extra["grading"]["group"].id]


ROW = {"current_grade": "Scale 5", "pay_min": "£20,500", "pay_max": "22000", "weekly_hours": "37",
       "annual_leave_days": "26"}


@pytest.mark.parametrize("changes,message", [
    ({"pay_min": "23000", "pay_max": "22000"}, "The lowest pay must be the same as or less than the highest pay"),
    ({"weekly_hours": "0"}, "Weekly hours must be more than 0 and no more than 60"),
    ({"weekly_hours": "61"}, "Weekly hours must be more than 0 and no more than 60"),
    ({"pay_min": "twenty thousand"}, "The lowest pay in the range must be a number, like 19500"),
    ({"pay_max": ""}, "Enter the highest pay in the range"),
    ({"weekly_hours": ""}, "Enter the weekly hours"),
    ({"annual_leave_days": "-1"}, "Annual leave must be 0 or more"),
    ({"pay_min": "NaN"}, "The lowest pay in the range must be a number, like 19500"),
])
def test_invalid_terms_are_refused_with_govuk_messages_and_nothing_is_saved(app, world, login, changes, message):
    before = snapshot(world)
    row = next(r for r in issue(world).rows if r.id == world.ids["row_id"])
    resp = login(world.users["hr"]).post(issue_url(world, f"agencies/{row.id}/edit"),
                                         data={**ROW, **changes, "version": str(row.version)})
    assert resp.status_code == 200
    assert "There is a problem" in resp.text and message in resp.text
    assert resp.text.count(message) == 2  # in the summary and by the field
    assert snapshot(world) == before


def test_valid_terms_are_saved_with_the_reason_on_the_timeline(app, world, login):
    row = next(r for r in issue(world).rows if r.id == world.ids["row_id"])
    hr = login(world.users["hr"])
    resp = hr.post(issue_url(world, f"agencies/{row.id}/edit"),
                   data={**ROW, "reason": "Pay award 2027", "version": str(row.version)})
    assert resp.status_code == 302
    saved = next(r for r in issue(world).rows if r.id == row.id)
    assert (saved.pay_min, saved.pay_max, saved.weekly_hours) == (Decimal("20500.00"), Decimal("22000.00"),
                                                                  Decimal("37.00"))
    page = hr.get(issue_url(world)).text
    assert "Grading world police: terms changed" in page and "Pay award 2027" in page
    assert "Pay from (a year): £20,000 → £20,500" in page


def test_a_conflicting_edit_loses_nothing(app, world, login):
    row = next(r for r in issue(world).rows if r.id == world.ids["row_id"])
    loaded = str(row.version)
    first, second = login(world.users["hr"]), login(world.users["admin"])
    assert first.post(issue_url(world, f"agencies/{row.id}/edit"),
                      data={**ROW, "pay_min": "20100", "version": loaded}).status_code == 302
    resp = second.post(issue_url(world, f"agencies/{row.id}/edit"),
                       data={**ROW, "pay_min": "20999", "current_grade": "Mine", "version": loaded})
    assert resp.status_code == 409
    assert "Someone else changed this record" in resp.text
    assert "20999" in resp.text and "Mine" in resp.text  # the second person's typing is all there
    assert "20,100" in resp.text  # beside what is saved now
    saved = next(r for r in issue(world).rows if r.id == row.id)
    assert saved.pay_min == Decimal("20100.00") and saved.current_grade == "Scale 5"
    # Saving again from the conflict page (now carrying the current version) replaces it.
    fresh = str(saved.version)
    assert second.post(issue_url(world, f"agencies/{row.id}/edit"),
                       data={**ROW, "pay_min": "20999", "current_grade": "Mine", "version": fresh}).status_code == 302
    assert next(r for r in issue(world).rows if r.id == row.id).current_grade == "Mine"


def test_a_post_without_the_version_is_treated_as_stale(app, world, login):
    row = next(r for r in issue(world).rows if r.id == world.ids["row_id"])
    resp = login(world.users["hr"]).post(issue_url(world, f"agencies/{row.id}/edit"), data=ROW)
    assert resp.status_code == 409
    assert next(r for r in issue(world).rows if r.id == row.id).pay_min == Decimal("20000.00")


def test_adding_and_removing_an_agency(app, world, login):
    g = world.extra["grading"]
    hr = login(world.users["hr"])
    page = hr.get(issue_url(world, "agencies/new")).text
    assert "Grading world pensions" in page and "Grading world police" not in page.split("<select")[1]
    resp = hr.post(issue_url(world, "agencies/new"), data={"agency_id": str(g["pensions"].id)})
    assert resp.status_code == 302 and "/edit" in resp.headers["Location"]
    added = next(r for r in issue(world).rows if r.agency_id == g["pensions"].id)
    assert (added.current_grade, added.weekly_hours) == ("AO", Decimal("36.00"))
    # An agency already compared (or of no partnership) cannot be added twice.
    resp = hr.post(issue_url(world, "agencies/new"), data={"agency_id": str(g["police"].id)})
    assert resp.status_code == 200 and "Select a partner agency" in resp.text
    assert confirm(hr, issue_url(world, f"agencies/{added.id}/remove")).status_code == 302
    assert len(issue(world).rows) == 2
    assert "Agency removed: Grading world pensions" in hr.get(issue_url(world)).text


def test_the_union_position_needs_its_text(app, world, login):
    union = login(world.users["union_rep"])
    version = str(issue(world).position.version)
    resp = union.post(issue_url(world, "union-position"), data={"position": "supports_with_conditions",
                                                                "version": version})
    assert resp.status_code == 200 and "Enter the union&#39;s conditions" in resp.text
    resp = union.post(issue_url(world, "union-position"), data={"position": "opposes", "reasons": " ",
                                                                "version": version})
    assert resp.status_code == 200 and "Enter the union&#39;s reasons for opposing" in resp.text
    resp = union.post(issue_url(world, "union-position"), data={"position": "maybe", "version": version})
    assert resp.status_code == 200 and "Select the union&#39;s position" in resp.text
    assert issue(world).position.position == "pending"
    resp = union.post(issue_url(world, "union-position"), data={"position": "opposes",
                                                                "reasons": "Cuts pay", "version": version})
    assert resp.status_code == 302
    assert (issue(world).position.position, issue(world).position.reasons) == ("opposes", "Cuts pay")


DECISION = {"new_grade": "Scale 5 (Single Status)", "pay_min": "21000", "pay_max": "23000", "weekly_hours": "37",
            "effective_date": ["1", "4", "2027"], "pay_protection_months": "24", "notes": ""}


@pytest.mark.parametrize("changes,message", [
    ({"pay_min": "24000"}, "The lowest pay must be the same as or less than the highest pay"),
    ({"effective_date": ["31", "2", "2027"]}, "The date the new grading takes effect must be a real date"),
    ({"effective_date": ["1", "", "2027"]}, "The date the new grading takes effect must include a month"),
    ({"effective_date": ["", "", ""]}, "Enter the date the new grading takes effect"),
    ({"pay_protection_months": "1.5"}, "Months of pay protection must be a whole number, like 12"),
    ({"pay_protection_months": "121"}, "Months of pay protection must be 120 or less"),
    ({"new_grade": ""}, "Enter the new grade"),
])
def test_invalid_decisions_are_refused(app, world, login, changes, message):
    resp = login(world.users["hr"]).post(issue_url(world, "decision"), data={**DECISION, **changes, "version": ""})
    assert resp.status_code == 200 and message in resp.text
    assert issue(world).decision is None


def test_a_decision_and_what_it_means_per_agency(app, world, login):
    hr = login(world.users["hr"])
    assert hr.post(issue_url(world, "decision"), data={**DECISION, "version": ""}).status_code == 302
    d = issue(world).decision
    assert (d.new_grade, d.effective_date, d.pay_protection_months, d.decided_by_id) == \
        ("Scale 5 (Single Status)", date(2027, 4, 1), 24, world.users["hr"].id)
    page = hr.get(issue_url(world)).text
    # new midpoint £22,000 at 37 hours = 22,000 ÷ 52.143 ÷ 37 = £11.40 an hour; police now £10.82 (39 h)
    assert "£11.40" in page and "Decision recorded" in page


def test_job_evaluation_totals_and_partial_evaluations(app, world, login):
    hr = login(world.users["hr"])
    resp = hr.post(issue_url(world, "evaluation"), data={"version": ""})
    assert resp.status_code == 200 and "Select a level for at least one factor" in resp.text
    resp = hr.post(issue_url(world, "evaluation"), data={"knowledge": "9", "version": ""})
    assert resp.status_code == 200 and "Select a level for knowledge" in resp.text
    assert hr.post(issue_url(world, "evaluation"), data={"knowledge": "4", "version": ""}).status_code == 302
    assert "Incomplete" in hr.get(issue_url(world)).text
    levels = {k: "1" for k in ("knowledge", "mental_skills", "interpersonal_skills", "physical_skills", "initiative",
                               "physical_demands", "mental_demands", "emotional_demands", "resp_people",
                               "resp_supervision", "resp_financial", "resp_physical", "working_conditions")}
    version = str(issue(world).evaluation.version)
    resp = hr.post(issue_url(world, "evaluation"), data={**levels, "knowledge": "4", "version": version})
    assert resp.status_code == 302
    assert "224 of 1,000 points" in hr.get(issue_url(world)).text  # 164 at level 1, knowledge 4 adds 60


def test_register_shows_rates_disparity_and_its_definition(app, world, login):
    from fossdash.extensions import db

    i = issue(world)
    council = next(r for r in i.rows if r.agency_id == world.extra["grading"]["council"].id)
    police = next(r for r in i.rows if r.agency_id == world.extra["grading"]["police"].id)
    for r in (council, police):
        r.pay_min = r.pay_max = Decimal("20000")
    db.session.commit()
    page = login(world.users["executive"]).get(f"{base(world)}/").text
    assert "£9.83 to £10.37" in page and "5.4%" in page
    assert "(highest hourly midpoint − lowest hourly midpoint) ÷ lowest hourly midpoint" in page
    issue_page = login(world.users["executive"]).get(issue_url(world)).text
    assert "£10.37" in issue_page and "£9.83" in issue_page and "Highest" in issue_page


def test_illustrative_figures_are_labelled(app, world, login):
    from fossdash.extensions import db

    i = issue(world)
    i.illustrative = True
    db.session.commit()
    hr = login(world.users["hr"])
    pages = {  # the kit's one notice (templates/macros/kit.html), naming what on the page is invented
        f"{base(world)}/": "The pay figures and job evaluations in this register",
        issue_url(world): "The pay figures and job evaluation of this issue",
        "/grading/?awaiting=all": "The pay figures in this queue",
        issue_url(world, f"agencies/{world.ids['row_id']}/edit"): "This issue&#39;s figures",
        issue_url(world, "decision"): "This issue&#39;s figures",
    }
    for url, what in pages.items():
        page = hr.get(url).text
        assert page.count('class="govuk-inset-text app-illustrative"') == 1, url
        assert f"{what} are illustrative: they were made up for this demonstration" in page, url
        assert ">Illustrative</strong>" not in page, url  # every issue here is invented: no tag on each row
    i = issue(world)
    i.illustrative = False
    db.session.commit()
    assert "app-illustrative" not in hr.get(issue_url(world)).text


def test_a_register_mixing_real_and_invented_issues_tags_the_invented_ones(app, world, login):
    from fossdash.extensions import db
    from fossdash.grading import actions

    hr_user = world.users["hr"]
    invented = actions.create_issue(world.project, hr_user, "Invented receptionist", "", True, [], [])
    db.session.commit()
    hr = login(hr_user)
    for url, what in ((f"{base(world)}/", "The pay figures and job evaluations of the issues tagged “Illustrative”"),
                      ("/grading/?awaiting=all", "The pay figures of the issues tagged “Illustrative”")):
        page = hr.get(url).text
        assert page.count('class="govuk-inset-text app-illustrative"') == 1, url
        assert f"{what} are illustrative" in page, url
        rows = [r for r in page.split('<tr class="govuk-table__row">')[1:]]
        tagged = [r for r in rows if ">Illustrative</strong>" in r]
        assert len(tagged) == 1 and "Invented receptionist" in tagged[0], url
    assert invented.illustrative


def test_equal_pay_warning_on_the_register(app, world, login):
    from fossdash.extensions import db
    from fossdash.grading import actions

    g = world.extra["grading"]
    levels = put_in_state(world, "union_consultation").evaluation.levels()  # every factor at level 2
    other = actions.create_issue(world.project, world.users["hr"], "Receptionist", "", False, [],
                                 [g["council"].id])
    other.rows[0].pay_min = other.rows[0].pay_max = Decimal("15000")
    actions.save_evaluation(other, levels, None, "", "")
    db.session.commit()
    page = login(world.users["hr"]).get(f"{base(world)}/").text
    assert "Equal-pay warnings" in page and "Receptionist" in page
    assert "is paid" in page and "more an hour than" in page
    assert "Equal-pay warning" in login(world.users["hr"]).get(issue_url(world)).text


def test_a_conflicting_issue_edit_shows_both_versions_of_the_staff_groups(app, world, login):
    g = world.extra["grading"]
    loaded = str(issue(world).version)
    hr, admin = login(world.users["hr"]), login(world.users["admin"])
    assert hr.post(issue_url(world, "edit"), data={"role_title": "Adviser (HR's title)", "staff_group_ids": [],
                                                   "version": loaded}).status_code == 302
    resp = admin.post(issue_url(world, "edit"), data={"role_title": "Adviser (admin's title)",
                                                      "staff_group_ids": [str(g["group"].id)], "version": loaded})
    assert resp.status_code == 409
    assert "Adviser (admin&#39;s title)" in resp.text and "Adviser (HR&#39;s title)" in resp.text
    assert "Grading world council advisers" in resp.text  # the admin's groups, by name
    i = issue(world)
    assert i.role_title == "Adviser (HR's title)" and i.staff_groups == []


def test_the_issue_page_shows_the_hourly_sums_step_by_step(app, world, login):
    # world: £20,000–£22,000 at both agencies; midpoint £21,000. Council 37 h: 21,000 ÷ 52.143 ÷ 37 = £10.8848;
    # police 39 h: 21,000 ÷ 52.143 ÷ 39 = £10.3266; (10.8848 − 10.3266) ÷ 10.3266 = 5.4%.
    page = login(world.users["union_rep"]).get(issue_url(world)).text
    assert "Grading world council: £21,000 a year ÷ 52.143 weeks ÷ 37 hours a week = <strong>£10.88 an hour" in page
    assert "Grading world police: £21,000 a year ÷ 52.143 weeks ÷ 39 hours a week = <strong>£10.33 an hour" in page
    assert "Disparity: (£10.88 − £10.33) ÷ £10.33 = <strong>5.4%</strong>" in page


def test_a_row_says_what_it_still_needs(app, world, login):
    from fossdash.extensions import db

    i = issue(world)
    police = next(r for r in i.rows if r.agency_id == world.extra["grading"]["police"].id)
    police.weekly_hours = None
    db.session.commit()
    page = login(world.users["hr"]).get(issue_url(world)).text
    assert "Needs weekly hours" in page and "Needs pay" not in page


def test_every_problem_with_the_terms_is_listed_at_once(app, world, login):
    row_url = issue_url(world, f"agencies/{world.ids['row_id']}/edit")
    hr = login(world.users["hr"])
    version = str(next(r for r in issue(world).rows if r.id == world.ids["row_id"]).version)
    resp = hr.post(row_url, data={"pay_min": "23000", "pay_max": "22000", "weekly_hours": "0", "version": version})
    assert resp.status_code == 200
    assert "The lowest pay must be the same as or less than the highest pay" in resp.text
    assert "Weekly hours must be more than 0" in resp.text
    resp = hr.post(issue_url(world, "decision"), data={**DECISION, "pay_min": "24000", "new_grade": "",
                                                       "version": ""})
    assert "The lowest pay must be the same as or less than the highest pay" in resp.text
    assert "Enter the new grade" in resp.text


def test_issues_from_illustrative_terms_start_marked_illustrative(app, world, login):
    from fossdash.extensions import db
    from fossdash.projects.models import Partnership

    def ticked() -> bool:
        form = hr.get(f"{base(world)}/new").text
        box = form.split('name="illustrative"', 1)[1].split(">", 1)[0]
        return "checked" in box

    hr = login(world.users["hr"])
    assert not ticked()
    for p in Partnership.query.filter_by(project_id=world.project.id):
        p.terms_illustrative = True
    db.session.commit()
    assert ticked()


def test_the_equal_pay_warning_on_an_issue_links_the_other_role(app, world, login):
    from fossdash.extensions import db
    from fossdash.grading import actions

    g = world.extra["grading"]
    levels = put_in_state(world, "union_consultation").evaluation.levels()
    other = actions.create_issue(world.project, world.users["hr"], "Receptionist", "", False, [], [g["council"].id])
    other.rows[0].pay_min = other.rows[0].pay_max = Decimal("15000")
    actions.save_evaluation(other, levels, None, "", "")
    db.session.commit()
    page = login(world.users["hr"]).get(issue_url(world)).text
    assert f'href="{base(world)}/{other.id}/">Receptionist</a>' in page
    assert "Customer service adviser (this issue)" in page
