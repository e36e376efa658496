"""Importing concerns from a spreadsheet (fossdash/reporting/importing.py is the mechanism).

Concerns from the anonymous staff link are never imported (they come only through the link),
and a concern raised through the union may not carry a name, as on the form."""
from __future__ import annotations

from fossdash.concerns.models import CATEGORIES, CHANNELS, KINDS, SEVERITIES, STAFF_LINK, STATUSES, Concern
from fossdash.reporting.importing import ImportColumn, Importer


def _flip(mapping: dict) -> dict:
    return {label: key for key, label in mapping.items()}


def _agencies(project) -> dict:
    from fossdash.projects.service import partner_agencies

    return {a.name: a.id for a in partner_agencies(project)}


def _groups(project) -> dict:
    return {g.name: g.id for g in project.staff_groups}


def columns(project) -> list[ImportColumn]:
    return [
        ImportColumn("raised_on", "Date raised", "date", required=True, help="The day it was raised.", width=14),
        ImportColumn("kind", "Concern or question", "choice", required=True, choices=lambda p: _flip(KINDS), width=14),
        ImportColumn("category", "Category", "choice", required=True, choices=lambda p: _flip(CATEGORIES), width=30),
        ImportColumn("channel", "How it was raised", "choice", required=True, width=20,
                     choices=lambda p: _flip({k: v for k, v in CHANNELS.items() if k != STAFF_LINK})),
        ImportColumn("agency_id", "Agency", "choice", choices=_agencies, width=30,
                     help="The partner agency of the staff concerned, if known."),
        ImportColumn("staff_group_id", "Staff group", "choice", choices=_groups, width=28),
        ImportColumn("severity", "Severity", "choice", choices=lambda p: _flip(SEVERITIES), width=12),
        ImportColumn("status", "Status", "choice", choices=lambda p: _flip(STATUSES), width=12,
                     help="Open if left empty."),
        ImportColumn("text", "What was said", "text", required=True, max_length=5000, width=60,
                     help="In the person's words."),
        ImportColumn("raised_by", "Raised by", "text", max_length=200, width=24,
                     help="Only for a named concern; never for one raised through the union."),
        ImportColumn("response", "Response", "text", max_length=5000, width=40),
        ImportColumn("answered_on", "Date answered", "date", width=14),
        ImportColumn("closed_on", "Date closed", "date", width=14),
    ]


def check(project, values: dict) -> list[tuple[str, str]]:
    from fossdash.concerns.service import raiser_problem

    out = []
    problem = raiser_problem(values.get("channel"), values.get("raised_by"))
    if problem:
        out.append(("raised_by", problem))
    raised = values.get("raised_on")
    for key, words in (("answered_on", "Date answered"), ("closed_on", "Date closed")):
        if values.get(key) and raised and values[key] < raised:
            out.append((key, f"{words} must be the same as or after the date raised"))
    return out


def create(project, values: dict) -> Concern:
    return Concern(
        project_id=project.id, kind=values["kind"], category=values["category"], channel=values["channel"],
        agency_id=values.get("agency_id"), staff_group_id=values.get("staff_group_id"),
        severity=values.get("severity"), status=values.get("status") or "open", text=values["text"],
        raised_on=values["raised_on"], raised_by=values.get("raised_by") or None,
        response=values.get("response") or "", answered_on=values.get("answered_on"),
        closed_on=values.get("closed_on"),
    )


IMPORTER = Importer(kind="concerns", title="Concerns", noun="concern", columns=columns, check=check, create=create,
                    done_link=("concerns.index", "Go to the concerns register"),
                    instructions=["Concerns sent through the anonymous staff link cannot be imported: staff send "
                                  "those themselves."])
