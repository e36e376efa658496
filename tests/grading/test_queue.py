"""The grading queue: each role sees what waits for them, on their projects only."""
from __future__ import annotations

from datetime import timedelta

from tests.grading.helpers import issue, put_in_state


def _add(world, title, status, position="pending", days=0, pay=None):
    from fossdash.extensions import db
    from fossdash.grading import actions
    from fossdash.modelkit import utcnow

    g = world.extra["grading"]
    i = actions.create_issue(world.project, world.users["hr"], title, "", False, [], [g["police"].id, g["council"].id])
    i.status = status
    i.status_changed_at = utcnow() - timedelta(days=days)
    i.position.position = position
    if pay:
        for row, amount in zip(i.rows, pay):
            row.pay_min = row.pay_max = amount
    db.session.commit()
    return i


def _roles(page: str) -> list[str]:
    import re

    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0] if "<tbody" in page else ""
    return re.findall(r'/grading/\d+/">([^<]+)</a>', body)


def test_hr_sees_what_waits_for_hr(app, world, login):
    _add(world, "In consultation", "union_consultation")
    _add(world, "Proposed", "proposal", position="supports")
    _add(world, "Done", "closed", position="supports")
    roles = _roles(login(world.users["hr"]).get("/grading/").text)
    assert set(roles) == {"Customer service adviser", "Proposed"}


def test_union_reps_see_pending_positions_consultations_first(app, world, login):
    _add(world, "In consultation", "union_consultation")
    _add(world, "Agreed already", "proposal", position="supports")
    _add(world, "Done", "closed")
    page = login(world.users["union_rep"]).get("/grading/").text
    assert _roles(page) == ["In consultation", "Customer service adviser"]
    assert "Union position needed" in page


def test_everyone_else_sees_all_issues_of_their_projects(app, world, login):
    _add(world, "Done", "closed", position="supports")
    for who in ("programme_manager", "executive", "admin"):
        assert set(_roles(login(world.users[who]).get("/grading/").text)) == {"Customer service adviser", "Done"}
    assert _roles(login(world.users["outsider"]).get("/grading/?awaiting=all").text) == []


def test_filters_by_status_age_and_project_and_sorts_by_disparity(app, world, login):
    from decimal import Decimal

    _add(world, "Old review", "hr_review", days=75, pay=[Decimal(30000), Decimal(20000)])
    _add(world, "Older raised", "raised", days=100, pay=[Decimal(20000), Decimal(20500)])
    hr = login(world.users["hr"])
    assert _roles(hr.get("/grading/?status=hr_review").text) == ["Old review"]
    assert set(_roles(hr.get("/grading/?older_than=60").text)) == {"Old review", "Older raised"}
    assert _roles(hr.get("/grading/?older_than=90").text) == ["Older raised"]
    assert _roles(hr.get(f"/grading/?project={world.other.id}").text) == []
    # disparity: Old review (30,000 at 39 h vs 20,000 at 37 h: 42%), world issue (5.4%: 22,000-ish both),
    # Older raised (20,000 at 39 h vs 20,500 at 37 h: 8%)
    assert _roles(hr.get("/grading/").text) == ["Old review", "Older raised", "Customer service adviser"]
    assert _roles(hr.get("/grading/?sort=waiting").text) == ["Older raised", "Old review", "Customer service adviser"]
    # Junk in the query string is ignored, not an error.
    assert hr.get("/grading/?status=nonsense&older_than=7&sort=x&project=abc&awaiting=zzz").status_code == 200


def test_the_world_issue_shows_its_disparity_in_the_queue(app, world, login):
    # world: £20,000–£22,000 at 39 h (police) and 37 h (council): 39 ÷ 37 − 1 = 5.4%
    assert "5.4%" in login(world.users["hr"]).get("/grading/").text
    put_in_state(world, "closed")
    assert "Customer service adviser" not in login(world.users["hr"]).get("/grading/").text
    assert issue(world).status == "closed"


def test_only_hr_and_union_reps_are_offered_waiting_for_me(app, world, login):
    for who in ("hr", "union_rep"):
        assert "Waiting for me</option>" in login(world.users[who]).get("/grading/").text
    for who in ("programme_manager", "executive", "admin"):
        page = login(world.users[who]).get("/grading/").text
        assert "Waiting for me" not in page
        assert '<option selected value="all">All issues</option>' in page.replace('value="all" selected', 'selected value="all"')
        # asking for "mine" anyway shows everything, not an error
        assert "Customer service adviser" in login(world.users[who]).get("/grading/?awaiting=mine").text


def test_a_proposal_without_a_union_position_waits_for_the_union(app, world, login):
    _add(world, "Proposal awaiting the union", "proposal")
    _add(world, "Proposal the union answered", "proposal", position="opposes")
    union = login(world.users["union_rep"]).get("/grading/").text
    assert _roles(union)[0] == "Proposal awaiting the union"
    assert "Proposal the union answered" not in _roles(union)
    first_row = union.split("<tbody", 1)[1].split("</tr>", 1)[0]
    assert "Union position needed" in first_row
    # HR still sees both proposals: HR can record an appeal or chase the union.
    assert {"Proposal awaiting the union", "Proposal the union answered"} <= set(
        _roles(login(world.users["hr"]).get("/grading/").text))
