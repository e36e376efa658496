"""The communication plan as an Excel sheet, built from plain rows handed in (no request, no
queries). Every user string goes in as text (returns/xlsx.py), so a title typed as a formula
("=HYPERLINK(...)") stays words when the file is opened; dates are dates, counts are numbers."""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Iterator

from fossdash.returns.concerns import ReferenceColumn
from fossdash.returns.xlsx import Column, Sheet

TITLE = "Communication plan"


def columns() -> list[Column]:
    return [
        ReferenceColumn("Reference", "int", width=11),
        Column("Action", "text", width=40, wrap=True),
        Column("Technique", "text", width=28),
        Column("Audience", "text", width=28),
        Column("Owner", "text", width=24),
        Column("Due date", "date"),
        Column("Date done", "date"),
        Column("Status", "text", width=18),
        Column("People reached", "int", width=12),
        Column("Feedback", "text", width=60, wrap=True),
        Column("Concerns it answers (references)", "text", width=20),
        Column("Illustrative", "text", width=12),
    ]


def rows(actions: Iterable[dict[str, Any]]) -> Iterator[tuple]:
    for a in actions:
        yield (a["id"], a["title"], a["technique"], a["audience"], a["owner"], a["due_on"], a["done_on"],
               a["status"], a["people_reached"], a["feedback"], a["concerns"],
               "Illustrative" if a["illustrative"] else "")


def notes(project, lead: str | None, exported_on: date) -> list[str]:
    return [
        f"{TITLE}: {project.name}",
        f"Exported {exported_on.day} {exported_on.strftime('%B %Y')} from fossdash. Status is as on that day.",
        f"Communications lead: {lead}." if lead else "Communications lead: nobody is named.",
        "Rows marked Illustrative are invented for the demonstration.",
    ]


def sheets(project, actions: Iterable[dict[str, Any]], *, lead: str | None = None,
           exported_on: date | None = None) -> list[tuple[Sheet, Iterator]]:
    exported_on = exported_on or date.today()
    return [(Sheet("Communication plan", columns(), notes(project, lead, exported_on)), rows(actions))]
