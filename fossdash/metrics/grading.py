"""Grading issues as plain data for the project home (SQL -> tuples)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from fossdash.extensions import db
from fossdash.sqlrows import prepared, rows


def states(project_id: int, session=None) -> list[tuple[datetime, str, datetime | None]]:
    """The project's grading issues as (raised at, status, status changed at): read once per
    transaction (fossdash/readcache.py), as the readiness evidence (issues agreed) and the
    attention list (issues in one state for more than 30 days) both need them."""
    from fossdash.readcache import shared

    session = session or db.session
    return shared(session, ("grading.states", project_id), lambda: rows(session, _STATES(), project_id=project_id))


def _states():
    from fossdash.grading.models import GradingIssue as G

    return select(G.created_at, G.status, G.status_changed_at).where(G.project_id == bindparam("project_id"))


_STATES = prepared(_states)
