"""The communication plan's rules: pure, no database, no request.

An action's status comes from its dates and the day it is read, never from what someone typed:

    done, on or before its due date      done on time
    done, after its due date             done late
    not done, due date passed            overdue
    not done, due today or in 1–7 days   due within 7 days
    not done, due later than that        planned
"""
from __future__ import annotations

from datetime import date

DUE_SOON_DAYS = 7

STATUSES = {
    "overdue": "Overdue",
    "due_soon": "Due within 7 days",
    "planned": "Planned",
    "done_late": "Done late",
    "done_on_time": "Done on time",
}
TAG_CLASSES = {
    "overdue": "govuk-tag--red",
    "due_soon": "govuk-tag--yellow",
    "planned": "govuk-tag--grey",
    "done_late": "govuk-tag--orange",
    "done_on_time": "govuk-tag--green",
}
DONE = ("done_on_time", "done_late")


def status(due_on: date, done_on: date | None, today: date) -> str:
    """The status of an action due on `due_on` and done on `done_on` (or not yet), seen on `today`.
    An action recorded as done on a day after `today` is not done yet on `today`."""
    if done_on is not None and done_on <= today:
        return "done_on_time" if done_on <= due_on else "done_late"
    if due_on < today:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "planned"


def settled(due_on: date, done_on: date | None, today: date) -> bool:
    """Is the action's outcome known on `today`: done, or overdue (so it can no longer be on time)?"""
    return status(due_on, done_on, today) in DONE + ("overdue",)


def on_time(due_on: date, done_on: date | None, today: date) -> bool:
    return status(due_on, done_on, today) == "done_on_time"


def audience_problem(audience: str | None, agency_id: int | None, staff_group_id: int | None) -> dict[str, str]:
    """{field: message} when the audience needs an agency or a staff group that is not chosen."""
    if audience == "agency" and agency_id is None:
        return {"agency_id": "Select which agency’s staff"}
    if audience == "staff_group" and staff_group_id is None:
        return {"staff_group_id": "Select which staff group"}
    return {}


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def percent(value: float | None) -> str:
    """0.6667 -> "67%"; None -> "No actions yet"."""
    return "no actions done or due yet" if value is None else f"{round(value * 100):d}%"
