"""The workflow: which moves exist, who may make them, what is refused and why."""
from __future__ import annotations

import itertools

import pytest

from fossdash.grading import rules
from fossdash.grading.models import STATUSES
from tests.grading.helpers import client, issue, issue_url, put_in_state, snapshot

ALLOWED = {
    ("raised", "hr_review"), ("hr_review", "job_evaluation"), ("hr_review", "union_consultation"),
    ("hr_review", "closed"), ("job_evaluation", "union_consultation"), ("union_consultation", "proposal"),
    ("proposal", "agreed"), ("proposal", "appealed"), ("agreed", "appealed"), ("agreed", "closed"),
    ("appealed", "hr_review"), ("appealed", "closed"),
}
ROLES = ["admin", "programme_manager", "hr", "union_rep", "executive"]
MAKERS = {"admin", "hr"}
PAIRS = [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b]


def test_the_move_table_is_the_documented_one():
    assert {(m.source, m.target) for m in rules.MOVES} == ALLOWED
    assert all(m.roles == {"admin", "hr"} for m in rules.MOVES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source,target", PAIRS)
def test_every_pair_by_every_role(source, target, role):
    problem = rules.move_problem(source, target, role, position="supports", has_decision=True,
                                   evaluation_complete=True)
    if (source, target) in ALLOWED and role in MAKERS:
        assert problem is None
    else:
        assert problem
    offered = {m.target for m in rules.moves_from(source, role)}
    assert (target in offered) == ((source, target) in ALLOWED and role in MAKERS)


def test_agreement_waits_for_the_union_and_the_decision():
    kw = dict(has_decision=True, evaluation_complete=True)
    assert rules.move_problem("proposal", "agreed", "hr", position="pending", **kw) == \
        "The proposal cannot be agreed while the union's position is pending"
    for position in ("supports", "supports_with_conditions", "opposes"):
        assert rules.move_problem("proposal", "agreed", "hr", position=position, **kw) is None
    assert "Record the decision" in rules.move_problem(
        "proposal", "agreed", "hr", position="supports", has_decision=False, evaluation_complete=True)
    assert "job evaluation" in rules.move_problem(
        "job_evaluation", "union_consultation", "hr", position="pending", has_decision=False,
        evaluation_complete=False)


def _post_move(c, world, target, reason="Because the panel met", version=None):
    i = issue(world)
    return c.post(issue_url(world, "move"), data={"to_status": target, "reason": reason,
                                                   "version": str(version if version is not None else i.version)})


@pytest.mark.parametrize("who", ROLES + ["outsider"])
@pytest.mark.parametrize("source,target", sorted(ALLOWED))
def test_every_allowed_move_through_the_form_by_every_role(app, world, login, who, source, target):
    put_in_state(world, source)
    before = snapshot(world)
    resp = _post_move(client(login, world, who), world, target)
    after = issue(world)
    if who in MAKERS:
        assert resp.status_code == 302
        assert after.status == target
        last = max(after.transitions, key=lambda t: t.id)
        assert (last.from_status, last.to_status, last.reason, last.actor_id) == \
            (source, target, "Because the panel met", world.users[who].id)
    else:
        assert resp.status_code == (404 if who == "outsider" else 403)
        assert snapshot(world) == before


@pytest.mark.parametrize("source,target", [p for p in PAIRS if p not in ALLOWED])
def test_every_forbidden_move_is_refused_for_hr_and_changes_nothing(app, world, login, source, target):
    put_in_state(world, source)
    before = snapshot(world)
    resp = _post_move(login(world.users["hr"]), world, target)
    assert resp.status_code == 200
    assert "There is a problem" in resp.text
    assert snapshot(world) == before


def test_agreement_refused_on_the_server_while_the_position_is_pending(app, world, login):
    put_in_state(world, "proposal", position="pending")
    before = snapshot(world)
    hr = login(world.users["hr"])
    form = hr.get(issue_url(world, "move")).text
    assert "Mark the proposal agreed" in form  # offered, with the rule as its hint
    resp = _post_move(hr, world, "agreed")
    assert resp.status_code == 200
    assert "govuk-error-summary" in resp.text
    assert "The proposal cannot be agreed while the union&#39;s position is pending" in resp.text
    assert snapshot(world) == before


def test_a_reason_is_required(app, world, login):
    before = snapshot(world)
    resp = _post_move(login(world.users["hr"]), world, "hr_review", reason="   ")
    assert resp.status_code == 200 and "Enter the reason for this move" in resp.text
    assert snapshot(world) == before


def test_a_stale_move_form_keeps_the_reason_and_asks_again(app, world, login):
    hr = login(world.users["hr"])
    old_version = issue(world).version
    assert _post_move(hr, world, "hr_review").status_code == 302
    resp = _post_move(login(world.users["admin"]), world, "hr_review", reason="My careful reason",
                      version=old_version)
    assert resp.status_code == 409
    assert "Someone else changed this issue" in resp.text and "HR review" in resp.text
    assert "My careful reason" in resp.text
    assert issue(world).status == "hr_review" and len(issue(world).transitions) == 1


def test_appeal_returns_to_hr_review_and_a_new_consultation_needs_a_new_position(app, world, login):
    put_in_state(world, "appealed", position="opposes")
    hr = login(world.users["hr"])
    assert _post_move(hr, world, "hr_review", reason="Appeal upheld: look again").status_code == 302
    assert _post_move(hr, world, "union_consultation", reason="Revised proposal").status_code == 302
    i = issue(world)
    assert i.status == "union_consultation"
    assert i.position.position == "pending" and i.position.reasons == ""
    page = hr.get(issue_url(world)).text
    assert "Union position reset to pending" in page and "Union position: Opposes" in page


def test_union_reps_see_no_move_button_and_hr_does(app, world, login):
    assert "Move this issue" not in login(world.users["union_rep"]).get(issue_url(world)).text
    assert "Move this issue" in login(world.users["hr"]).get(issue_url(world)).text
    put_in_state(world, "closed")
    assert "This issue is closed" in login(world.users["hr"]).get(issue_url(world, "move")).text
