"""Readiness evidence from the records: SQL -> the plain counts fossdash/metrics/readiness.py
turns into components. One provider per component, `provider(project, at_date, target_days)
-> counts dict | None`; a component with no provider (its domain is not built yet) or no records
is "no evidence".

PROVIDERS has concerns and grading. The lead plugs the others in where their models exist:

    PROVIDERS["training"] = training_counts         # {"trained": int, "targeted": int}
    PROVIDERS["comms"] = comms_counts               # {"done_on_time": int, "due": int}
    PROVIDERS["morale"] = morale_counts             # {"index": float 0-100} (k applies: None under k)
    PROVIDERS["participation"] = participation_counts  # {"responses": int, "invited": int}
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Callable, Optional

from sqlalchemy import func, select

from fossdash.extensions import db
from fossdash.metrics import readiness as rules

Counts = Optional[dict]
Provider = Callable[[object, date, int], Counts]
DEFAULT_TARGET_DAYS = 10


def concern_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Concerns and questions raised by `at` that were due an answer by then (raised at least
    target days before, or already answered), and how many were answered within target days."""
    from fossdash.concerns.models import Concern

    session = session or db.session
    rows = session.execute(
        select(Concern.raised_on, Concern.answered_on)
        .where(Concern.project_id == project.id, Concern.raised_on <= at)
    ).all()
    due = in_time = 0
    for raised, answered in rows:
        answered = answered if answered is not None and answered <= at else None
        if answered is None and (at - raised).days < target_days:
            continue  # not yet due
        due += 1
        if answered is not None and (answered - raised).days <= target_days:
            in_time += 1
    return {"answered_in_time": in_time, "due": due} if due else None


def grading_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Grading issues raised by `at`, and how many are agreed (agreed or closed after agreement:
    the issue's current state; its timeline is not replayed for past dates)."""
    from fossdash.grading.models import GradingIssue

    session = session or db.session
    end = datetime.combine(at + timedelta(days=1), time())
    total, agreed = session.execute(
        select(func.count(), func.count().filter(GradingIssue.status.in_(("agreed", "closed"))))
        .where(GradingIssue.project_id == project.id, GradingIssue.created_at < end)
    ).one()
    return {"agreed": int(agreed), "total": int(total)} if total else None


PROVIDERS: dict[str, Provider] = {"concerns": concern_counts, "grading": grading_counts}


def components(project, at: date, target_days: int = DEFAULT_TARGET_DAYS,
               providers: dict[str, Provider] | None = None) -> list[rules.Component]:
    """Every evidence component for the project at `at`, in COMPONENTS order."""
    providers = PROVIDERS if providers is None else providers
    out = []
    for name in rules.COMPONENTS:
        provider = providers.get(name)
        counts = provider(project, at, target_days) if provider else None
        out.append(rules.component(name, counts, target_days=target_days))
    return out
