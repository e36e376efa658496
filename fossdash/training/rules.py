"""What the training plan refuses, as GOV.UK error messages (pure: no database, no request)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LOW_ATTENDANCE = (3, 4)  # a past session is low when attended < 3/4 of the places planned


@dataclass(frozen=True)
class GroupCounts:
    """What was typed for one staff group at one session (None: left blank)."""

    staff_group_id: int
    name: str
    headcount: int
    planned: int | None
    attended: int | None
    completed: int | None


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def session_dates_problem(starts_on: date | None, ends_on: date | None) -> str | None:
    if starts_on and ends_on and ends_on < starts_on:
        return "End date must be the same as or after the start date"
    return None


def attendance_problems(rows: list[GroupCounts], *, capacity: int, confirmed: bool, starts_on: date,
                        ends_on: date, today: date) -> dict[str, str]:
    """{field name: message} for nothing typed at all, and for the impossible: more completed than
    attended, more of a group than it has staff, attendance before the session started, completions
    before it ended, and (unless `confirmed`) more attending than the session's capacity. Field names are
    planned_<id>, attended_<id>, completed_<id> and confirm_over."""
    out: dict[str, str] = {}
    if rows and all(r.planned is None and r.attended is None and r.completed is None for r in rows):
        # Nothing typed at all (or a form posted empty): say what is missing rather than wipe the counts.
        return {f"planned_{rows[0].staff_group_id}": "Enter the places planned, attended or completed for at least "
                                                     "one staff group (0 if none)"}
    for r in rows:
        gid, name = r.staff_group_id, r.name
        for what, value in (("planned", r.planned), ("attended", r.attended), ("completed", r.completed)):
            if value is not None and value > r.headcount:
                out[f"{what}_{gid}"] = (f"{what.capitalize()} for {name} must be {r.headcount:,} or fewer "
                                        f"(the group’s headcount)")
        if r.attended and starts_on > today:
            out.setdefault(f"attended_{gid}", f"Attended for {name} can only be recorded once the session starts "
                                              f"on {_day(starts_on)}")
        if r.completed is not None and r.attended is None:
            out.setdefault(f"completed_{gid}", f"Enter how many from {name} attended, as well as how many completed")
        elif r.completed is not None and r.attended is not None and r.completed > r.attended:
            out.setdefault(f"completed_{gid}", f"Completed for {name} must be no more than attended ({r.attended:,})")
        if r.completed and ends_on > today:
            out.setdefault(f"completed_{gid}", f"Completed for {name} can only be recorded once the session ends "
                                               f"on {_day(ends_on)}")
    attended = sum(r.attended or 0 for r in rows)
    if attended > capacity and not confirmed:
        out["confirm_over"] = (f"{attended:,} attended but the session has {capacity:,} places: confirm that more "
                               "attended than the capacity, or correct the numbers")
    return out


def is_low(planned: int, attended: int) -> bool:
    """Attended below three quarters of the places planned (exact: no rounding)."""
    num, den = LOW_ATTENDANCE
    return planned > 0 and attended * den < planned * num
