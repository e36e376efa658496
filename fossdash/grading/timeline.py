"""An issue's timeline from its audit events: pure formatting, no request.

`items(events, names)` takes audit events (anything with at, actor, actor_id, action, entity,
entity_id, changes, note) of the issue and its records, and returns timeline items, newest first:
every move (with its reason), union position, decision, comment, job evaluation and field change,
with who and when.

Who is a person's name, never their email address: `names.users` (id -> name) names the accounts
the events point to. An event with no account id but an email address as its actor is named from
`names.actors` (email -> name); if that is not given (None), it is looked up in one query
(`audit_search.actor_names`) — the only time this module touches the database, and only for such events.
The email address is shown only where its account no longer exists.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from fossdash.grading.models import FACTORS, POSITIONS, STATUSES, status_phrase
from fossdash.grading.rules import gbp, num

ENTITIES = (
    "grading_issue", "grading_issue_group", "grading_agency_row", "grading_evaluation",
    "grading_union_position", "grading_decision", "grading_transition", "grading_comment",
)

LABELS: dict[str, dict[str, str]] = {
    "grading_issue": {"role_title": "Role", "description": "Description", "illustrative": "Figures are illustrative"},
    "grading_agency_row": {
        "current_grade": "Current grade", "pay_min": "Pay from (a year)", "pay_max": "Pay to (a year)",
        "weekly_hours": "Weekly hours", "annual_leave_days": "Annual leave (days)",
    },
    "grading_evaluation": {**FACTORS, "evaluated_on": "Evaluated on", "panel": "Evaluated by", "notes": "Notes"},
    "grading_union_position": {"position": "Position", "conditions": "Conditions", "reasons": "Reasons"},
    "grading_decision": {
        "new_grade": "New grade", "pay_min": "Pay from (a year)", "pay_max": "Pay to (a year)",
        "weekly_hours": "Weekly hours", "effective_date": "Takes effect", "pay_protection_months": "Pay protection (months)",
        "notes": "Notes",
    },
}
MONEY = {"pay_min", "pay_max"}
ACTORS = {"demo-data": "the demo data loader", "system": "the system", "cli": "the command line"}
# Where a record says who did it and when (kept on the row), use that rather than the log's actor.
WHO_WHEN = {
    "grading_transition": ("actor_id", "at"),
    "grading_comment": ("author_id", "posted_at"),
    "grading_union_position": ("set_by_id", "set_at"),
    "grading_decision": ("decided_by_id", None),
}


@dataclass
class Item:
    title: str
    at: datetime
    by: str
    kind: str
    lines: list[str] = field(default_factory=list)  # "Field: before → after"
    body: str = ""  # free text: a reason, a comment, conditions
    order: int = 0


@dataclass
class Names:
    users: dict = field(default_factory=dict)  # id -> display name
    agencies: dict = field(default_factory=dict)
    staff_groups: dict = field(default_factory=dict)
    actors: dict | None = None  # email -> name, for events without an account id (None: look up)


def _parse_dt(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def show_value(entity: str, key: str, value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if key in MONEY:
        d = Decimal(str(value))
        return gbp(d, 0 if d == d.to_integral_value() else 2)
    if key in ("weekly_hours", "annual_leave_days"):
        return num(value)
    if key in FACTORS:
        return f"level {value}"
    if key == "position":
        return POSITIONS.get(value, str(value))
    if key in ("status", "from_status", "to_status"):
        return STATUSES.get(value, str(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in ("effective_date", "evaluated_on"):
        try:
            d = date.fromisoformat(str(value)[:10])
            return f"{d.day} {d.strftime('%B %Y')}"
        except ValueError:
            return str(value)
    return str(value)


def _lines(entity: str, changes: dict, action: str) -> list[str]:
    labels = LABELS.get(entity, {})
    out = []
    for key, label in labels.items():
        if key not in changes:
            continue
        before, after = changes[key]
        if action == "create":
            if after in (None, "", False):
                continue
            out.append(f"{label}: {show_value(entity, key, after)}")
        elif action == "delete":
            out.append(f"{label}: {show_value(entity, key, before)}")
        else:
            out.append(f"{label}: {show_value(entity, key, before)} → {show_value(entity, key, after)}")
    return out


def _after(changes: dict, key: str) -> Any:
    pair = changes.get(key)
    return pair[1] if pair else None


def _before(changes: dict, key: str) -> Any:
    pair = changes.get(key)
    return pair[0] if pair else None


def _unnamed_actors(events: list, names: Names) -> set[str]:
    """Email addresses of events that no account id names (never "anonymous", "system", ...)."""
    return {e.actor for e in events
            if e.actor_id is None and isinstance(e.actor, str) and "@" in e.actor and e.actor not in ACTORS}


def items(events: Iterable, names: Names | None = None) -> list[Item]:
    names = names or Names()
    events = list(events)
    if names.actors is None:
        unnamed = _unnamed_actors(events, names)
        if unnamed:
            from fossdash.audit_search import actor_names  # (only when there are any)

            names = replace(names, actors=actor_names(unnamed))
        else:
            names = replace(names, actors={})
    # Agency rows' update events carry only what changed: find each row's agency from its creation.
    row_agency: dict[str, Any] = {}
    for e in events:
        if e.entity == "grading_agency_row" and e.action in ("create", "delete"):
            row_agency[str(e.entity_id)] = _after(e.changes, "agency_id") or _before(e.changes, "agency_id")

    out: list[Item] = []
    for order, e in enumerate(events):
        item = _item(e, names, row_agency)
        if item is not None:
            item.order = order
            out.append(item)
    out.sort(key=lambda i: (i.at, i.order), reverse=True)
    return out


def _who_when(e, names: Names) -> tuple[str, datetime]:
    # By account id; an email address alone only when the event has no id (an id whose account
    # has gone keeps its email: the address may belong to someone else now).
    named = names.users.get(e.actor_id) if e.actor_id is not None else (names.actors or {}).get(e.actor)
    by = named or ACTORS.get(e.actor, e.actor) or "system"
    at = e.at
    who_key, when_key = WHO_WHEN.get(e.entity, (None, None))
    if e.entity == "grading_issue" and e.action == "create":
        who_key, when_key = "raised_by_id", "status_changed_at"
    if who_key and _after(e.changes, who_key) is not None:
        by = names.users.get(_after(e.changes, who_key), by)
    if when_key and _parse_dt(_after(e.changes, when_key)) is not None:
        at = _parse_dt(_after(e.changes, when_key))
    return by, at


def _item(e, names: Names, row_agency: dict) -> Item | None:
    by, at = _who_when(e, names)
    c = e.changes or {}
    entity, action = e.entity, e.action

    def make(title: str, kind: str, lines=(), body: str = "") -> Item:
        return Item(title=title, at=at, by=by, kind=kind, lines=list(lines), body=body)

    if entity == "grading_transition" and action == "create":
        src, dst = _after(c, "from_status"), _after(c, "to_status")
        return make(f"Moved from {status_phrase(src)} to {status_phrase(dst)}", "move",
                    body=_after(c, "reason") or e.note or "")
    if entity == "grading_comment" and action == "create":
        return make("Comment", "comment", body=_after(c, "body") or "")
    if entity == "grading_issue":
        if action == "create":
            lines = [line for line in _lines(entity, c, action) if not line.startswith("Description:")]
            return make("Grading issue raised", "issue", lines, _after(c, "description") or "")
        if action == "delete":
            return make("Grading issue deleted", "issue")
        lines = [line for line in _lines(entity, c, action) if not line.startswith("Description:")]
        body = ""
        if "description" in c:
            body = f"Description changed to: {_after(c, 'description') or '(blank)'}"
        if not lines and not body:
            return None  # a status change only: the move's own item shows it
        return make("Issue details changed", "issue", lines, body)
    if entity == "grading_issue_group":
        group = names.staff_groups.get(_after(c, "staff_group_id") or _before(c, "staff_group_id"), "a staff group")
        if action == "create":
            return make(f"Staff group added: {group}", "groups")
        if action == "delete":
            return make(f"Staff group removed: {group}", "groups")
        return None
    if entity == "grading_agency_row":
        agency = names.agencies.get(row_agency.get(str(e.entity_id)), "an agency")
        if action == "create":
            title = f"Agency added: {agency}"
            return make(title, "terms", _lines(entity, c, action), e.note or "")
        if action == "delete":
            return make(f"Agency removed: {agency}", "terms", _lines(entity, c, action), e.note or "")
        lines = _lines(entity, c, action)
        return make(f"{agency}: terms changed", "terms", lines, e.note or "") if lines else None
    if entity == "grading_evaluation":
        lines = _lines(entity, c, action)
        if not lines:
            return None
        return make("Job evaluation recorded" if action == "create" else "Job evaluation changed", "evaluation", lines)
    if entity == "grading_union_position":
        position = _after(c, "position")
        if action == "create" and (position in (None, "pending")):
            return None  # every issue starts pending
        if action == "update" and "position" not in c and not ({"conditions", "reasons"} & set(c)):
            return None
        current = position if "position" in c else None
        title = f"Union position: {POSITIONS.get(current, current)}" if current else "Union position changed"
        if current == "pending":
            title = "Union position reset to pending"
        body = _after(c, "conditions") or _after(c, "reasons") or e.note or ""
        lines = [line for line in _lines(entity, c, action)
                 if not line.startswith(("Conditions:", "Reasons:"))]
        return make(title, "position", lines, body)
    if entity == "grading_decision":
        lines = _lines(entity, c, action)
        if action == "delete":
            return make("Decision removed", "decision", lines)
        if not lines:
            return None
        return make("Decision recorded" if action == "create" else "Decision changed", "decision", lines)
    return None
