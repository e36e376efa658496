"""Training plans: courses, their sessions, and per session and targeted staff group the places
planned, attended and completed. Counts only: fossdash keeps no one's training record."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord

PACES = {"consecutive": "Consecutive days", "spread": "Spread over weeks"}
SCOPES = {"joint": "Joint, multi-agency", "single": "Single agency"}


class TrainingCourse(ProjectRecord, db.Model):
    __tablename__ = "training_course"
    __table_args__ = (CheckConstraint("days > 0", name="days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # A partner agency of the project, or else an outside body named in provider_name.
    provider_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    days: Mapped[int] = mapped_column(default=1)
    consecutive: Mapped[bool] = mapped_column(default=True)
    joint: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(Text, default="")

    provider_agency: Mapped["Agency | None"] = relationship()  # noqa: F821
    targets: Mapped[list[TrainingTarget]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="TrainingTarget.id")
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="course", cascade="all, delete-orphan",
        order_by="(TrainingSession.starts_on, TrainingSession.id)")

    @property
    def provider(self) -> str:
        if self.provider_agency is not None:
            return self.provider_agency.name
        return self.provider_name

    @property
    def pace_label(self) -> str:
        return PACES["consecutive" if self.consecutive else "spread"]

    @property
    def scope_label(self) -> str:
        return SCOPES["joint" if self.joint else "single"]

    @property
    def groups(self) -> list:
        return sorted((t.staff_group for t in self.targets), key=lambda g: g.name.lower())


class TrainingTarget(ProjectRecord, db.Model):
    """A staff group a course is meant for."""

    __tablename__ = "training_target"
    __table_args__ = (UniqueConstraint("course_id", "staff_group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"), index=True)
    staff_group_id: Mapped[int] = mapped_column(ForeignKey("staff_group.id", ondelete="CASCADE"), index=True)

    course: Mapped[TrainingCourse] = relationship(back_populates="targets")
    staff_group: Mapped["StaffGroup"] = relationship()  # noqa: F821


class TrainingSession(ProjectRecord, db.Model):
    __tablename__ = "training_session"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
                      CheckConstraint("capacity >= 0", name="capacity_non_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(default=0)
    trainer: Mapped[str] = mapped_column(String(200), default="")
    # Set whenever the attendance is saved, so the session's version moves and two people
    # recording the same session's attendance cannot overwrite each other unknowingly.
    attendance_changed_at: Mapped[datetime | None]

    course: Mapped[TrainingCourse] = relationship(back_populates="sessions")
    attendance: Mapped[list[TrainingAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingAttendance.id")

    def counts_for(self, staff_group_id: int) -> TrainingAttendance | None:
        return next((a for a in self.attendance if a.staff_group_id == staff_group_id), None)


class TrainingAttendance(ProjectRecord, db.Model):
    """Places planned, attended and completed by one staff group at one session (counts only)."""

    __tablename__ = "training_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "staff_group_id"),
        CheckConstraint("planned >= 0", name="planned_non_negative"),
        CheckConstraint("attended IS NULL OR attended >= 0", name="attended_non_negative"),
        CheckConstraint("completed IS NULL OR (attended IS NOT NULL AND completed <= attended)",
                        name="completed_within_attended"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    staff_group_id: Mapped[int] = mapped_column(ForeignKey("staff_group.id", ondelete="CASCADE"), index=True)
    planned: Mapped[int] = mapped_column(default=0)
    attended: Mapped[int | None]  # None: not recorded yet
    completed: Mapped[int | None]

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    staff_group: Mapped["StaffGroup"] = relationship()  # noqa: F821
