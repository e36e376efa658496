"""The concerns register as an Excel sheet, built from rows handed in (no request, no queries).

    sheets(project, concerns, include_raiser=..., anonymity=..., filter_words=[...]) -> [(Sheet, rows)]

`concerns` is any iterable of objects with the attributes of `ConcernRow` (a SQLAlchemy `Row` of
a select labelled with those names, a `ConcernRow`, ...). It is read lazily, once, while the
workbook is written: hand in a streamed result and a 50,000-row register never sits in memory.

Who raised a named concern is a column only when the caller says the reader may see it; a concern
from the anonymous staff link has no raiser to show in any case, and shows its agency and staff
group only where the anonymity threshold allows (concerns.service.Anonymity): otherwise the cell
says "Not shown", exactly as the register's pages do.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple

from fossdash.concerns.models import CATEGORIES, CHANNELS, KINDS, SEVERITIES, STATUSES
from fossdash.returns.xlsx import Column, Sheet

if TYPE_CHECKING:  # pragma: no cover
    from fossdash.concerns.service import Anonymity

TITLE = "Concerns register"


class ConcernRow(NamedTuple):
    """What the sheet reads from each concern (by attribute name)."""

    id: int
    raised_on: date | None
    kind: str
    category: str
    channel: str
    agency_id: int | None
    agency_name: str | None
    staff_group_id: int | None
    staff_group_name: str | None
    severity: str | None
    status: str
    text: str
    raised_by: str | None
    response: str | None
    answered_by_name: str | None
    answered_on: date | None
    actions: str | None
    closed_on: date | None
    illustrative: bool


FIELDS = ConcernRow._fields


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


def rows(concerns: Iterable[Any], include_raiser: bool, anonymity: Anonymity) -> Iterator[tuple]:
    """One tuple per concern, in the order of `columns(include_raiser)`; reads `concerns` lazily."""
    agency_label, group_label = anonymity.agency_label, anonymity.group_label
    for c in concerns:
        row = [c.id, c.raised_on, KINDS.get(c.kind, c.kind), CATEGORIES.get(c.category, c.category),
               CHANNELS.get(c.channel, c.channel), agency_label(c.channel, c.agency_id, c.agency_name),
               group_label(c.channel, c.staff_group_id, c.staff_group_name),
               SEVERITIES.get(c.severity, c.severity) if c.severity else "Not assessed",
               STATUSES.get(c.status, c.status), c.text]
        if include_raiser:
            row.append(c.raised_by or "Anonymous")
        row += [c.response, c.answered_by_name, c.answered_on, c.actions, c.closed_on,
                "Illustrative" if c.illustrative else ""]
        yield tuple(row)


def notes(project, include_raiser: bool, anonymity: Anonymity, filter_words: list[str] | None = None,
          exported_on: date | None = None) -> list[str]:
    exported_on = exported_on or date.today()
    out = [f"{TITLE}: {project.name}",
           f"Exported {exported_on.day} {exported_on.strftime('%B %Y')} from fossdash."]
    if filter_words:
        out.append("Filtered: " + "; ".join(filter_words) + ".")
    out.append("Rows marked Illustrative are invented for the demonstration.")
    if not include_raiser:
        out.append("Who raised named concerns is not included.")
    out.append(f"Concerns sent through the anonymous staff link show their agency and staff group only where "
               f"at least {anonymity.k} staff could have sent them; otherwise “Not shown”.")
    return out


def sheets(project, concerns: Iterable[Any], *, include_raiser: bool, anonymity: Anonymity,
           filter_words: list[str] | None = None, exported_on: date | None = None) -> list[tuple[Sheet, Iterator]]:
    """[(Sheet, rows)] for write_workbook / downloads.send_workbook: one sheet, "Concerns"."""
    sheet = Sheet("Concerns", columns(include_raiser), notes(project, include_raiser, anonymity, filter_words,
                                                             exported_on))
    return [(sheet, rows(concerns, include_raiser, anonymity))]


def audit_note(filter_words: list[str] | None, include_raiser: bool) -> str:
    """The words after "Concerns register: N rows" in the audit log."""
    parts = ["; ".join(filter_words)] if filter_words else []
    if not include_raiser:
        parts.append("without who raised them")
    return "; ".join(parts)
