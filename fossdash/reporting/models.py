"""Returns: each project's return settings, submitted returns (the exact bytes the board got),
background jobs with their progress, and imports (the uploaded file between preview and confirm,
and a content hash per imported row so a file imported twice creates nothing the second time).

Submitted files and job results are kept in the database, not in instance/: several gunicorn hosts
on one PostgreSQL must all be able to send them back, and a backup of the database is a backup of
the returns. A return is a few hundred kilobytes; `deferred` keeps the bytes out of every list.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import VersionedModel, utcnow
from fossdash.returns.periods import FINANCIAL


class ReturnSettings(VersionedModel, db.Model):
    """How one project counts its quarters (the default, with no row, is the financial year)."""

    __tablename__ = "return_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    quarter_scheme: Mapped[str] = mapped_column(String(16), default=FINANCIAL)


class SubmittedReturn(db.Model):
    __tablename__ = "submitted_return"
    __audit__ = False  # logged by what creates it (audit.record), never its bytes

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    quarter_key: Mapped[str] = mapped_column(String(16))
    quarter_label: Mapped[str] = mapped_column(String(80))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_by_name: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    filename: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))


JOB_STATUSES = {"queued": "Waiting to start", "running": "Running", "done": "Finished", "failed": "Failed"}


class Job(db.Model):
    """A piece of long work run by the worker (huey): its progress, and what it made."""

    __tablename__ = "job"
    __audit__ = False  # logged by what creates it (audit.record), never its bytes

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    # What the job made: a file to download (result_name, result), or a summary sentence and a link.
    result_note: Mapped[str] = mapped_column(Text, default="")
    result_name: Mapped[str] = mapped_column(String(120), default="")
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def status_label(self) -> str:
        return JOB_STATUSES.get(self.status, self.status)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


DIGEST_FORM = 2  # the form of row identities written now (ImportBatch.digest_form)


class ImportBatch(db.Model):
    """One uploaded file: kept (bytes, not a path) from its preview until it is imported."""

    __tablename__ = "import_batch"
    __audit__ = False  # logged by what creates it (audit.record), never its bytes

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_type: Mapped[str] = mapped_column(String(8))  # "xlsx" or "csv"
    rows: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="previewed")  # previewed, imported
    created: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_at: Mapped[datetime | None]
    # What the preview page shows: {"new": n, "skipped": n, "head": [[cell, ...], ...]}
    preview: Mapped[dict] = mapped_column(JSON, default=dict)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # The identities of the rows it imported, for an importer whose rows link to no record (survey
    # answers): each the first 16 bytes of the row's hash (as ImportedRow.row_hash, in hex), in
    # an order never the file's (sorted, or the random order the answers were written in),
    # one after another. One value per file, not one row per row imported.
    row_digests: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    # The form of the identities of rows counted by occurrence (survey answers) that it imported:
    # DIGEST_FORM (2), the first occurrence known by its own hash (import_check.occurrence_hash);
    # 1, before migration 0017.
    digest_form: Mapped[int] = mapped_column(SmallInteger, default=DIGEST_FORM, server_default="1")


class ImportedRow(db.Model):
    """A row already imported into a project, by the hash of its values: never imported twice.
    Rows that link to no record (survey answers) are kept as ImportBatch.row_digests instead; the
    ones stored here before that are still read."""

    __tablename__ = "imported_row"
    __audit__ = False  # logged by what creates it (audit.record), never its bytes
    __table_args__ = (UniqueConstraint("project_id", "kind", "row_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    row_hash: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int | None]
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"), index=True)

    batch: Mapped[ImportBatch | None] = relationship()
