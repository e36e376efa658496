"""Importing communication actions from a spreadsheet (fossdash/reporting/importing.py is the
mechanism): what, technique, audience (with its agency or staff group where the audience is one),
owner, due and done dates, people reached and feedback. The same rules as the action form: an
agency or staff group only for those audiences, and one of them when the audience needs it; a done
date no later than today. Concerns an action answers are linked on the action's page, not here."""
from __future__ import annotations

from datetime import date

from fossdash.comms import rules
from fossdash.comms.forms import MAX_REACHED
from fossdash.comms.models import AUDIENCES, TECHNIQUES, CommsAction
from fossdash.reporting.importing import ImportColumn, Importer


def _flip(mapping: dict) -> dict:
    return {label: key for key, label in mapping.items()}


def _agencies(project) -> dict:
    from fossdash.projects.service import partner_agencies

    return {a.name: a.id for a in partner_agencies(project)}


def _groups(project) -> dict:
    return {g.name: g.id for g in sorted(project.staff_groups, key=lambda g: g.name.lower())}


def columns(project) -> list[ImportColumn]:
    return [
        ImportColumn("title", "What is it", "text", required=True, max_length=200, width=44,
                     help="For example, Chief executive's first all-staff briefing."),
        ImportColumn("technique", "Technique", "choice", required=True, choices=lambda p: _flip(TECHNIQUES), width=34),
        ImportColumn("audience", "Who is it for", "choice", required=True, choices=lambda p: _flip(AUDIENCES),
                     width=24),
        ImportColumn("agency_id", "Agency", "choice", choices=_agencies, width=30,
                     help="Only when it is for one agency's staff."),
        ImportColumn("staff_group_id", "Staff group", "choice", choices=_groups, width=28,
                     help="Only when it is for a staff group."),
        ImportColumn("owner", "Owner", "text", required=True, max_length=200, width=24,
                     help="The person or post who makes it happen."),
        ImportColumn("due_on", "Due date", "date", required=True, width=14),
        ImportColumn("done_on", "Date done", "date", width=14, help="Leave empty until it has happened."),
        ImportColumn("people_reached", "People reached", "int", minimum=0, maximum=MAX_REACHED, width=14,
                     help="How many people it reached, as far as you know."),
        ImportColumn("feedback", "Feedback", "text", max_length=5000, width=50,
                     help="What people said, asked or worried about. Do not name anyone."),
    ]


def check(project, values: dict) -> list[tuple[str, str]]:
    audience = values.get("audience")
    out = list(rules.audience_problem(audience, values.get("agency_id"), values.get("staff_group_id")).items())
    if values.get("agency_id") is not None and audience != "agency":
        out.append(("agency_id", "Leave the agency empty unless the action is for one agency's staff"))
    if values.get("staff_group_id") is not None and audience != "staff_group":
        out.append(("staff_group_id", "Leave the staff group empty unless the action is for a staff group"))
    out = [(key, {"Select which agency’s staff": "Enter which agency’s staff it is for",
                  "Select which staff group": "Enter which staff group it is for"}.get(m, m)) for key, m in out]
    done = values.get("done_on")
    if done is not None and done > date.today():
        out.append(("done_on", "Date done must be today or in the past"))
    return out


def create(project, values: dict) -> CommsAction:
    return CommsAction(project_id=project.id, title=values["title"], technique=values["technique"],
                       audience=values["audience"], agency_id=values.get("agency_id"),
                       staff_group_id=values.get("staff_group_id"), owner=values["owner"], due_on=values["due_on"],
                       done_on=values.get("done_on"), people_reached=values.get("people_reached"),
                       feedback=values.get("feedback") or "")


IMPORTER = Importer(
    kind="comms_actions", title="Communication actions", noun="communication action", columns=columns, check=check,
    create=create, done_link=("comms.index", "Go to the communication plan"),
    instructions=["Concerns an action answers are linked on the action's page after importing.",
                  "An action's status (planned, due, overdue, done on time or late) comes from its dates."],
)
