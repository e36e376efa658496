"""The register's filters as plain data, and the SQL conditions they make.

Shared by the register page, the chart's metrics and the Excel export, so all three always agree.
No Flask request here: the view builds `Filters` from the query string with `Filters.from_args`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from sqlalchemy import ColumnElement, case, or_

from fossdash.text import like_pattern  # noqa: F401 (re-exported for the concerns domain)
from fossdash.concerns.models import CATEGORIES, KINDS, SEVERITIES, STAFF_LINK, STATUSES, WAITING, Concern

SORT_KEYS = ("raised_on", "category", "status", "severity")
SEARCH_MAX = 200


@dataclass(frozen=True)
class Filters:
    q: str = ""
    category: str = ""
    status: str = ""
    agency_id: int | None = None
    kind: str = ""
    # Waiting for an answer (open or being answered) since before this day: the project home's
    # "waited more than the target days" links here.
    waiting_before: date | None = None
    sort: str = "raised_on"
    descending: bool = True
    # Whether a search may match the raiser's name: only for people allowed to see it.
    search_raiser: bool = False
    # Whether concerns from the anonymous staff link may be picked out by the agency chosen: only
    # where that agency has at least k staff on the project (service.register_filters decides).
    # Otherwise the agency filter leaves them out, so it can never single out an anonymous member of
    # a small group; they still show unfiltered. False unless decided, so the default is safe.
    link_agency_shown: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str], search_raiser: bool = False) -> Filters:
        """Unknown values are ignored, never an error: a filter link can be old or hand-edited."""
        agency = (args.get("agency") or "").strip()
        sort = args.get("sort") or "raised_on"
        return cls(
            q=(args.get("q") or "").strip()[:SEARCH_MAX],
            category=args.get("category") if args.get("category") in CATEGORIES else "",
            status=args.get("status") if args.get("status") in STATUSES else "",
            agency_id=int(agency) if agency.isdigit() else None,
            kind=args.get("kind") if args.get("kind") in KINDS else "",
            waiting_before=_day(args.get("waiting_before")),
            sort=sort if sort in SORT_KEYS else "raised_on",
            descending=(args.get("dir") or ("desc" if sort == "raised_on" else "asc")) != "asc",
            search_raiser=search_raiser,
        )

    @property
    def breaks_down(self) -> bool:
        """Whether these filters break the concerns down by agency (or staff group): then every
        count drawn from them goes through the anonymity threshold."""
        return bool(self.agency_id)

    @property
    def active(self) -> bool:
        return bool(self.q or self.category or self.status or self.agency_id or self.kind or self.waiting_before)

    def args(self, **changes) -> dict[str, str]:
        """Query-string arguments for links (sort headers, pagination, export)."""
        out = {"q": self.q, "category": self.category, "status": self.status,
               "agency": str(self.agency_id or ""), "kind": self.kind,
               "waiting_before": self.waiting_before.isoformat() if self.waiting_before else "", "sort": self.sort,
               "dir": "desc" if self.descending else "asc"}
        out.update(changes)
        return {k: v for k, v in out.items() if v not in ("", None)}

    def describe(self, agency_name: str | None = None) -> list[str]:
        """Human words for the filters in force (export notes, captions)."""
        out = []
        if self.kind:
            out.append(f"{KINDS[self.kind]}s only")
        if self.category:
            out.append(f"category: {CATEGORIES[self.category]}")
        if self.status:
            out.append(f"status: {STATUSES[self.status]}")
        if self.agency_id:
            out.append(f"agency: {agency_name or self.agency_id}")
        if self.waiting_before:
            out.append(f"waiting for an answer since before {self.waiting_before.day} "
                       f"{self.waiting_before.strftime('%B %Y')}")
        if self.q:
            out.append(f"text contains “{self.q}”")
        return out


def conditions(project_id: int, filters: Filters | None = None) -> list[ColumnElement[bool]]:
    f = filters or Filters()
    out: list[ColumnElement[bool]] = [Concern.project_id == project_id]
    if f.category:
        out.append(Concern.category == f.category)
    if f.status:
        out.append(Concern.status == f.status)
    if f.agency_id:
        out.append(Concern.agency_id == f.agency_id)
        if not f.link_agency_shown:
            out.append(Concern.channel != STAFF_LINK)
    if f.kind:
        out.append(Concern.kind == f.kind)
    if f.waiting_before:
        out.append(Concern.status.in_(WAITING))
        out.append(Concern.raised_on < f.waiting_before)
    if f.q:
        pattern = like_pattern(f.q)
        fields = [Concern.text, Concern.response, Concern.actions]
        if f.search_raiser:
            fields.append(Concern.raised_by)
        out.append(or_(*[c.ilike(pattern, escape="\\") for c in fields]))
    return out


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:  # an old or hand-edited link: ignored, as every filter is
        return None


def _rank(column, mapping: Mapping[str, object]):
    return case({k: v for k, v in mapping.items()}, value=column, else_=99)


def ordering(filters: Filters | None = None) -> list:
    f = filters or Filters()
    if f.sort == "category":
        labels = sorted(CATEGORIES, key=lambda k: CATEGORIES[k].lower())
        key = _rank(Concern.category, {k: i for i, k in enumerate(labels)})
    elif f.sort == "status":
        key = _rank(Concern.status, {k: i for i, k in enumerate(STATUSES)})
    elif f.sort == "severity":
        key = _rank(Concern.severity, {k: i for i, k in enumerate(SEVERITIES)})
    else:
        key = Concern.raised_on
    first = key.desc() if f.descending else key.asc()
    tie = Concern.id.desc() if f.descending else Concern.id.asc()
    if f.sort != "raised_on":
        return [first, Concern.raised_on.desc(), Concern.id.desc()]
    return [first, tie]


__all__ = ["Filters", "conditions", "ordering", "like_pattern"]
