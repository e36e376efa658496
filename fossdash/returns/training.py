"""The training plan as Excel, from rows handed in (no request, no queries).

    sheets(project, rows, coverage_rows, total) -> [(Sheet, rows)]

`rows`: (course, provider, starts on, ends on, place, staff group, headcount, planned, attended,
completed, coverage share, illustrative) per session × staff group (training.service.export_rows);
the coverage is the group's coverage by that course once the session ended (a fraction, written
with a percentage format). `coverage_rows`/`total`: each targeted group's coverage over every
course, and the project's (training.service.coverage_rows)."""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Iterator

from fossdash.returns.xlsx import Column, Sheet

TITLE = "Training plan"

COLUMNS = [
    Column("Course", "text", width=36),
    Column("Provider", "text", width=30),
    Column("Session starts", "date"),
    Column("Session ends", "date"),
    Column("Place", "text", width=30),
    Column("Staff group", "text", width=36),
    Column("Headcount", "int"),
    Column("Places planned", "int"),
    Column("Attended", "int"),
    Column("Completed", "int"),
    Column("Coverage after this session", "percent", width=14),
    Column("Illustrative", "text", width=12),
]
COVERAGE_COLUMNS = [
    Column("Staff group", "text", width=36),
    Column("Headcount", "int"),
    Column("Places (headcount × courses for the group)", "int", width=18),
    Column("Completed (counted)", "int", width=14),
    Column("Coverage", "percent"),
]


def _rows(rows: Iterable[Any]) -> Iterator[tuple]:
    for r in rows:
        *values, illustrative = r
        yield (*values, "Illustrative" if illustrative else "")


def _coverage(coverage_rows, total) -> Iterator[tuple]:
    for c in coverage_rows:
        yield (c.group.name, c.group.headcount, c.places, c.completed, c.share)
    yield ("Whole project (every targeted group)", None, total.places, total.completed, total.share)


def notes(project, exported_on: date | None = None) -> list[str]:
    exported_on = exported_on or date.today()
    return [f"{TITLE}: {project.name}", f"Exported {exported_on.day} {exported_on.strftime('%B %Y')} from fossdash.",
            "Counts only: no one's training record is kept. Attended and completed are blank until recorded.",
            "Coverage = completed ÷ headcount of the group. Rows marked Illustrative are invented for the "
            "demonstration."]


def sheets(project, rows: Iterable[Any], coverage_rows, total, exported_on: date | None = None) -> list[tuple]:
    plan = Sheet("Sessions", COLUMNS, notes(project, exported_on))
    cover = Sheet("Coverage", COVERAGE_COLUMNS, [f"Training coverage per staff group: {project.name}"])
    return [(plan, _rows(rows)), (cover, _coverage(coverage_rows, total))]
