"""Small helpers for the concerns tests."""
from __future__ import annotations

from datetime import date


def concern(project, **kw):
    from fossdash.concerns.models import Concern
    from fossdash.extensions import db

    values = {"kind": "concern", "category": "workload", "channel": "team_meeting", "severity": "medium",
              "status": "open", "text": "Who covers our phones while we train?", "raised_on": date(2007, 3, 1)}
    values.update(kw)
    c = Concern(project_id=project.id, **values)
    db.session.add(c)
    db.session.commit()
    return c


def form_for(values: dict) -> dict:
    """Form data for ConcernForm from friendly values (the date split into day, month, year)."""
    data = dict(values)
    raised = data.pop("raised_on", None)
    if raised is not None:
        data["raised_on"] = [str(raised.day), str(raised.month), str(raised.year)]
    return data


def valid_concern_form(**kw) -> dict:
    values = {"kind": "concern", "text": "We can't change the way we work.", "category": "skills",
              "channel": "briefing", "raised_on": date(2007, 2, 14), "severity": "high",
              "agency_id": "", "staff_group_id": "", "raised_by": ""}
    values.update(kw)
    return form_for(values)
