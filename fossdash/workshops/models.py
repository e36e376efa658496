"""Shared Solutions workshops: a day where two groups who rarely meet as equals (service users and
frontline staff) list and score priorities, guess each other's, say how they feel at the start and
the end, and agree actions.

No participant is named anywhere: a group is a number of people and how they were recruited; a
quote keeps the speaker's role ("Tenant", "Housing officer", "Combined"), never a name.

Scores, guesses and mood counts are rows of their own (so the audit log records each), and each
save of one group's scores, guesses or mood bumps that group's version: two facilitators typing
the same group's scores at once cannot overwrite each other (the second is told, and keeps what
they typed)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord
from fossdash.workshops import rules

DEFAULT_GROUPS = {1: "Service users", 2: "Frontline staff"}


class Workshop(ProjectRecord, db.Model):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    service: Mapped[str] = mapped_column(String(200), default="")
    # The thresholds of "high" and "low" on the 0–1 scale (metrics.workshops.analyse).
    high: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal(rules.DEFAULT_HIGH))
    low: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal(rules.DEFAULT_LOW))

    groups: Mapped[list[WorkshopGroup]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopGroup.position")
    priorities: Mapped[list[WorkshopPriority]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopPriority.id",
        foreign_keys="WorkshopPriority.workshop_id")
    quotes: Mapped[list[WorkshopQuote]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopQuote.id")
    actions: Mapped[list[WorkshopAction]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan",
        order_by="(WorkshopAction.due_on, WorkshopAction.id)")

    def group(self, position: int) -> WorkshopGroup | None:
        return next((g for g in self.groups if g.position == position), None)


def _group_attribute(position: int, name: str) -> property:
    """workshop.g1_name and the like: a group's field as the workshop form names it (so the form
    loads from the workshop, and the conflict page shows what is stored)."""
    def get(self: Workshop):
        group = self.group(position)
        return getattr(group, name) if group is not None else None
    return property(get)


for _position in (1, 2):
    for _name in ("name", "participants", "recruitment", "scoring"):
        setattr(Workshop, f"g{_position}_{_name}", _group_attribute(_position, _name))


class WorkshopGroup(ProjectRecord, db.Model):
    """One of the day's two groups (position 1: the service's users; 2: its frontline staff)."""

    __tablename__ = "workshop_group"
    __table_args__ = (UniqueConstraint("workshop_id", "position", name="uq_workshop_group_workshop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    participants: Mapped[int | None]
    recruitment: Mapped[str] = mapped_column(Text, default="")
    scoring: Mapped[str] = mapped_column(String(8), default="votes")  # rules.SCORINGS

    workshop: Mapped[Workshop] = relationship(back_populates="groups")

    @property
    def scoring_label(self) -> str:
        return rules.SCORINGS.get(self.scoring, self.scoring)


class WorkshopPriority(ProjectRecord, db.Model):
    """A problem or priority one group listed; merged into another when both turn out the same."""

    __tablename__ = "workshop_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    raised_by: Mapped[int]  # the position of the group that listed it
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_priority.id", ondelete="SET NULL"), index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="priorities", foreign_keys=[workshop_id])
    merged_into: Mapped[WorkshopPriority | None] = relationship(remote_side="WorkshopPriority.id")
    scores: Mapped[list[WorkshopScore]] = relationship(cascade="all, delete-orphan",
                                                       order_by="WorkshopScore.position")


class WorkshopScore(db.Model):
    """What one group gave one priority: its rank (1 is the top) or its number of votes."""

    __tablename__ = "workshop_score"

    priority_id: Mapped[int] = mapped_column(ForeignKey("workshop_priority.id", ondelete="CASCADE"),
                                             primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int]
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)


class WorkshopGuess(db.Model):
    """What a group expects the *other* group to put in its top places: `rank` 1 is its first guess."""

    __tablename__ = "workshop_guess"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    rank: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("workshop_priority.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)


class WorkshopMood(db.Model):
    """How many of a group answered 1, 2, 3, 4 and 5 on respect or trust, at the start or the end."""

    __tablename__ = "workshop_mood"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    moment: Mapped[str] = mapped_column(String(8), primary_key=True)  # rules.MOMENTS
    measure: Mapped[str] = mapped_column(String(8), primary_key=True)  # rules.MEASURES
    n1: Mapped[int] = mapped_column(default=0)
    n2: Mapped[int] = mapped_column(default=0)
    n3: Mapped[int] = mapped_column(default=0)
    n4: Mapped[int] = mapped_column(default=0)
    n5: Mapped[int] = mapped_column(default=0)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)

    @property
    def counts(self) -> list[int]:
        return [self.n1, self.n2, self.n3, self.n4, self.n5]


class WorkshopQuote(ProjectRecord, db.Model):
    """Words said on the day, verbatim, with the speaker's role (never a name), tagged to a
    priority or to one of the method's impacts."""

    __tablename__ = "workshop_quote"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str] = mapped_column(String(100))
    impact: Mapped[str | None] = mapped_column(String(32))  # rules.IMPACTS
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_priority.id", ondelete="SET NULL"),
                                                    index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="quotes")
    priority: Mapped[WorkshopPriority | None] = relationship()

    @property
    def tag_label(self) -> str:
        if self.priority is not None:
            return f"Priority: {self.priority.title}"
        if self.impact:
            return f"Impact: {rules.IMPACTS.get(self.impact, self.impact)}"
        return "Not tagged"


class WorkshopAction(ProjectRecord, db.Model):
    """An action agreed at (or after) the workshop, usually from a shared priority."""

    __tablename__ = "workshop_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_priority.id", ondelete="SET NULL"),
                                                    index=True)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="not_started")  # rules.ACTION_STATUSES

    workshop: Mapped[Workshop] = relationship(back_populates="actions")
    priority: Mapped[WorkshopPriority | None] = relationship()

    def state(self, today: date) -> str:
        return rules.action_state(self.status, self.due_on, today)

    def state_label(self, today: date) -> str:
        return rules.ACTION_STATES[self.state(today)]

    def state_tag(self, today: date) -> str:
        return rules.STATE_TAGS[self.state(today)]
