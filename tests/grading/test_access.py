"""Who may do what, enforced on the server: forged requests change nothing."""
from __future__ import annotations

import pytest

from tests.grading.helpers import base, client, issue, issue_url, put_in_state, snapshot

# Every HR form with data that HR could validly save.
HR_POSTS = {
    "edit": {"role_title": "Hacked title", "description": "x", "staff_group_ids": [], "version": "1"},
    "agencies/{row_id}/edit": {"current_grade": "Hacked", "pay_min": "1", "pay_max": "2", "weekly_hours": "10",
                               "annual_leave_days": "1", "version": "1"},
    "agencies/{row_id}/remove": {},
    "agencies/new": {"agency_id": "{pensions}"},
    "evaluation": {"knowledge": "8", "version": ""},
    "decision": {"new_grade": "Hacked", "pay_min": "1", "pay_max": "2", "weekly_hours": "37",
                 "effective_date": ["1", "4", "2027"], "pay_protection_months": "0", "version": ""},
    "move": {"to_status": "hr_review", "reason": "Forged", "version": "1"},
}


def _fill(world, data: dict) -> dict:
    g = world.extra["grading"]
    return {k: (v.format(pensions=g["pensions"].id) if isinstance(v, str) else v) for k, v in data.items()}


@pytest.mark.parametrize("who", ["union_rep", "programme_manager", "executive", "outsider"])
@pytest.mark.parametrize("path", sorted(HR_POSTS))
def test_forged_posts_to_hr_forms_change_nothing(app, world, login, who, path):
    before = snapshot(world)
    url = issue_url(world, path.format(row_id=world.ids["row_id"]))
    resp = client(login, world, who).post(url, data=_fill(world, HR_POSTS[path]))
    assert resp.status_code == (404 if who == "outsider" else 403)
    assert snapshot(world) == before


def test_union_reps_cannot_raise_issues(app, world, login):
    from fossdash.grading.models import GradingIssue

    resp = login(world.users["union_rep"]).post(f"{base(world)}/new", data={"role_title": "Forged"})
    assert resp.status_code == 403
    assert GradingIssue.query.filter_by(role_title="Forged").count() == 0


def test_the_union_position_form_sets_only_the_position(app, world, login):
    before = snapshot(world)
    union = login(world.users["union_rep"])
    resp = union.post(issue_url(world, "union-position"), data={
        "position": "supports_with_conditions", "conditions": "No one loses leave.",
        "version": str(issue(world).position.version),
        # forged extras: none of these may land anywhere
        "status": "agreed", "role_title": "Hacked", "new_grade": "Hacked", "pay_min": "1", "reasons": "ignored",
    })
    assert resp.status_code == 302
    after = snapshot(world)
    assert after["position"]["position"] == "supports_with_conditions"
    assert after["position"]["conditions"] == "No one loses leave."
    assert after["position"]["reasons"] == ""
    assert after["position"]["set_by_id"] == world.users["union_rep"].id
    for key in ("issue", "rows", "groups", "decision", "evaluation", "transitions", "comments"):
        assert after[key] == before[key], key


@pytest.mark.parametrize("who", ["admin", "hr", "programme_manager", "executive", "outsider"])
def test_only_union_reps_set_the_union_position(app, world, login, who):
    before = snapshot(world)
    resp = client(login, world, who).post(issue_url(world, "union-position"),
                                          data={"position": "supports", "version": "1"})
    assert resp.status_code == (404 if who == "outsider" else 403)
    assert snapshot(world) == before


@pytest.mark.parametrize("who,status", [("admin", 302), ("programme_manager", 302), ("hr", 302),
                                        ("union_rep", 302), ("executive", 403), ("outsider", 404)])
def test_who_may_comment(app, world, login, who, status):
    before = snapshot(world)["comments"]
    resp = client(login, world, who).post(issue_url(world, "comments"), data={"body": "A comment"})
    assert resp.status_code == status
    assert snapshot(world)["comments"] == before + (1 if status == 302 else 0)


def test_executives_and_programme_managers_read_but_see_no_edit_links(app, world, login):
    for who in ("executive", "programme_manager"):
        page = login(world.users[who]).get(issue_url(world)).text
        assert "Customer service adviser" in page
        assert "Change the issue" not in page and "Record the union" not in page and "Move this issue" not in page
    assert "Add comment" not in login(world.users["executive"]).get(issue_url(world)).text
    assert "Add comment" in login(world.users["programme_manager"]).get(issue_url(world)).text


def test_another_projects_issue_is_not_found_under_this_project(app, world, login, make):
    """An issue id of project Bravo under Alpha's URL (and the reverse) is a 404 for everyone."""
    from fossdash.extensions import db
    from fossdash.grading import actions

    other = actions.create_issue(world.other, world.users["outsider"], "Bravo role", "", False, [], [])
    db.session.commit()
    admin = login(world.users["admin"])
    assert admin.get(issue_url(world, issue_id=other.id)).status_code == 404
    assert admin.get(f"/projects/{world.other.id}/grading/{world.ids['issue_id']}/").status_code == 404
    hr = login(world.users["hr"])
    assert hr.get(f"/projects/{world.other.id}/grading/{other.id}/").status_code == 404  # not a member


def test_a_row_of_another_issue_is_not_found(app, world, login):
    from fossdash.extensions import db
    from fossdash.grading import actions

    g = world.extra["grading"]
    second = actions.create_issue(world.project, world.users["hr"], "Team leader", "", False, [], [g["pensions"].id])
    db.session.commit()
    hr = login(world.users["hr"])
    assert hr.get(issue_url(world, f"agencies/{second.rows[0].id}/edit")).status_code == 404
    assert hr.post(issue_url(world, f"agencies/{second.rows[0].id}/remove")).status_code == 404
    assert len(issue(world).rows) == 2


def test_non_members_get_404_everywhere_and_see_nothing_in_the_queue(app, world, login):
    outsider = login(world.users["outsider"])
    assert outsider.get(f"{base(world)}/").status_code == 404
    assert outsider.get(issue_url(world)).status_code == 404
    assert outsider.get(f"{base(world)}/export.xlsx").status_code == 404
    queue = outsider.get("/grading/?awaiting=all").text
    assert "Customer service adviser" not in queue


def test_union_reps_export_the_register_of_their_own_projects_only(app, world, login, make):
    import io

    from openpyxl import load_workbook

    rep = login(world.users["union_rep"])
    page = rep.get(f"{base(world)}/").text
    assert "Download the register (Excel)" in page
    response = rep.get(f"{base(world)}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    values = [v for row in book["Grading register"].iter_rows(values_only=True) for v in row if v]
    assert "Customer service adviser" in values
    # Not a member of Bravo: nothing to see there.
    assert rep.get(f"/projects/{world.other.id}/grading/export.xlsx").status_code == 404


def test_union_position_on_a_closed_issue_is_still_the_union_reps_alone(app, world, login):
    put_in_state(world, "closed")
    assert login(world.users["hr"]).get(issue_url(world, "union-position")).status_code == 403


# The forged-POST guard lives in the base form (fossdash.forms.Form), not in the grading views:
# an empty POST to a form loaded from a stored record is validated as empty, never filled from it.
EMPTY_POSTS = {  # path: an error the empty form must show
    "edit": "Enter the role being harmonised",
    "agencies/{row_id}/edit": "Enter the lowest pay in the range",
    "decision": "Enter the new grade",
    "move": "Select where the issue goes next",
}


@pytest.mark.parametrize("path", sorted(EMPTY_POSTS))
def test_a_forged_empty_post_by_hr_saves_nothing_and_says_what_is_missing(app, world, login, path):
    from tests.projects.html import error_summary

    before = snapshot(world)
    resp = login(world.users["hr"]).post(issue_url(world, path.format(row_id=world.ids["row_id"])), data={})
    assert resp.status_code == 200
    errors = error_summary(resp.text)
    assert EMPTY_POSTS[path] in errors, errors
    assert snapshot(world) == before


def test_a_forged_empty_post_of_the_union_position_saves_nothing(app, world, login):
    from tests.projects.html import error_summary

    before = snapshot(world)
    resp = login(world.users["union_rep"]).post(issue_url(world, "union-position"), data={})
    assert resp.status_code == 200 and error_summary(resp.text)
    assert snapshot(world) == before
