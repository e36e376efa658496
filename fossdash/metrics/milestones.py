"""A project's milestones as plain data: every chart over time marks them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from fossdash.extensions import db


@dataclass(frozen=True)
class Mark:
    on: date
    title: str
    kind: str
    illustrative: bool = False


def milestones(project_id: int, session=None) -> list[Mark]:
    from fossdash.projects.models import MILESTONE_KINDS, Milestone

    session = session or db.session
    rows = session.execute(
        select(Milestone.on, Milestone.title, Milestone.kind, Milestone.illustrative)
        .where(Milestone.project_id == project_id).order_by(Milestone.on, Milestone.id)
    )
    return [Mark(on, title, MILESTONE_KINDS.get(kind, kind), bool(illustrative)) for on, title, kind, illustrative in rows]
