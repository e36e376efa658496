"""Helpers for grading tests: URLs, putting an issue in a state, and a snapshot of everything an
issue holds (to prove a refused request changed nothing)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from fossdash.grading.rules import POINTS

FULL_EVALUATION = {k: 2 for k in POINTS}


def base(world) -> str:
    return f"/projects/{world.project.id}/grading"


def issue_url(world, suffix: str = "", issue_id: int | None = None) -> str:
    return f"{base(world)}/{issue_id or world.ids['issue_id']}/{suffix}"


def issue(world):
    from fossdash.extensions import db
    from fossdash.grading.models import GradingIssue

    db.session.expire_all()
    return db.session.get(GradingIssue, world.ids["issue_id"])


def put_in_state(world, status: str, *, position: str = "supports", decision: bool = True,
                 evaluation: bool = True):
    """Set the world's issue straight into `status`, with what each move's rule needs."""
    from fossdash.extensions import db
    from fossdash.grading.models import GradingDecision, JobEvaluation

    i = issue(world)
    i.status = status
    i.position.position = position
    if position == "supports_with_conditions":
        i.position.conditions = "Conditions"
    if position == "opposes":
        i.position.reasons = "Reasons"
    if decision and i.decision is None:
        db.session.add(GradingDecision(issue_id=i.id, project_id=i.project_id, new_grade="Scale 5",
                                       pay_min=Decimal("21000"), pay_max=Decimal("22000"),
                                       weekly_hours=Decimal("37"), effective_date=date(2027, 4, 1),
                                       pay_protection_months=12))
    if evaluation and i.evaluation is None:
        db.session.add(JobEvaluation(issue_id=i.id, project_id=i.project_id, **FULL_EVALUATION))
    db.session.commit()
    return issue(world)


def snapshot(world) -> dict:
    """Every value of the issue and its records, for before/after comparisons."""
    from sqlalchemy import select

    from fossdash.extensions import db
    from fossdash.grading.models import GradingComment, GradingTransition

    i = issue(world)

    def cols(obj):
        if obj is None:
            return None
        return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}

    return {
        "issue": cols(i),
        "rows": sorted((cols(r) for r in i.rows), key=lambda r: r["id"]),
        "groups": sorted(link.staff_group_id for link in i.group_links),
        "position": cols(i.position),
        "decision": cols(i.decision),
        "evaluation": cols(i.evaluation),
        "transitions": len(db.session.scalars(select(GradingTransition).filter_by(issue_id=i.id)).all()),
        "comments": len(db.session.scalars(select(GradingComment).filter_by(issue_id=i.id)).all()),
    }


def client(login, world, who: str):
    if who == "anonymous":
        from flask import current_app

        return current_app.test_client()
    return login(world.users[who])
