"""FOSS projects, partner agencies, partnerships and their terms, staff groups, governance, milestones."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord, VersionedModel, utcnow

PROJECT_TYPES = {
    "one_stop_shop": "One-stop shop",
    "contact_centre": "Shared contact centre",
    "multi_agency_team": "Multi-agency team",
    "service_village": "Co-located public service village",
    "other": "Other",
}
PROJECT_STAGES = {
    "scoping": "Scoping",
    "design": "Design",
    "transition": "Transition",
    "live": "Live",
    "embedding": "Embedding",
}
AGENCY_KINDS = {
    "district_council": "District council",
    "county_council": "County council",
    "unitary_council": "Unitary or metropolitan council",
    "police": "Police",
    "police_authority": "Police authority",
    "nhs": "Primary care trust / NHS",
    "jobcentre_plus": "Jobcentre Plus",
    "pensions_service": "Pensions Service",
    "voluntary": "Voluntary sector",
    "private": "Private sector",
    "other_public": "Other public body",
}
PARTNERSHIP_ROLES = {"lead": "Lead", "partner": "Partner", "advisory": "Advisory"}
GOVERNANCE_KINDS = {
    "advisory_board": "Multi-agency advisory board",
    "project_board": "Project board",
    "partnership_forum": "Partnership forum",
}
MILESTONE_KINDS = {
    "opening": "Building opens",
    "go_live": "Systems go live",
    "staff_move": "Staff move",
    "service_migration": "Service migrates",
    "other": "Other",
}
DEFAULT_K = 5
MIN_K = 3


def new_staff_token() -> str:
    return secrets.token_urlsafe(32)


class Project(VersionedModel, db.Model):
    __tablename__ = "project"
    __table_args__ = (CheckConstraint(f"anonymity_k >= {MIN_K}", name="anonymity_k_min"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(32))
    go_live_date: Mapped[date | None]
    lead_body: Mapped[str] = mapped_column(String(200), default="")
    area_served: Mapped[str] = mapped_column(String(200), default="")
    population: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(default=False)
    anonymity_k: Mapped[int] = mapped_column(default=DEFAULT_K)
    # The secret staff link. Replacing it kills the old one. Never shown to union reps or executives.
    staff_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_staff_token)
    staff_token_created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list["ProjectMembership"]] = relationship(  # noqa: F821
        back_populates="project", cascade="all, delete-orphan"
    )
    partnerships: Mapped[list[Partnership]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Partnership.id"
    )
    staff_groups: Mapped[list[StaffGroup]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="StaffGroup.name"
    )
    governance_bodies: Mapped[list[GovernanceBody]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="GovernanceBody.id"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Milestone.on"
    )

    @property
    def type_label(self) -> str:
        return PROJECT_TYPES.get(self.type, self.type)

    @property
    def stage_label(self) -> str:
        return PROJECT_STAGES.get(self.stage, self.stage)


class Agency(VersionedModel, db.Model):
    """A partner body, shared across projects."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))

    @property
    def kind_label(self) -> str:
        return AGENCY_KINDS.get(self.kind, self.kind)


class Partnership(VersionedModel, db.Model):
    """An agency's part in a project, with the terms and conditions of its staff concerned."""

    __tablename__ = "partnership"
    __table_args__ = (UniqueConstraint("project_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="partner")
    staff_moving_in: Mapped[int | None]
    # Terms and conditions (the FOSS paper's first obstacle): kept per partnership.
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    annual_leave_days: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    pay_scale: Mapped[str] = mapped_column(String(200), default="")
    grade_names: Mapped[str] = mapped_column(String(400), default="")
    performance_indicators: Mapped[str] = mapped_column(Text, default="")
    reporting_line: Mapped[str] = mapped_column(String(400), default="")
    terms_illustrative: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="partnerships")
    agency: Mapped[Agency] = relationship()

    @property
    def role_label(self) -> str:
        return PARTNERSHIP_ROLES.get(self.role, self.role)


class StaffGroup(ProjectRecord, db.Model):
    __project_backref__ = "staff_groups"
    __tablename__ = "staff_group"
    __table_args__ = (CheckConstraint("headcount >= 0", name="headcount_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    headcount: Mapped[int] = mapped_column(default=0)

    agency: Mapped[Agency | None] = relationship()


class GovernanceBody(ProjectRecord, db.Model):
    __project_backref__ = "governance_bodies"
    __tablename__ = "governance_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    site: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    members: Mapped[str] = mapped_column(Text, default="")  # one member (body or post) a line
    meets: Mapped[str] = mapped_column(String(100), default="")  # e.g. "Monthly"


    @property
    def kind_label(self) -> str:
        return GOVERNANCE_KINDS.get(self.kind, self.kind)

    @property
    def member_list(self) -> list[str]:
        return [m.strip() for m in self.members.splitlines() if m.strip()]


class Milestone(ProjectRecord, db.Model):
    __project_backref__ = "milestones"
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    on: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")


    @property
    def kind_label(self) -> str:
        return MILESTONE_KINDS.get(self.kind, self.kind)
