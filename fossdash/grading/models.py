"""Grading issues (Single Status): the role being harmonised, each agency's current terms, the
optional job evaluation, the union's position, the decision, the workflow moves and comments.

Every table carries `project_id`, so the audit log files each change under its project and
`security.record_for` can refuse a record of another project.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord, VersionedModel, utcnow

# The workflow's states, in the order an issue normally passes through them.
STATUSES = {
    "raised": "Raised",
    "hr_review": "HR review",
    "job_evaluation": "Job evaluation",
    "union_consultation": "Union consultation",
    "proposal": "Proposal",
    "agreed": "Agreed",
    "appealed": "Appealed",
    "closed": "Closed",
}
# GOV.UK tag colours per state (the text always says the state; colour is never the only cue).
STATUS_TAGS = {
    "raised": "govuk-tag--grey",
    "hr_review": "govuk-tag--blue",
    "job_evaluation": "govuk-tag--light-blue",
    "union_consultation": "govuk-tag--purple",
    "proposal": "govuk-tag--yellow",
    "agreed": "govuk-tag--green",
    "appealed": "govuk-tag--red",
    "closed": "govuk-tag--grey",
}
def status_phrase(status: str) -> str:
    """A state's name inside a sentence: "job evaluation", but "HR review"."""
    label = STATUSES.get(status, status)
    return label if label.startswith("HR") else label.lower()


POSITIONS = {
    "pending": "Pending",
    "supports": "Supports",
    "supports_with_conditions": "Supports with conditions",
    "opposes": "Opposes",
}
POSITION_TAGS = {
    "pending": "govuk-tag--grey",
    "supports": "govuk-tag--green",
    "supports_with_conditions": "govuk-tag--yellow",
    "opposes": "govuk-tag--red",
}

# NJC job evaluation factors (column name, label). The points per level live in service.py.
FACTORS = {
    "knowledge": "Knowledge",
    "mental_skills": "Mental skills",
    "interpersonal_skills": "Interpersonal and communication skills",
    "physical_skills": "Physical skills",
    "initiative": "Initiative and independence",
    "physical_demands": "Physical demands",
    "mental_demands": "Mental demands",
    "emotional_demands": "Emotional demands",
    "resp_people": "Responsibility for people",
    "resp_supervision": "Responsibility for supervision",
    "resp_financial": "Responsibility for financial resources",
    "resp_physical": "Responsibility for physical resources",
    "working_conditions": "Working conditions",
}


class NamedIds(list):
    """A list of ids that prints as the names they stand for (for the conflict page)."""

    def __init__(self, ids=(), names: dict | None = None):
        super().__init__(ids)
        self.names = names or {}

    def __str__(self) -> str:
        if not self:
            return ""
        return ", ".join(sorted(str(self.names.get(i, i)) for i in self))


class GradingIssue(ProjectRecord, db.Model):
    """A role being brought onto common terms across the partner agencies of one project."""

    __tablename__ = "grading_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="raised", index=True)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    raised_by: Mapped["User | None"] = relationship()  # noqa: F821
    rows: Mapped[list[GradingAgencyRow]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="GradingAgencyRow.id"
    )
    group_links: Mapped[list[GradingIssueGroup]] = relationship(
        back_populates="issue", cascade="all, delete-orphan"
    )
    evaluation: Mapped[JobEvaluation | None] = relationship(
        back_populates="issue", cascade="all, delete-orphan", uselist=False
    )
    position: Mapped[UnionPosition | None] = relationship(
        back_populates="issue", cascade="all, delete-orphan", uselist=False
    )
    decision: Mapped[GradingDecision | None] = relationship(
        back_populates="issue", cascade="all, delete-orphan", uselist=False
    )
    transitions: Mapped[list[GradingTransition]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="GradingTransition.at"
    )
    comments: Mapped[list[GradingComment]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="GradingComment.posted_at"
    )

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_phrase(self) -> str:
        return status_phrase(self.status)

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "")

    @property
    def status_order(self) -> int:
        return list(STATUSES).index(self.status) if self.status in STATUSES else len(STATUSES)

    @property
    def position_key(self) -> str:
        return self.position.position if self.position else "pending"

    @property
    def staff_groups(self) -> list:
        return sorted((link.staff_group for link in self.group_links), key=lambda g: g.name)

    @property
    def staff_group_ids(self) -> NamedIds:
        groups = self.staff_groups
        return NamedIds([g.id for g in groups], {g.id: g.name for g in groups})


class GradingIssueGroup(db.Model):
    """A staff group a grading issue covers (a model, not a bare table, so links are audited)."""

    __tablename__ = "grading_issue_group"

    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), primary_key=True)
    staff_group_id: Mapped[int] = mapped_column(ForeignKey("staff_group.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)

    issue: Mapped[GradingIssue] = relationship(back_populates="group_links")
    staff_group: Mapped["StaffGroup"] = relationship()  # noqa: F821


class GradingAgencyRow(VersionedModel, db.Model):
    """One agency's current terms for the role: grade, pay range (£ a year), hours and leave."""

    __tablename__ = "grading_agency_row"
    __table_args__ = (
        UniqueConstraint("issue_id", "agency_id"),
        CheckConstraint("pay_min IS NULL OR pay_max IS NULL OR pay_min <= pay_max", name="pay_range_order"),
        CheckConstraint("weekly_hours IS NULL OR (weekly_hours > 0 AND weekly_hours <= 60)", name="hours_range"),
        # Rows can be removed: never hand a removed row's id (and so its history) to a new row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    current_grade: Mapped[str] = mapped_column(String(200), default="")
    pay_min: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    pay_max: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    annual_leave_days: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))

    issue: Mapped[GradingIssue] = relationship(back_populates="rows")
    agency: Mapped["Agency"] = relationship()  # noqa: F821


class JobEvaluation(VersionedModel, db.Model):
    """The optional NJC-style job evaluation: a level per factor; the points are derived."""

    __tablename__ = "grading_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    knowledge: Mapped[int | None]
    mental_skills: Mapped[int | None]
    interpersonal_skills: Mapped[int | None]
    physical_skills: Mapped[int | None]
    initiative: Mapped[int | None]
    physical_demands: Mapped[int | None]
    mental_demands: Mapped[int | None]
    emotional_demands: Mapped[int | None]
    resp_people: Mapped[int | None]
    resp_supervision: Mapped[int | None]
    resp_financial: Mapped[int | None]
    resp_physical: Mapped[int | None]
    working_conditions: Mapped[int | None]
    evaluated_on: Mapped[date | None]
    panel: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    issue: Mapped[GradingIssue] = relationship(back_populates="evaluation")

    def levels(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in FACTORS}


class UnionPosition(VersionedModel, db.Model):
    """The union's position on the issue. Only union reps set it."""

    __tablename__ = "grading_union_position"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(32), default="pending")
    conditions: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    set_at: Mapped[datetime | None]

    issue: Mapped[GradingIssue] = relationship(back_populates="position")
    set_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def label(self) -> str:
        return POSITIONS.get(self.position, self.position)

    @property
    def tag(self) -> str:
        return POSITION_TAGS.get(self.position, "")


class GradingDecision(VersionedModel, db.Model):
    """HR's decision: the new grade and pay range, the harmonised hours, when it takes effect and
    how many months of pay protection staff who lose out keep."""

    __tablename__ = "grading_decision"
    __table_args__ = (
        CheckConstraint("pay_min <= pay_max", name="pay_range_order"),
        CheckConstraint("pay_protection_months >= 0", name="protection_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    new_grade: Mapped[str] = mapped_column(String(200))
    pay_min: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pay_max: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    weekly_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    effective_date: Mapped[date]
    pay_protection_months: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    issue: Mapped[GradingIssue] = relationship(back_populates="decision")
    decided_by: Mapped["User | None"] = relationship()  # noqa: F821


class GradingTransition(db.Model):
    """One move of the workflow: from, to, who, when and why. Written once, never edited."""

    __tablename__ = "grading_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)

    issue: Mapped[GradingIssue] = relationship(back_populates="transitions")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class GradingComment(db.Model):
    """A comment by HR, a union rep, a programme manager or an admin. Written once."""

    __tablename__ = "grading_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("grading_issue.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)

    issue: Mapped[GradingIssue] = relationship(back_populates="comments")
    author: Mapped["User | None"] = relationship()  # noqa: F821
