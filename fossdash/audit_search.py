"""Reading the audit log for people: names instead of email addresses, the admin page's search,
and the words and dates events are shown with. No request; the log itself is fossdash/audit.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

from sqlalchemy import func, or_, select

from fossdash.audit import AuditEvent
from fossdash.extensions import db


# --- who: names, not email addresses ----------------------------------------------------------

# Actors that are not people's accounts: never looked up, never turned into anyone's name.
NOT_PEOPLE = {"anonymous", "system", "not signed in", "cli", "demo-data"}


def _is_person(actor: Any) -> bool:
    return isinstance(actor, str) and "@" in actor and actor.strip().lower() not in NOT_PEOPLE


def actor_names(actors: Iterable[Any]) -> dict[str, str]:
    """{actor: the person's name} for the people among `actors`, in one query.

    `actors` are the `actor` strings of audit events (email addresses), or the events themselves
    (anything with `actor` and `actor_id`). An event's account is found by its id when it has one,
    so someone whose email address has changed since is still named; a bare email address by the
    account that has it now. Accounts that no longer exist are left out, so callers fall back to
    the email address: `actor_names(events).get(e.actor, e.actor)`. "anonymous", "system" and the
    other non-people are never resolved to anyone, whatever the accounts are called.
    """
    from fossdash.auth.models import User  # noqa: PLC0415 (the log is below the auth domain)

    by_id: dict[int, set[str]] = {}
    bare: set[str] = set()
    for a in actors:
        actor = a if isinstance(a, str) else getattr(a, "actor", None)
        if not _is_person(actor):
            continue
        actor_id = None if isinstance(a, str) else getattr(a, "actor_id", None)
        if actor_id is not None:
            by_id.setdefault(actor_id, set()).add(actor)
        else:
            bare.add(actor)
    if not by_id and not bare:
        return {}
    wanted = []
    if by_id:
        wanted.append(User.id.in_(list(by_id)))
    if bare:
        wanted.append(func.lower(User.email).in_(sorted({e.strip().lower() for e in bare})))
    out: dict[str, str] = {}
    by_email: dict[str, str] = {}
    for uid, email, name in db.session.execute(select(User.id, User.email, User.name).where(or_(*wanted))):
        name = (name or "").strip() or email
        for actor in by_id.get(uid, ()):
            out[actor] = name
        by_email[email.lower()] = name
    for actor in bare:
        if actor not in out and actor.strip().lower() in by_email:
            out[actor] = by_email[actor.strip().lower()]
    return out


# --- the admin page: search the log -----------------------------------------------------------

# Refused accesses (someone opening a page their role does not allow) are most of a busy log and
# are rarely what an admin is looking for, so the page hides them unless asked.
REFUSED = "access_refused"
REFUSED_HIDE, REFUSED_ONLY, REFUSED_ALL = "hide", "only", "all"
REFUSED_CHOICES = {
    REFUSED_HIDE: "Hide refused access",
    REFUSED_ONLY: "Show only refused access",
    REFUSED_ALL: "Show everything",
}


@dataclass(frozen=True)
class Filters:
    """What to look for. Days are UK days (the log is stored in UTC); both ends are included."""

    actor: str = ""  # part of a name or email address
    entity: str = ""
    action: str = ""
    project_id: int | None = None
    from_date: date | None = None
    to_date: date | None = None
    refused: str = REFUSED_HIDE


@dataclass(frozen=True)
class Row:
    """One event as the page shows it."""

    id: int
    at: datetime
    day_only: bool  # anonymous staff: the day, never the time
    actor: str  # as logged: an email address, or "anonymous", "system", ...
    actor_id: int | None
    name: str | None  # the person's name, if their account still exists
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: str | None
    project_id: int | None
    changes: dict
    note: str

    @property
    def who(self) -> str:
        return self.name or self.actor


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    page: int = 1
    per_page: int = 50
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def uk_midnight_utc(day: date) -> datetime:
    """The moment a UK day starts, as naive UTC (as the log stores it)."""
    from fossdash.templating import UK  # noqa: PLC0415

    local = datetime(day.year, day.month, day.day, tzinfo=UK)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _query(filters: Filters):
    from fossdash.auth.models import User  # noqa: PLC0415
    from fossdash.text import like_pattern  # noqa: PLC0415

    q = select(AuditEvent)
    who = (filters.actor or "").strip()
    if who:
        pattern = like_pattern(who)
        named = select(User.id).where(User.name.ilike(pattern, escape="\\"))
        q = q.where(or_(
            AuditEvent.actor.ilike(pattern, escape="\\"),
            AuditEvent.actor_id.in_(named),
            AuditEvent.actor.in_(select(User.email).where(User.name.ilike(pattern, escape="\\"))),
        ))
    if filters.entity:
        q = q.where(AuditEvent.entity == filters.entity)
    if filters.action:
        q = q.where(AuditEvent.action == filters.action)
    if filters.project_id is not None:
        q = q.where(AuditEvent.project_id == filters.project_id)
    if filters.from_date:
        q = q.where(AuditEvent.at >= uk_midnight_utc(filters.from_date))
    if filters.to_date:
        q = q.where(AuditEvent.at < uk_midnight_utc(filters.to_date + timedelta(days=1)))
    if filters.refused == REFUSED_ONLY:
        q = q.where(AuditEvent.action == REFUSED)
    elif filters.refused != REFUSED_ALL:
        q = q.where(AuditEvent.action != REFUSED)
    return q


def search(filters: Filters | None = None, page: int = 1, per_page: int = 50) -> Results:
    """One page of matching events, newest first, as plain rows with people's names."""
    filters = filters or Filters()
    page = max(int(page or 1), 1)
    events = db.session.scalars(
        # By time, then id: events from the anonymous staff pages carry the day only, so they sort
        # at the start of their day rather than between the timed events around them.
        _query(filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    shown = events[:per_page]
    names = actor_names(shown)
    rows = [
        Row(id=e.id, at=e.at, day_only=e.actor == "anonymous", actor=e.actor, actor_id=e.actor_id,
            name=names.get(e.actor), action=e.action, action_label=action_label(e.action),
            entity=e.entity, entity_label=entity_label(e.entity), entity_id=e.entity_id,
            project_id=e.project_id, changes=dict(e.changes or {}), note=e.note or "")
        for e in shown
    ]
    return Results(rows=rows, page=page, per_page=per_page, has_next=len(events) > per_page)


def choices() -> tuple[list[str], list[str]]:
    """The record types and actions that occur in the log (for the filters)."""
    entities = db.session.scalars(select(AuditEvent.entity).distinct()).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct()).all()
    return list(entities), list(actions)


# Words for the admin page. Domains may add their own (audit.ACTION_LABELS["publish"] = ...).
ACTION_LABELS = {
    "create": "Created",
    "update": "Changed",
    "delete": "Deleted",
    "sign_in": "Signed in",
    "sign_out": "Signed out",
    "sign_in_failed": "Sign-in failed",
    "sign_in_throttled": "Sign-in throttled",
    "access_refused": "Access refused",
    "export": "Exported",
}
ENTITY_LABELS = {"user_account": "Account", "route": "Page"}


def _words(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, _words(action))


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, _words(entity))


def display(value: Any) -> str:
    """A logged value in words: Yes/No, UK dates and times, "–" for nothing."""
    if value is None or value == "":
        return "–"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        from fossdash.templating import govuk_date, govuk_datetime

        try:
            if len(value) == 10:
                return govuk_date(date.fromisoformat(value))
            return govuk_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


# Months as GOV.UK shortens them where space is tight (tables).
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


def when(at: datetime, day_only: bool = False) -> tuple[str, str]:
    """A logged moment as short UK day and time for a table: ("2 Dec 2026", "9:05am").
    The time is "" for anonymous staff's events, which are logged to the day only."""
    from fossdash.templating import UK  # noqa: PLC0415

    if at is None:
        return "", ""
    if day_only:  # stored as that day's midnight: no time zone to apply
        return f"{at.day} {SHORT_MONTHS[at.month - 1]} {at.year}", ""
    local = at.replace(tzinfo=timezone.utc).astimezone(UK)
    hour = local.hour % 12 or 12
    return (f"{local.day} {SHORT_MONTHS[local.month - 1]} {local.year}",
            f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}")
