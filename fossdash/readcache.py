"""Reads shared within one database transaction: the project home asks for the same training
plan, communication actions and readiness settings from several domains' panels and attention
items, and each read the same rows afresh (three times over for the training plan).

    shared(session, key, load) -> load()'s result, read once per transaction

The result is kept in the session's `info` until the session writes anything (a flush, or an
INSERT, UPDATE or DELETE run through it), or the transaction ends (commit, rollback, close): so
nothing read here can be older than the transaction that reads it, and nothing touches the
request. Callers treat what they get as read-only. With unflushed changes in the session,
nothing is shared (the load runs, and autoflushes them first)."""
from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "fossdash.shared_reads"


def shared(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    if session.new or session.deleted or session.dirty:
        forget(session)
        return load()
    memo: dict[Hashable, Any] = session.info.setdefault(_KEY, {})
    if key not in memo:
        value = load()
        session.info.setdefault(_KEY, {})[key] = value  # the load may have started a transaction
        return value
    return memo[key]


def forget(session: Session, *_args: Any) -> None:
    session.info.pop(_KEY, None)


def has_written(session: Session) -> bool:
    """Whether the session's transaction holds a change not yet committed: unflushed objects, a
    flush, or an INSERT, UPDATE or DELETE run through it since the last commit or rollback."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


_WROTE = "fossdash.wrote"


def _wrote(session: Session, *_args: Any) -> None:
    forget(session)
    session.info[_WROTE] = True


def _settled(session: Session, *_args: Any) -> None:
    forget(session)
    session.info.pop(_WROTE, None)


def _on_execute(state) -> None:
    if not state.is_select:
        _wrote(state.session)


event.listen(Session, "after_flush", _wrote)
for _name in ("after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _settled)
event.listen(Session, "after_transaction_end", forget)
event.listen(Session, "do_orm_execute", _on_execute)
