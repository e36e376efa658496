"""What an agreement was made on stays put: once a proposal is agreed (or the issue closed) the
union's position and HR's decision cannot change until an appeal reopens the issue; and changing the
decision's terms while the union is consulted or a proposal is open asks the union again."""
from __future__ import annotations

import pytest

from tests.grading.helpers import issue, issue_url, put_in_state, snapshot

DECISION = {"new_grade": "Scale 5", "pay_min": "21000", "pay_max": "22000", "weekly_hours": "37",
            "effective_date": ["1", "4", "2027"], "pay_protection_months": "12", "notes": ""}


def _decision_post(c, world, **changes):
    i = issue(world)
    return c.post(issue_url(world, "decision"), data={**DECISION, **changes, "version": str(i.decision.version)})


def _position_post(c, world, position="opposes", **extra):
    i = issue(world)
    return c.post(issue_url(world, "union-position"), data={"position": position, "reasons": "Members now object",
                                                            "version": str(i.position.version), **extra})


@pytest.mark.parametrize("status", ["agreed", "closed"])
def test_the_union_position_cannot_change_once_settled(app, world, login, status):
    put_in_state(world, status, position="supports")
    union = login(world.users["union_rep"])
    page = union.get(issue_url(world, "union-position"))
    assert page.status_code == 200 and "cannot be changed now" in page.text
    assert 'name="position"' not in page.text  # no form to fill in for nothing
    before = snapshot(world)
    resp = _position_post(union, world)
    assert resp.status_code == 409 and "Nothing has been saved" in resp.text
    assert snapshot(world) == before
    show = union.get(issue_url(world)).text
    assert "Record the union&#39;s position" not in show
    assert ("ask HR to record an appeal" if status == "agreed" else "This issue is closed") in show


@pytest.mark.parametrize("status", ["agreed", "closed"])
def test_the_decision_cannot_change_once_settled(app, world, login, status):
    put_in_state(world, status, position="supports")
    hr = login(world.users["hr"])
    assert "cannot be changed now" in hr.get(issue_url(world, "decision")).text
    before = snapshot(world)
    resp = _decision_post(hr, world, pay_min="15000")
    assert resp.status_code == 409
    assert snapshot(world) == before
    show = hr.get(issue_url(world)).text
    assert "Change the decision" not in show and "Record the decision" not in show


def test_an_appeal_reopens_the_position_and_the_decision(app, world, login):
    put_in_state(world, "appealed", position="supports")
    assert _position_post(login(world.users["union_rep"]), world).status_code == 302
    assert issue(world).position.position == "opposes"
    assert _decision_post(login(world.users["hr"]), world, pay_max="23000").status_code == 302
    assert str(issue(world).decision.pay_max) in ("23000", "23000.00")


@pytest.mark.parametrize("status", ["union_consultation", "proposal"])
def test_changing_the_decision_terms_asks_the_union_again(app, world, login, status):
    put_in_state(world, status, position="supports_with_conditions")
    hr = login(world.users["hr"])
    resp = _decision_post(hr, world, pay_min="20500")
    assert resp.status_code == 302
    i = issue(world)
    assert (i.position.position, i.position.conditions) == ("pending", "")
    assert "union&#39;s position is back to pending" in hr.get(resp.headers["Location"]).text
    page = hr.get(issue_url(world)).text
    assert "Union position reset to pending" in page
    assert "Reset because HR changed the decision" in page
    # ...so the proposal cannot be agreed on terms the union has not seen.
    put_in_state(world, "proposal", position="pending")
    resp = hr.post(issue_url(world, "move"), data={"to_status": "agreed", "reason": "JCC",
                                                   "version": str(issue(world).version)})
    assert "cannot be agreed while the union&#39;s position is pending" in resp.text
    assert issue(world).status == "proposal"


def test_notes_alone_or_a_first_decision_leave_the_position_alone(app, world, login):
    put_in_state(world, "proposal", position="supports", decision=False)
    hr = login(world.users["hr"])
    assert hr.post(issue_url(world, "decision"), data={**DECISION, "version": ""}).status_code == 302
    assert issue(world).position.position == "supports"
    assert _decision_post(hr, world, notes="Assimilation to the nearest point above").status_code == 302
    assert issue(world).position.position == "supports"
    # The same terms typed differently ("£21,000") are not a change either.
    assert _decision_post(hr, world, pay_min="£21,000", notes="Assimilation to the nearest point above").status_code == 302
    assert issue(world).position.position == "supports"


def test_before_consultation_a_changed_decision_keeps_the_position(app, world, login):
    put_in_state(world, "hr_review", position="supports")
    assert _decision_post(login(world.users["hr"]), world, pay_min="20000").status_code == 302
    assert issue(world).position.position == "supports"
