"""The concerns register as an Excel workbook, streamed row by row (no request here).

Who raised a named concern is a column only when the caller says the reader may see it; a concern
from the anonymous staff link has no raiser to show in any case, and shows its agency and staff
group only where the anonymity threshold allows (concerns.service.Anonymity): otherwise the cell
says "Not shown", exactly as the register's pages do.
"""
from __future__ import annotations

from datetime import date
from typing import IO, Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased

from fossdash.concerns.filters import Filters, conditions, ordering
from fossdash.concerns.models import CATEGORIES, CHANNELS, KINDS, SEVERITIES, STATUSES, Concern
from fossdash.concerns.service import Anonymity, anonymity as anonymity_of
from fossdash.extensions import db
from fossdash.returns.xlsx import Column, Sheet, write_workbook

CHUNK = 1000


class ReferenceColumn(Column):
    """A whole number shown as it is ("1234", not "1,234"): a reference, not a quantity."""

    @property
    def number_format(self) -> str:
        return "0"


def columns(include_raiser: bool) -> list[Column]:
    cols = [
        ReferenceColumn("Reference", "int", width=11),
        Column("Date raised", "date"),
        Column("Concern or question", "text", width=12),
        Column("Category", "text", width=28),
        Column("How it was raised", "text", width=20),
        Column("Agency", "text", width=28),
        Column("Staff group", "text", width=28),
        Column("Severity", "text", width=12),
        Column("Status", "text", width=12),
        Column("What was said", "text", width=60, wrap=True),
    ]
    if include_raiser:
        cols.append(Column("Raised by", "text", width=24))
    cols += [
        Column("Response", "text", width=60, wrap=True),
        Column("Answered by", "text", width=24),
        Column("Date answered", "date"),
        Column("Actions taken", "text", width=40, wrap=True),
        Column("Date closed", "date"),
        Column("Illustrative", "text", width=12),
    ]
    return cols


def rows(project_id: int, include_raiser: bool, anonymity: Anonymity, filters: Filters | None = None,
         session=None, counter: list[int] | None = None) -> Iterator[tuple]:
    """One tuple per concern, fetched from the database in chunks (never the whole register at once)."""
    from fossdash.auth.models import User
    from fossdash.projects.models import Agency, StaffGroup

    session = session or db.session
    answerer = aliased(User)
    stmt = (
        select(
            Concern.id, Concern.raised_on, Concern.kind, Concern.category, Concern.channel, Concern.agency_id,
            Agency.name, Concern.staff_group_id, StaffGroup.name, Concern.severity, Concern.status, Concern.text, Concern.raised_by,
            Concern.response, answerer.name, Concern.answered_on, Concern.actions, Concern.closed_on,
            Concern.illustrative,
        )
        .outerjoin(Agency, Agency.id == Concern.agency_id)
        .outerjoin(StaffGroup, StaffGroup.id == Concern.staff_group_id)
        .outerjoin(answerer, answerer.id == Concern.answered_by_id)
        .where(*conditions(project_id, filters))
        .order_by(*ordering(filters))
        .execution_options(yield_per=CHUNK, stream_results=True)
    )
    result = session.execute(stmt)
    try:
        for (ref, raised_on, kind, category, channel, agency_id, agency, group_id, group, severity, status, text,
             raised_by, response, answered_by, answered_on, actions, closed_on, illustrative) in result:
            row = [ref, raised_on, KINDS.get(kind, kind), CATEGORIES.get(category, category),
                   CHANNELS.get(channel, channel), anonymity.agency_label(channel, agency_id, agency),
                   anonymity.group_label(channel, group_id, group),
                   SEVERITIES.get(severity, severity) if severity else "Not assessed",
                   STATUSES.get(status, status), text]
            if include_raiser:
                row.append(raised_by or "Anonymous")
            row += [response, answered_by, answered_on, actions, closed_on, "Illustrative" if illustrative else ""]
            if counter is not None:
                counter[0] += 1
            yield tuple(row)
    finally:
        result.close()


def write(stream: IO[bytes], project, include_raiser: bool, filters: Filters | None = None,
          exported_on: date | None = None, filter_words: list[str] | None = None, session=None,
          anonymity: Anonymity | None = None) -> int:
    """Write the register to `stream`; returns the number of concerns written."""
    anonymity = anonymity or anonymity_of(project)
    exported_on = exported_on or date.today()
    notes = [f"Concerns register: {project.name}",
             f"Exported {exported_on.day} {exported_on.strftime('%B %Y')} from fossdash."]
    if filter_words:
        notes.append("Filtered: " + "; ".join(filter_words) + ".")
    notes.append("Rows marked Illustrative are invented for the demonstration.")
    if not include_raiser:
        notes.append("Who raised named concerns is not included.")
    notes.append(f"Concerns sent through the anonymous staff link show their agency and staff group only where "
                 f"at least {anonymity.k} staff could have sent them; otherwise “Not shown”.")
    counter = [0]
    sheet = Sheet("Concerns", columns(include_raiser), notes)
    write_workbook(stream, [(sheet, rows(project.id, include_raiser, anonymity, filters, session, counter))],
                   properties={"title": f"Concerns register – {project.name}"})
    return counter[0]


def filename(project, exported_on: date | None = None) -> str:
    exported_on = exported_on or date.today()
    slug = "".join(ch if ch.isalnum() else "-" for ch in project.name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"concerns-{slug[:60]}-{exported_on.isoformat()}.xlsx"
