"""The demo's Single Status work for Northumbria 101: idempotent, every state, one equal-pay warning."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select


def _northumbria(make):
    project = make.project("Northumbria 101", type="contact_centre")
    terms = {"Northumbria Police": ("police", 39, 28)}
    for name in ("Newcastle City Council", "Sunderland City Council", "Gateshead Council",
                 "Northumberland County Council"):
        terms[name] = ("unitary_council", 37, 25)
    for name, (kind, hours, leave) in terms.items():
        agency = make.agency(name, kind=kind)
        make.partnership(project, agency, weekly_hours=Decimal(hours), annual_leave_days=Decimal(leave))
        make.staff_group(project, agency, name=f"{name} contact staff")
    return project


def _ctx():
    from fossdash.demo import users

    ctx = {"password": "demo-password-for-tests-only"}
    users.load(ctx)
    return ctx


def test_demo_loads_once_with_every_state_and_position(app, make):
    from fossdash.extensions import db
    from fossdash.demo import grading
    from fossdash.grading import actions, rules
    from fossdash.grading.models import GradingAgencyRow, GradingComment, GradingIssue

    project = _northumbria(make)
    ctx = _ctx()
    grading.load(ctx)
    db.session.commit()
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (GradingIssue, GradingAgencyRow,
                                                                                GradingComment)]
    grading.load(ctx)
    db.session.commit()
    assert [db.session.scalar(select(func.count()).select_from(m))
            for m in (GradingIssue, GradingAgencyRow, GradingComment)] == counts

    issues = actions.project_issues(project.id)
    assert {i.status for i in issues} == {"raised", "hr_review", "job_evaluation", "union_consultation",
                                          "proposal", "agreed", "appealed"}
    assert {i.position_key for i in issues} == {"pending", "supports", "supports_with_conditions", "opposes"}
    assert any(i.status == "union_consultation" and i.position_key == "pending" for i in issues)
    assert all(i.illustrative for i in issues)
    agreed = next(i for i in issues if i.status == "agreed")
    assert agreed.decision is not None
    warnings = rules.equal_pay_warnings(issues, 25, 5)
    assert [(w.higher.role_title, w.lower.role_title) for w in warnings] == \
        [("Contact centre adviser", "Customer service adviser")]
    authors = {c.author.email for i in issues for c in i.comments if c.author}
    assert {"hr@fossdash.example", "union@fossdash.example"} <= authors
    # 37 and 39 hour weeks side by side for one role
    adviser = next(i for i in issues if i.role_title == "Contact centre adviser")
    assert {r.weekly_hours for r in adviser.rows} == {Decimal("37.00"), Decimal("39.00")}


def test_demo_skips_quietly_without_northumbria(app, make):
    from fossdash.extensions import db
    from fossdash.demo import grading
    from fossdash.grading.models import GradingIssue

    grading.load(_ctx())
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(GradingIssue)) == 0
