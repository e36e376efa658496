"""Readiness queries and changes. No Flask request here: views validate and call these; the
audit log records every change by itself (each score is a row of its own)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from fossdash.extensions import db
from fossdash.readiness.models import (
    DEFAULT_TARGET_DAYS, DEFAULT_WEIGHTS, ReadinessAssessment, ReadinessScore, ReadinessSettings,
)


def today() -> date:
    return date.today()


def latest_assessments(project_ids: Iterable[int], framework: str | None = None,
                       session=None) -> dict[int, ReadinessAssessment]:
    """Each project's latest whole-project assessment (the latest for a staff group when the
    project has none for the whole project), with its scores loaded: {project_id: assessment}.
    `framework` ("foss" or "adkar") keeps only that framework's. One statement, however many
    projects."""
    session = session or db.session
    ids = list({int(i) for i in project_ids})
    if not ids:
        return {}
    rank = func.row_number().over(
        partition_by=ReadinessAssessment.project_id,
        order_by=(ReadinessAssessment.staff_group_id.is_(None).desc(),  # whole project first
                  ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.id.desc()),
    ).label("rank")
    inner = select(ReadinessAssessment.id, rank).where(ReadinessAssessment.project_id.in_(ids))
    if framework is not None:
        inner = inner.where(ReadinessAssessment.framework == framework)
    ranked = inner.subquery()
    score = aliased(ReadinessScore)
    q = (select(ReadinessAssessment)
         .join(ranked, ranked.c.id == ReadinessAssessment.id)
         .outerjoin(score, score.assessment_id == ReadinessAssessment.id)
         .where(ranked.c.rank == 1)
         .options(contains_eager(ReadinessAssessment.scores.of_type(score)),
                  joinedload(ReadinessAssessment.staff_group))
         .order_by(ReadinessAssessment.project_id, score.position))
    return {a.project_id: a for a in session.scalars(q).unique()}


def settings_for(project_id: int) -> ReadinessSettings | None:
    return db.session.scalar(select(ReadinessSettings).where(ReadinessSettings.project_id == project_id))


def target_days(project_id: int) -> int:
    s = settings_for(project_id)
    return s.target_days if s is not None else DEFAULT_TARGET_DAYS


def weights(project_id: int) -> dict[str, float]:
    s = settings_for(project_id)
    return s.weights if s is not None else dict(DEFAULT_WEIGHTS)


def home_panel(project):
    return None


def attention(project, today: date) -> list:
    return []
