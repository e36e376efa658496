"""The append-only change log.

Every insert, update and delete of an audited model is written, in the same transaction, as an
`AuditEvent`: who, when, what, and the values before and after. It is hooked on the SQLAlchemy
session, so no view can forget it. No route edits or deletes events, and the database refuses
UPDATE and DELETE on the table (triggers in the migration).
"""
from __future__ import annotations

from contextlib import contextmanager

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import JSON, Index, String, Text, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from fossdash.extensions import db
from fossdash.modelkit import utcnow

# Columns never copied into the log: secrets, and the bookkeeping columns every row has.
REDACTED = {"password_hash", "staff_token"}
SKIPPED = {"version", "created_at", "updated_at", "last_sign_in_at"}  # sign-ins are events of their own


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __audit__ = False
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # no FK: the log outlives accounts
    actor: Mapped[str] = mapped_column(String(254), default="system")
    action: Mapped[str] = mapped_column(String(32))  # create, update, delete, or an event name
    entity: Mapped[str] = mapped_column(String(64))  # indexed with entity_id (see __table_args__)
    entity_id: Mapped[str | None] = mapped_column(String(64))
    project_id: Mapped[int | None] = mapped_column(index=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _actor() -> tuple[int | None, str]:
    """The signed-in user; 'anonymous' on the anonymous staff pages; 'system' (or the CLI
    command's name) outside a request; 'not signed in' for anything else (e.g. signing in)."""
    try:
        from flask import g, has_request_context
        from flask_login import current_user
    except ImportError:  # pragma: no cover
        return None, "system"
    if not has_request_context():
        return None, getattr(_cli_actor, "name", "system")
    if getattr(g, "audit_anonymous", False):
        return None, "anonymous"
    if current_user and current_user.is_authenticated:
        return current_user.id, current_user.email
    return None, "not signed in"


class _CliActor:
    name = "system"


_cli_actor = _CliActor()


@contextmanager
def cli_actor(name: str) -> Iterator[None]:
    """Audit rows written inside are by `name` (a command line command); the actor is put back
    after, so nothing run later in the same process is written down as that command's."""
    before = _cli_actor.name
    _cli_actor.name = name
    try:
        yield
    finally:
        _cli_actor.name = before


def _now(actor: str) -> datetime:
    """Exact time for accounts; the day only for anonymous staff, so the log cannot be matched
    against door entries or shift rotas to find who wrote something."""
    now = utcnow()
    if actor == "anonymous":
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now


def _audited(obj: Any) -> bool:
    return getattr(type(obj), "__audit__", True) and hasattr(obj, "__table__")


def _project_id(obj: Any) -> int | None:
    if type(obj).__tablename__ == "project":
        return obj.id
    return getattr(obj, "project_id", None)


def _entity_id(obj: Any) -> str:
    # From the primary key columns, not the identity key: a row created in this flush has its id
    # but is given its identity key only after the flush hooks run.
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(i) for i in ident if i is not None)


def _columns(obj: Any):
    return [c for c in inspect(type(obj)).column_attrs if c.key not in SKIPPED]


def _hidden(obj: Any) -> set[str]:
    """Columns this object asks the log not to copy (see Concern.audit_hidden_fields)."""
    hook = getattr(obj, "audit_hidden_fields", None)
    return set(hook()) if callable(hook) else set()


def _snapshot(obj: Any) -> dict:
    out = {}
    hidden = _hidden(obj)
    for attr in _columns(obj):
        value = getattr(obj, attr.key)
        if attr.key in hidden:
            value = "(hidden)" if value is not None else None
        out[attr.key] = "(set)" if attr.key in REDACTED and value else _plain(value)
    return out


def _before_flush(session: Session, _flush_context, _instances) -> None:
    """Remember the stored values of attributes changed without being loaded first (set on an
    object expired by a commit): their history has no "before", and after the flush the
    database holds only the new value."""
    for obj in session.dirty:
        if not _audited(obj):
            continue
        state = inspect(obj)
        blind = [a for a in _columns(obj)
                 if state.attrs[a.key].history.added and not state.attrs[a.key].history.deleted
                 and not state.attrs[a.key].history.unchanged]
        if not blind or state.key is None:
            continue
        mapper = state.mapper
        cols = [mapper.get_property(a.key).columns[0] for a in blind]
        where = [c == v for c, v in zip(mapper.primary_key, state.key[1])]
        row = session.connection().execute(select(*cols).where(*where)).first()
        if row is not None:
            obj.__dict__["_audit_before"] = {a.key: v for a, v in zip(blind, row)}


def _diff(obj: Any) -> dict:
    state = inspect(obj)
    stored = obj.__dict__.pop("_audit_before", {})
    hidden = _hidden(obj)
    out = {}
    for attr in _columns(obj):
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else stored.get(attr.key)
        after = hist.added[0] if hist.added else None
        if before == after:
            continue
        if attr.key in REDACTED or attr.key in hidden:
            out[attr.key] = ["(hidden)", "(changed)"]
        else:
            out[attr.key] = [_plain(before), _plain(after)]
    return out


def _after_flush(session: Session, _flush_context) -> None:
    actor_id, actor = _actor()
    at = _now(actor)
    rows = []
    # Deletes are logged by the mapper event below, which also sees rows removed as orphans.
    for action, objs in (("create", session.new), ("update", session.dirty)):
        for obj in objs:
            if not _audited(obj):
                continue
            if action == "create":
                changes = {k: [None, v] for k, v in _snapshot(obj).items() if v not in (None, "")}
            else:
                if not session.is_modified(obj, include_collections=False):
                    continue
                changes = _diff(obj)
                if not changes:
                    continue
            rows.append(
                {
                    "at": at,
                    "actor_id": actor_id,
                    "actor": actor,
                    "action": action,
                    "entity": type(obj).__tablename__,
                    "entity_id": _entity_id(obj),
                    "project_id": _project_id(obj),
                    "changes": changes,
                    "note": obj.__dict__.pop("_audit_note", "") or "",  # a note goes with one change
                }
            )
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def _after_delete(_mapper, connection, obj) -> None:
    """Every deleted row, whether deleted directly or as an orphan of a relationship list."""
    if not _audited(obj):
        return
    actor_id, actor = _actor()
    connection.execute(
        insert(AuditEvent.__table__).values(
            at=_now(actor), actor_id=actor_id, actor=actor, action="delete",
            entity=type(obj).__tablename__, entity_id=_entity_id(obj), project_id=_project_id(obj),
            changes={k: [v, None] for k, v in _snapshot(obj).items() if v not in (None, "")},
            note=obj.__dict__.pop("_audit_note", "") or "",
        )
    )


def record(action: str, entity: str, entity_id: Any = None, project_id: int | None = None,
           note: str = "", changes: dict | None = None) -> None:
    """Log an event that is not a row change (sign-in, failed sign-in, access refused, export)."""
    actor_id, actor = _actor()
    db.session.execute(
        insert(AuditEvent.__table__).values(
            at=_now(actor), actor_id=actor_id, actor=actor, action=action, entity=entity,
            entity_id=None if entity_id is None else str(entity_id), project_id=project_id,
            changes=changes or {}, note=note,
        )
    )


def history(entity: str, entity_ids: list[Any] | None = None, project_id: int | None = None):
    """Events for one record (or several of one kind), oldest first: the raw stuff of timelines."""
    q = select(AuditEvent).where(AuditEvent.entity == entity)
    if entity_ids is not None:
        q = q.where(AuditEvent.entity_id.in_([str(i) for i in entity_ids]))
    if project_id is not None:
        q = q.where(AuditEvent.project_id == project_id)
    return db.session.scalars(q.order_by(AuditEvent.at, AuditEvent.id)).all()


def install() -> None:
    """Hook the log on every session of the app (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(db.Model, "after_delete", _after_delete):
        event.listen(db.Model, "after_delete", _after_delete, propagate=True)


def dumps(changes: dict) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True)
