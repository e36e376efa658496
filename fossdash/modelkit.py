"""What every domain model is built from: timestamps, the optimistic-lock version, and the
project-scoped record.

    class TrainingPlan(ProjectRecord, db.Model):
        __tablename__ = "training_plan"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str] = mapped_column(String(200))

gives the table `project_id` (indexed, deleted with its project), `illustrative`, `version`,
`created_at` and `updated_at`, and a `project` relationship; `security.record_for` and
`editing.edit_record` / `delete_record` work on it as they are.
"""
from __future__ import annotations

import os
import secrets
from datetime import datetime, timezone
from operator import itemgetter
from typing import Callable, Sequence

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship


def utcnow() -> datetime:
    """Naive UTC, as stored in every DateTime column."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# --- the keys of anonymous records (the staff link's concerns and answers, imported answers) ---

def new_key() -> str:
    """A random key: 128 bits, so nothing about a row's arrival can be read from it."""
    return secrets.token_hex(16)


def picker(indices: Sequence[int]) -> Callable[[Sequence], Sequence]:
    """values -> the values at `indices`, in that order, at C speed (operator.itemgetter) however
    many indices, none or one included."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return lambda values: tuple(values[i] for i in indices)


def keys_in_order(n: int) -> tuple[list[str], list[int]]:
    """n fresh keys as new_key() makes them (the OS's random bytes, read in one go), and the indices
    0..n-1 in the order of those keys: rows written in that order, each with its key, are stored in
    no order of their arrival (the key index is only ever appended to)."""
    text = os.urandom(16 * n).hex()
    keys = [text[i:i + 32] for i in range(0, 32 * n, 32)]
    return keys, sorted(range(n), key=keys.__getitem__)


class VersionedModel:
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


class ProjectRecord(VersionedModel):
    """A record that belongs to one project: linked (indexed, deleted with the project), flagged
    when its figures are invented for the demo, and versioned."""

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    illustrative: Mapped[bool] = mapped_column(default=False)

    @declared_attr
    def project(cls) -> Mapped["Project"]:  # noqa: F821, N805
        back = getattr(cls, "__project_backref__", None)
        return relationship("Project", back_populates=back) if back else relationship("Project")


def illustrative_mix(items, attr: str = "illustrative") -> str:
    """Which of these records have invented details: "none", "all" or "some". A page says so once
    (kit illustrative_notice) and tags each invented row only when they are mixed ("some")."""
    flags = {bool(getattr(i, attr, False)) for i in items}
    if flags == {True}:
        return "all"
    return "some" if True in flags else "none"
