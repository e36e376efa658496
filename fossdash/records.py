"""Shared pieces for every domain model: timestamps and the optimistic-lock version."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Naive UTC, as stored in every DateTime column."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Versioned:
    """A `version` column that SQLAlchemy bumps on every UPDATE and checks in its WHERE clause.

    Edit forms carry the version they were loaded with; `fossdash.editing` refuses a save whose
    version is stale, so the second of two people editing one record is told and loses nothing.
    """

    version: Mapped[int] = mapped_column(default=1, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}
