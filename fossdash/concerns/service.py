"""What can be done with concerns, questions and answers, and the staff link. No Flask request here:
views validate and call these; the audit log records every change by itself."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, select

from fossdash import audit
from fossdash.concerns.filters import Filters, conditions, ordering
from fossdash.concerns.models import (
    CATEGORIES,
    CHANNELS,
    KINDS,
    SEVERITIES,
    STAFF_LINK,
    STATUSES,
    Concern,
    QuestionAnswer,
)
from fossdash.extensions import db
from fossdash.projects.models import Agency, Project, new_staff_token
from fossdash.records import utcnow

PAGE_SIZE = 50
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


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


def agencies_in_use(project: Project) -> list[Agency]:
    """Agencies to filter by: the project's partners and any agency a concern names."""
    ids = {p.agency_id for p in project.partnerships}
    ids.update(
        db.session.scalars(
            select(Concern.agency_id).where(Concern.project_id == project.id, Concern.agency_id.is_not(None)).distinct()
        )
    )
    if not ids:
        return []
    return list(db.session.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.name)))


def any_illustrative(items) -> bool:
    return any(getattr(i, "illustrative", False) for i in items)


def any_illustrative_matching(project_id: int, filters: Filters | None = None) -> bool:
    """Does any concern the filters match (so any that the chart counts) have invented details?"""
    return db.session.scalar(
        select(Concern.id).where(*conditions(project_id, filters), Concern.illustrative.is_(True)).limit(1)
    ) is not None


# --- changes made by the programme --------------------------------------------------------------

def log_concern(project: Project, values: dict) -> Concern:
    concern = Concern(project_id=project.id, status="open", **values)
    db.session.add(concern)
    db.session.flush()
    return concern


def update_concern(concern: Concern, values: dict) -> None:
    if concern.via_staff_link:
        # Whatever a form sends, a concern from the anonymous link never gains an author or a channel.
        values = {k: v for k, v in values.items() if k not in ("raised_by", "channel")}
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


# --- the anonymous staff link -------------------------------------------------------------------

def project_for_token(token: str) -> Project | None:
    if not token or not TOKEN_RE.match(token):
        return None
    return db.session.scalar(select(Project).where(Project.staff_token == token))


def raise_via_link(project: Project, values: dict) -> Concern:
    """Store exactly what the staff page says it stores: the words, the category, the agency and
    staff group if given, the kind, and the day. No author, no account, no time of day."""
    allowed_agencies = {p.agency_id for p in project.partnerships}
    allowed_groups = {g.id for g in project.staff_groups}
    day = utcnow().date()
    midnight = datetime(day.year, day.month, day.day)
    concern = Concern(
        project_id=project.id,
        kind=values["kind"] if values.get("kind") in KINDS else "concern",
        category=values["category"] if values.get("category") in CATEGORIES else "other",
        channel=STAFF_LINK,
        text=values["text"],
        agency_id=values.get("agency_id") if values.get("agency_id") in allowed_agencies else None,
        staff_group_id=values.get("staff_group_id") if values.get("staff_group_id") in allowed_groups else None,
        severity=None,
        status="open",
        raised_on=day,
        raised_by=None,
        created_at=midnight,
        updated_at=midnight,
    )
    db.session.add(concern)
    db.session.flush()
    return concern


def replace_staff_link(project: Project) -> None:
    project.staff_token = new_staff_token()
    project.staff_token_created_at = utcnow()
    project._audit_note = "Staff link replaced: the old link no longer works"  # noqa: SLF001


# --- rumour-busting questions and answers -------------------------------------------------------

def _qa_order():
    return [
        case((QuestionAnswer.position.is_(None), 1), else_=0),
        QuestionAnswer.position,
        QuestionAnswer.published_on.desc(),
        QuestionAnswer.id.desc(),
    ]


def published_answers(project_id: int) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.project_id == project_id, QuestionAnswer.published.is_(True))
        .order_by(*_qa_order())
    ))


def draft_answers(project_id: int) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.project_id == project_id, QuestionAnswer.published.is_(False))
        .order_by(QuestionAnswer.updated_at.desc(), QuestionAnswer.id.desc())
    ))


def answers_from(concern: Concern) -> list[QuestionAnswer]:
    return list(db.session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.concern_id == concern.id).order_by(QuestionAnswer.id)
    ))


def new_question(project: Project, concern: Concern | None = None) -> QuestionAnswer:
    """An unsaved Q&A, prefilled from a concern for the programme to edit before it goes out."""
    qa = QuestionAnswer(project_id=project.id, question="", answer="", published=False)
    if concern is not None:
        qa.concern_id = concern.id
        qa.question = concern.text
        qa.answer = concern.response or ""
    return qa


def save_question(qa: QuestionAnswer, question: str, answer_text: str, position: int | None, publish: bool) -> None:
    qa.question = question.strip()
    qa.answer = answer_text.strip()
    qa.position = position
    set_published(qa, publish)
    if qa.id is None:
        db.session.add(qa)


def set_published(qa: QuestionAnswer, publish: bool) -> None:
    if publish and not qa.published:
        qa.published_on = today()
    if not publish:
        qa.published_on = None
    qa.published = publish


# --- history ------------------------------------------------------------------------------------

FIELD_LABELS = {
    "kind": "Concern or question", "category": "Category", "channel": "How it was raised",
    "agency_id": "Agency", "staff_group_id": "Staff group", "severity": "Severity", "status": "Status",
    "text": "Text", "raised_on": "Date raised", "raised_by": "Raised by", "response": "Response",
    "actions": "Actions taken", "illustrative": "Illustrative",
}
LABELLED_VALUES = {"kind": KINDS, "category": CATEGORIES, "channel": CHANNELS, "severity": SEVERITIES,
                   "status": STATUSES}
NOT_SHOWN = {"answered_by_id", "answered_on", "closed_on", "project_id", "id"}


@dataclass
class HistoryEntry:
    at: datetime
    day_only: bool
    who: str
    title: str
    lines: list[str] = field(default_factory=list)
    note: str = ""


def _value(key: str, value) -> str:
    if value in (None, ""):
        return "(blank)"
    if key == "raised_on":
        try:
            d = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{d.day} {d.strftime('%B %Y')}"
    labels = LABELLED_VALUES.get(key)
    if labels:
        return labels.get(value, str(value))
    return str(value)


def history(concern: Concern, see_raiser: bool) -> list[HistoryEntry]:
    """The concern's timeline from the audit log, oldest first. Who raised a named concern is left out
    for people who may not see it, and so is any event that only changed it."""
    out = []
    for e in audit.history("concern", [concern.id], concern.project_id):
        anonymous = e.actor == "anonymous"
        who = "an anonymous member of staff" if anonymous else e.actor
        changes = {k: v for k, v in (e.changes or {}).items() if k not in NOT_SHOWN}
        if not see_raiser:
            changes.pop("raised_by", None)
        if e.action == "create":
            title = "Raised through the staff link" if anonymous else "Logged"
            out.append(HistoryEntry(e.at, anonymous, who, title, note=e.note))
            continue
        if e.action == "delete":
            out.append(HistoryEntry(e.at, anonymous, who, "Deleted", note=e.note))
            continue
        if not changes and not e.note:
            continue
        status = changes.get("status")
        if status and status[1] == "closed":
            title = "Closed"
        elif "response" in changes or (status and status[1] == "answered"):
            title = "Answered" if (status and status[1] == "answered") else "Response changed"
        else:
            title = "Edited"
        lines = []
        for key, (before, after) in changes.items():
            label = FIELD_LABELS.get(key, key.replace("_", " ").capitalize())
            if key in LABELLED_VALUES or key == "raised_on":
                lines.append(f"{label}: {_value(key, before)} to {_value(key, after)}")
            else:
                lines.append(f"{label} changed")
        out.append(HistoryEntry(e.at, anonymous, who, title, lines, e.note))
    return out
