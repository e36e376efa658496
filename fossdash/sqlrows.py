"""Plain rows from statements built once: the project home runs some twenty small reads on every
request, and building each statement afresh (SQLAlchemy's coercions) and passing its rows through
the ORM cost more than the database running it (`flask bench --only "portfolio project dashboard"`).

    TIMINGS = prepared(lambda: select(Concern.raised_on, Concern.answered_on)
                       .where(Concern.project_id == bindparam("project_id")))
    rows(session, TIMINGS(), project_id=3)   -> [Row(raised_on, answered_on), ...]
    scalar(session, TIMINGS(), project_id=3) -> the first column of the first row, or None

`prepared` builds the statement on first use and keeps it (so not at import time: the models may not
all be mapped yet). Its values come from bound parameters only, never from the closure. `rows` runs a
column select on the session's connection, in the session's transaction, with no ORM result
processing (the columns' types still convert: dates are dates); the session's pending changes are
flushed first, as the ORM's autoflush would. For columns only: a select of whole model objects
goes through the session (session.scalars), prepared or not.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from sqlalchemy import Executable
from sqlalchemy.orm import Session


T = TypeVar("T")


def prepared(build: Callable[[], T]) -> Callable[[], T]:
    """The statement (or statements) `build` returns, built on the first call and kept."""
    return functools.cache(build)


def _connection(session: Session):
    if session.autoflush and (session.new or session.deleted or session.dirty):
        session.flush()
    return session.connection()


def rows(session: Session, statement: Executable, **params: Any) -> list:
    return list(_connection(session).execute(statement, params).all())


def scalar(session: Session, statement: Executable, **params: Any) -> Any:
    return _connection(session).execute(statement, params).scalar()
