"""A concern's history, from the audit log: who did what, by name, and what changed, in words.
Who raised a named concern is left out for people who may not see it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from fossdash import audit
from fossdash.audit_search import actor_names
from fossdash.concerns.models import CATEGORIES, CHANNELS, KINDS, SEVERITIES, STATUSES, Concern


FIELD_LABELS = {
    "kind": "Concern or question", "category": "Category", "channel": "How it was raised",
    "agency_id": "Agency", "staff_group_id": "Staff group", "severity": "Severity", "status": "Status",
    "text": "Text", "raised_on": "Date raised", "raised_by": "Raised by", "response": "Response",
    "actions": "Actions taken", "illustrative": "Illustrative",
}
LABELLED_VALUES = {"kind": KINDS, "category": CATEGORIES, "channel": CHANNELS, "severity": SEVERITIES,
                   "status": STATUSES}
NOT_SHOWN = {"answered_by_id", "answered_on", "closed_on", "project_id", "id"}


@dataclass
class HistoryEntry:
    at: datetime
    day_only: bool
    who: str
    title: str
    lines: list[str] = field(default_factory=list)
    note: str = ""


def _value(key: str, value) -> str:
    if value in (None, ""):
        return "(blank)"
    if key == "raised_on":
        try:
            d = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{d.day} {d.strftime('%B %Y')}"
    labels = LABELLED_VALUES.get(key)
    if labels:
        return labels.get(value, str(value))
    return str(value)


def history(concern: Concern, see_raiser: bool) -> list[HistoryEntry]:
    """The concern's timeline from the audit log, oldest first. Who raised a named concern is left out
    for people who may not see it, and so is any event that only changed it."""
    out = []
    events = audit.history("concern", [concern.id], concern.project_id)
    if concern.via_staff_link and not any(e.action == "create" for e in events):
        # Released from the holding table with no audit row of its own (its time would place it):
        # the timeline starts from the day it came.
        from datetime import datetime

        day = concern.raised_on
        out.append(HistoryEntry(datetime(day.year, day.month, day.day), True, "an anonymous member of staff",
                                "Raised through the staff link"))
    names = actor_names(events)  # one query for every person on the timeline; never "anonymous"
    for e in events:
        anonymous = e.actor == "anonymous"
        who = "an anonymous member of staff" if anonymous else names.get(e.actor, e.actor)
        changes = {k: v for k, v in (e.changes or {}).items() if k not in NOT_SHOWN}
        if not see_raiser:
            changes.pop("raised_by", None)
        if e.action == "create":
            title = "Raised through the staff link" if anonymous else "Logged"
            out.append(HistoryEntry(e.at, anonymous, who, title, note=e.note))
            continue
        if e.action == "delete":
            out.append(HistoryEntry(e.at, anonymous, who, "Deleted", note=e.note))
            continue
        if not changes and not e.note:
            continue
        status = changes.get("status")
        if status and status[1] == "closed":
            title = "Closed"
        elif "response" in changes or (status and status[1] == "answered"):
            title = "Answered" if (status and status[1] == "answered") else "Response changed"
        else:
            title = "Edited"
        lines = []
        for key, (before, after) in changes.items():
            label = FIELD_LABELS.get(key, key.replace("_", " ").capitalize())
            if key in LABELLED_VALUES or key == "raised_on":
                lines.append(f"{label}: {_value(key, before)} to {_value(key, after)}")
            else:
                lines.append(f"{label} changed")
        out.append(HistoryEntry(e.at, anonymous, who, title, lines, e.note))
    return out
