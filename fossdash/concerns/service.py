"""What can be done with concerns (the staff link: concerns/staff_link.py; questions and answers:
concerns/answers.py). No Flask request here: views validate and call these; the audit log records
every change by itself."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterator, Mapping

from sqlalchemy import bindparam, func, select, true
from sqlalchemy.orm import aliased

from fossdash.concerns.filters import Filters, conditions, ordering
from fossdash.concerns.models import (
    STAFF_LINK,
    STATUSES,
    WAITING,
    Concern,
)
from fossdash import sqlrows
from fossdash.extensions import db
from fossdash.projects.models import Agency, Project
from fossdash.modelkit import illustrative_mix, utcnow  # noqa: F401 (views use it from here)

PAGE_SIZE = 50


def today() -> date:
    return date.today()


# --- the register -----------------------------------------------------------------------------

@dataclass
class Page:
    items: list[Concern]
    total: int
    page: int
    pages: int


def register_page(project_id: int, filters: Filters, page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    where = conditions(project_id, filters)
    total = db.session.scalar(select(func.count(Concern.id)).where(*where)) or 0
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        select(Concern).where(*where).order_by(*ordering(filters)).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return Page(list(items), total, page, pages)


def status_counts(project_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Concern.status, func.count(Concern.id)).where(Concern.project_id == project_id).group_by(Concern.status)
    ).all()
    counts = {k: 0 for k in STATUSES}
    counts.update({status: n for status, n in rows})
    return counts


def agencies_in_use(project: Project, where: Anonymity | None = None) -> list[Agency]:
    """Agencies to filter by: the project's partners and any agency a concern shows. (An agency
    that only an anonymous concern from a small group names is not listed: the list would give it
    away.)"""
    where = where or anonymity(project)
    ids = {p.agency_id for p in project.partnerships}
    named = db.session.execute(
        select(Concern.agency_id, Concern.channel).where(Concern.project_id == project.id,
                                                         Concern.agency_id.is_not(None)).distinct()
    ).all()
    ids.update(agency_id for agency_id, channel in named if channel != STAFF_LINK or where.agency_shown(agency_id))
    if not ids:
        return []
    return list(db.session.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.name)))


def register_filters(project: Project, args: Mapping[str, str], search_raiser: bool = False,
                     where: Anonymity | None = None) -> Filters:
    """The register's filters from the query string, with the anonymity rule decided: filtering by
    an agency picks out concerns from the staff link only where that agency has at least k staff
    on the project."""
    filters = Filters.from_args(args, search_raiser=search_raiser)
    if filters.agency_id:
        where = where or anonymity(project)
        filters = replace(filters, link_agency_shown=where.agency_shown(filters.agency_id))
    return filters


def breakdown_k(project: Project, filters: Filters) -> int | None:
    """The anonymity threshold to count these concerns with: the project's k when the filters break
    them down by agency or staff group; None for the whole project (its figures are shown as they
    are, even where the project's own total is under k: that figure is the project's, no group's)."""
    return project.anonymity_k if filters.breaks_down else None


def filter_words(filters: Filters, agencies: list[Agency]) -> list[str]:
    """The filters in force in words (the page's caption, the export's note), naming the agency
    chosen from those the filter offers."""
    return filters.describe(next((a.name for a in agencies if a.id == filters.agency_id), None))


def any_illustrative(items) -> bool:
    return any(getattr(i, "illustrative", False) for i in items)


def any_illustrative_matching(project_id: int, filters: Filters | None = None) -> bool:
    """Does any concern the filters match (so any that the chart counts) have invented details?"""
    if filters is None:  # the project home asks on every visit
        return sqlrows.scalar(db.session, _ANY_ILLUSTRATIVE(), project_id=project_id) is not None
    return db.session.scalar(
        # "= true" (not "IS true"): the form the partial index ix_concern_project_illustrative matches.
        select(Concern.id).where(*conditions(project_id, filters), Concern.illustrative == true()).limit(1)
    ) is not None


_ANY_ILLUSTRATIVE = sqlrows.prepared(lambda: select(Concern.id).where(
    Concern.project_id == bindparam("project_id"), Concern.illustrative == true()).limit(1))

EXPORT_CHUNK = 1000


def export_rows(project_id: int, filters: Filters | None = None, session=None) -> Iterator:
    """The register for the Excel export, fetched in chunks of 1,000 (never the whole register at
    once), each row with the attributes of returns.concerns.ConcernRow."""
    from fossdash.auth.models import User
    from fossdash.projects.models import StaffGroup

    session = session or db.session
    answerer = aliased(User)
    stmt = (
        select(
            Concern.id, Concern.raised_on, Concern.kind, Concern.category, Concern.channel, Concern.agency_id,
            Agency.name.label("agency_name"), Concern.staff_group_id, StaffGroup.name.label("staff_group_name"),
            Concern.severity, Concern.status, Concern.text, Concern.raised_by, Concern.response,
            answerer.name.label("answered_by_name"), Concern.answered_on, Concern.actions, Concern.closed_on,
            Concern.illustrative,
        )
        .outerjoin(Agency, Agency.id == Concern.agency_id)
        .outerjoin(StaffGroup, StaffGroup.id == Concern.staff_group_id)
        .outerjoin(answerer, answerer.id == Concern.answered_by_id)
        .where(*conditions(project_id, filters))
        .order_by(*ordering(filters))
        .execution_options(yield_per=EXPORT_CHUNK, stream_results=True)
    )
    result = session.execute(stmt)
    try:
        yield from result
    finally:
        result.close()


# --- the anonymity threshold k for concerns from the staff link -------------------------------------
#
# A concern from the anonymous staff link shows the agency its sender chose only where that agency
# has at least k staff on the project (projects.service.agency_staff_sizes), and the staff group
# only where the group's headcount is at least k (and its agency's staff too: a group's name says
# whose it is). Otherwise it shows WITHHELD, which is also what it shows when the sender gave
# none: the words never tell a small group from a blank, so "not shown" cannot point to the one
# small agency of a project. Concerns logged by the programme (briefings, meetings, the union...)
# are not anonymous submissions and show what was recorded.

WITHHELD = "Not shown (not given, or a small group)"


@dataclass(frozen=True)
class Anonymity:
    k: int
    agency_staff: dict[int, int]  # agency id -> staff on the project
    group_headcount: dict[int, int]  # staff group id -> headcount
    group_agency: dict[int, int | None]  # staff group id -> its agency

    def agency_shown(self, agency_id: int | None) -> bool:
        return agency_id is not None and self.agency_staff.get(agency_id, 0) >= self.k

    def group_shown(self, group_id: int | None) -> bool:
        if group_id is None or self.group_headcount.get(group_id, 0) < self.k:
            return False
        agency_id = self.group_agency.get(group_id)
        return agency_id is None or self.agency_shown(agency_id)

    def shows_agency(self, concern: Concern) -> bool:
        """May this concern's agency be shown (and may filtering by agency find it)?"""
        return not concern.via_staff_link or self.agency_shown(concern.agency_id)

    def shows_staff_group(self, concern: Concern) -> bool:
        return not concern.via_staff_link or self.group_shown(concern.staff_group_id)

    def agency_label(self, channel: str, agency_id: int | None, name: str | None) -> str | None:
        """The agency to show: its name, None when none is recorded, or WITHHELD."""
        if channel != STAFF_LINK:
            return name if agency_id is not None else None
        return name if self.agency_shown(agency_id) else WITHHELD

    def group_label(self, channel: str, group_id: int | None, name: str | None) -> str | None:
        if channel != STAFF_LINK:
            return name if group_id is not None else None
        return name if self.group_shown(group_id) else WITHHELD

    def agency_of(self, concern: Concern) -> str | None:
        return self.agency_label(concern.channel, concern.agency_id, concern.agency.name if concern.agency else None)

    def staff_group_of(self, concern: Concern) -> str | None:
        return self.group_label(concern.channel, concern.staff_group_id,
                                concern.staff_group.name if concern.staff_group else None)


def anonymity(project: Project) -> Anonymity:
    from fossdash.projects.service import agency_staff_sizes

    return Anonymity(
        k=project.anonymity_k,
        agency_staff=agency_staff_sizes(project),
        group_headcount={g.id: g.headcount or 0 for g in project.staff_groups},
        group_agency={g.id: g.agency_id for g in project.staff_groups},
    )


# --- changes made by the programme --------------------------------------------------------------

UNION_NAME_REFUSED = ("Do not record a name for a concern raised through the union: it would record the "
                      "person’s union membership")


def raiser_problem(channel: str | None, raised_by: str | None) -> str | None:
    """Why this raiser may not be recorded, or None. A person's union membership is special
    category data that nothing here records: a named concern raised through the union would."""
    if channel == "union" and (raised_by or "").strip():
        return UNION_NAME_REFUSED
    return None


def new_concern(project: Project) -> Concern:
    """An open concern of the project, not yet saved: `update_concern` fills it in."""
    return Concern(project_id=project.id, status="open")


def log_concern(project: Project, values: dict) -> Concern:
    concern = new_concern(project)
    update_concern(concern, values)
    db.session.add(concern)
    db.session.flush()
    return concern


def update_concern(concern: Concern, values: dict) -> None:
    if concern.via_staff_link:
        # Whatever a form sends, a concern from the anonymous link never gains an author or a
        # channel, and keeps the agency and staff group its sender gave (or did not give).
        values = {k: v for k, v in values.items()
                  if k not in ("raised_by", "channel", "agency_id", "staff_group_id")}
    problem = raiser_problem(values.get("channel", concern.channel), values.get("raised_by", concern.raised_by))
    if problem:
        raise ValueError(problem)
    for key, value in values.items():
        setattr(concern, key, value)


def answer(concern: Concern, response: str, actions: str, status: str, user) -> None:
    response = (response or "").strip()
    if response and (response != concern.response or concern.answered_by_id is None) and status in ("answered", "closed"):
        concern.answered_by_id = user.id
        concern.answered_on = today()
    concern.response = response
    concern.actions = (actions or "").strip()
    _set_status(concern, status)


def close(concern: Concern, note: str = "") -> None:
    concern._audit_note = (note or "").strip()  # noqa: SLF001 - read by the audit log
    _set_status(concern, "closed")


def _set_status(concern: Concern, status: str) -> None:
    concern.status = status
    if status == "closed":
        concern.closed_on = concern.closed_on or today()
    else:
        concern.closed_on = None


REDACTED_TEXT = "[Removed by the programme team because it could identify someone]"


def redact_concern(concern: Concern) -> None:
    """Replace the words of a link concern that identify someone. The log says a redaction
    happened and by whom (the audit hook's actor); the words were never in the log
    (Concern.audit_hidden_fields). A question and answer still carrying the words is reworded too."""
    old = concern.text
    concern.text = REDACTED_TEXT
    concern._audit_note = "Text redacted: it could identify someone"  # noqa: SLF001
    from fossdash.concerns.answers import answers_from

    for qa in answers_from(concern):
        if old.strip() and old.strip() in qa.question:
            qa.question = REDACTED_TEXT
            qa.published = False
            qa.published_on = None
            qa._audit_note = "Question redacted with the concern it came from; taken off the staff page"  # noqa: SLF001


def attention(project, today: date, target_days: int | None = None) -> list:
    """The project dashboard's "needs attention": concerns and questions waiting for an answer
    longer than the target days (domains.Attention): the project's readiness setting, 10 unless
    changed there."""
    from datetime import timedelta

    from fossdash.domains import Attention
    from fossdash.readiness.service import target_days as readiness_target_days

    if target_days is None:
        target_days = readiness_target_days(project.id)

    from fossdash.metrics.concerns import timings

    cutoff = today - timedelta(days=target_days)
    late = sum(1 for raised, _a, status in timings(project.id) if status in WAITING and raised < cutoff)
    if not late:
        return []
    what = "concern or question has" if late == 1 else "concerns and questions have"
    return [Attention(f"{late:,} {what} waited more than {target_days} days for an answer",
                      "concerns.index", {"project_id": project.id, "waiting_before": cutoff.isoformat()},
                      count=late)]
