"""Project queries shared by views across domains."""
from __future__ import annotations

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.projects.models import Project
from fossdash.security import visible_project_ids


def projects_visible_to(user) -> list[Project]:
    q = select(Project).order_by(Project.name)
    ids = visible_project_ids(user)
    if ids is not None:
        q = q.where(Project.id.in_(ids))
    return list(db.session.scalars(q))
