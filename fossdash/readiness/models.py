"""Readiness: dated self-assessments per project (optionally for one staff group) by a named
assessor in one of two frameworks (the FOSS paper's key learning points, or ADKAR), a score 1–5
and a note per dimension; and the project's readiness settings (target days for answering
concerns, the weights of the evidence components).

RAG, the barrier point, the evidence and the divergence flags are never stored: they are worked
out when read (fossdash/metrics/readiness.py)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.metrics import readiness as rules
from fossdash.modelkit import ProjectRecord

COMPONENT_NAMES = tuple(rules.COMPONENTS)
_ALL_DIMENSIONS = {key for dims in rules.DIMENSIONS.values() for key in dims}  # training, comms, concerns, grading, morale, participation


class ReadinessAssessment(ProjectRecord, db.Model):
    __tablename__ = "readiness_assessment"
    __table_args__ = (CheckConstraint("framework IN ('foss', 'adkar')", name="framework_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessed_on: Mapped[date] = mapped_column(index=True)
    framework: Mapped[str] = mapped_column(String(16), default=rules.FOSS)
    # None: the whole project; else the staff group this assessment is about.
    staff_group_id: Mapped[int | None] = mapped_column(ForeignKey("staff_group.id", ondelete="SET NULL"),
                                                       index=True)
    assessor: Mapped[str] = mapped_column(String(200))  # a name or a post, free text
    summary: Mapped[str] = mapped_column(Text, default="")

    staff_group: Mapped["StaffGroup | None"] = relationship()  # noqa: F821
    scores: Mapped[list[ReadinessScore]] = relationship(
        cascade="all, delete-orphan", back_populates="assessment", order_by="ReadinessScore.position")

    @property
    def framework_label(self) -> str:
        return rules.FRAMEWORKS.get(self.framework, self.framework)

    def __getattr__(self, name: str):
        """`score_<dimension>` and `note_<dimension>`: a dimension's stored score and note, read by
        name as the assessment form's fields are (so the conflict page shows what is stored)."""
        kind, _, key = name.partition("_")
        if kind in ("score", "note") and key in _ALL_DIMENSIONS:
            row = self.score_for(key)
            return None if row is None else (row.score if kind == "score" else row.note)
        raise AttributeError(name)

    @property
    def dimensions(self) -> dict[str, str]:
        return rules.DIMENSIONS.get(self.framework, {})

    @property
    def score_map(self) -> dict[str, int | None]:
        return {s.dimension: s.score for s in self.scores}

    def score_for(self, dimension: str) -> ReadinessScore | None:
        return next((s for s in self.scores if s.dimension == dimension), None)

    @property
    def barrier(self) -> str | None:
        """ADKAR's barrier point (its key), None for the FOSS framework or no element at 3 or less."""
        return rules.barrier(self.score_map) if self.framework == rules.ADKAR else None

    @property
    def barrier_label(self) -> str | None:
        key = self.barrier
        return rules.DIMENSIONS[rules.ADKAR][key] if key else None

    @property
    def scope_label(self) -> str:
        return self.staff_group.name if self.staff_group is not None else "Whole project"


class ReadinessScore(db.Model):
    """One dimension's score (1–5) and note on one assessment. A row of its own so the audit log
    records each score changed."""

    __tablename__ = "readiness_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "dimension", name="uq_readiness_score_assessment_dimension"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("readiness_assessment.id", ondelete="CASCADE"),
                                               index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)  # the framework's order
    score: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[ReadinessAssessment] = relationship(back_populates="scores")

    @property
    def rag(self) -> rules.Rag | None:
        return rules.rag(self.score)

    @property
    def label(self) -> str:
        return rules.DIMENSIONS.get(self.assessment.framework, {}).get(self.dimension, self.dimension)


class ReadinessSettings(ProjectRecord, db.Model):
    """A project's readiness settings, one row per project, made the first time they are saved:
    the days within which a concern counts as answered in time, and each evidence component's
    weight in the overall index (0 leaves it out; all 1, equal, by default)."""

    __tablename__ = "readiness_settings"
    __table_args__ = (
        UniqueConstraint("project_id", name="uq_readiness_settings_project_id"),
        CheckConstraint("target_days BETWEEN 1 AND 365", name="target_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_days: Mapped[int] = mapped_column(default=10)
    weight_training: Mapped[int] = mapped_column(default=1)
    weight_comms: Mapped[int] = mapped_column(default=1)
    weight_concerns: Mapped[int] = mapped_column(default=1)
    weight_grading: Mapped[int] = mapped_column(default=1)
    weight_morale: Mapped[int] = mapped_column(default=1)
    weight_participation: Mapped[int] = mapped_column(default=1)

    @property
    def weights(self) -> dict[str, float]:
        return {name: float(getattr(self, f"weight_{name}")) for name in COMPONENT_NAMES}


DEFAULT_TARGET_DAYS = 10
DEFAULT_WEIGHTS: dict[str, float] = {name: 1.0 for name in COMPONENT_NAMES}
