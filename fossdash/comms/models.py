"""The communication plan: actions (the FOSS paper's techniques, each with its audience, owner,
dates and reach), the concerns each action answers, and the project's communications lead.

An action's status is never stored: it is worked out from its due and done dates on the day it
is read (fossdash.comms.rules)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from fossdash.comms import rules
from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord

# The paper's techniques ("Techniques that proved productive include ..."), then "other".
TECHNIQUES = {
    "all_staff_briefing": "All-staff briefing",
    "manager_briefing": "Manager briefing",
    "newsletter": "Newsletter",
    "rumour_busting": "Rumour-busting section",
    "feedback_session": "Staff feedback session",
    "joint_workshop": "Joint workshop or training with partner staff",
    "staff_representative": "Staff representative on the programme team",
    "site_visit": "Visit to an existing site",
    "partnership_forum": "Partnership forum",
    "team_meetings": "Small team meetings",
    "other": "Other",
}
AUDIENCES = {
    "all_staff": "All staff",
    "managers": "Managers",
    "agency": "One agency’s staff",
    "staff_group": "A staff group",
    "partners": "Partners",
    "unions": "Unions",
    "service_users": "Service users",
}


class CommsAction(ProjectRecord, db.Model):
    __tablename__ = "comms_action"
    # Covers what the portfolio's "actions on time" counts read: they add up the index alone.
    __table_args__ = (Index("ix_comms_action_project_due_done", "project_id", "due_on", "done_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    technique: Mapped[str] = mapped_column(String(32), index=True)
    audience: Mapped[str] = mapped_column(String(32))
    # Only for the audiences "agency" and "staff_group" (rules.audience_problem says so).
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    staff_group_id: Mapped[int | None] = mapped_column(ForeignKey("staff_group.id", ondelete="SET NULL"),
                                                       index=True)
    owner: Mapped[str] = mapped_column(String(200))  # who does it: a name or a post
    due_on: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None]
    people_reached: Mapped[int | None]
    feedback: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped["Agency | None"] = relationship()  # noqa: F821
    staff_group: Mapped["StaffGroup | None"] = relationship()  # noqa: F821
    concern_links: Mapped[list[CommsActionConcern]] = relationship(
        cascade="all, delete-orphan", back_populates="action", order_by="CommsActionConcern.concern_id")
    # Read-only both ways: links change through concern_links (so each is audited); a concern
    # page reads `concern.comms_actions`.
    concerns: Mapped[list["Concern"]] = relationship(  # noqa: F821
        secondary="comms_action_concern", viewonly=True, order_by="Concern.id",
        backref=backref("comms_actions", viewonly=True, order_by="CommsAction.due_on"))

    @property
    def concern_ids(self) -> list[int]:
        return [link.concern_id for link in self.concern_links]

    @property
    def technique_label(self) -> str:
        return TECHNIQUES.get(self.technique, self.technique)

    @property
    def audience_label(self) -> str:
        if self.audience == "agency" and self.agency is not None:
            return f"{self.agency.name} staff"
        if self.audience == "staff_group" and self.staff_group is not None:
            return self.staff_group.name
        return AUDIENCES.get(self.audience, self.audience)

    @property
    def audience_words(self) -> str:
        """The audience inside a sentence: "all staff", "Northumbria Police staff"."""
        label = self.audience_label
        if self.audience in ("agency", "staff_group") and label != AUDIENCES.get(self.audience):
            return label  # a name keeps its capitals
        return label[:1].lower() + label[1:]

    def status(self, today: date | None = None) -> str:
        return rules.status(self.due_on, self.done_on, today or date.today())

    def status_label(self, today: date | None = None) -> str:
        return rules.STATUSES[self.status(today)]

    def status_tag(self, today: date | None = None) -> str:
        return rules.TAG_CLASSES[self.status(today)]


class CommsActionConcern(db.Model):
    """One concern an action answers. Its own row (not a bare association table) so the audit log
    records each link made or undone."""

    __tablename__ = "comms_action_concern"

    action_id: Mapped[int] = mapped_column(ForeignKey("comms_action.id", ondelete="CASCADE"), primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concern.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)

    action: Mapped[CommsAction] = relationship(back_populates="concern_links")


class CommsSettings(ProjectRecord, db.Model):
    """A project's communication settings: who its communications lead is. One row per project,
    made the first time the lead is named."""

    __tablename__ = "comms_settings"
    __table_args__ = (UniqueConstraint("project_id", name="uq_comms_settings_project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Free text, not an account: the lead is often a council's communications officer who never
    # signs in here, and a name typed once survives changes to who is a member of the project.
    lead_name: Mapped[str] = mapped_column(String(200), default="")
    lead_role: Mapped[str] = mapped_column(String(200), default="")
