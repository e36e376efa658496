"""Staff concerns and questions, and the rumour-busting questions and answers published to staff.

A concern raised through the project's anonymous staff link has no author at all: no name, no
account, and no time of day (its timestamps are set to midnight of the day it arrived). It waits in
`HeldConcern` (keyed at random, not audited) until the next daily release puts every held concern
into the register in shuffled order (staff_link.release_held_concerns), so neither its id nor its
neighbours tell when it came.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import ProjectRecord, VersionedModel, new_key

KINDS = {"concern": "Concern", "question": "Question"}

# The FOSS paper's sentiments, in the order the paper gives them, then the rest.
CATEGORIES = {
    "job_security": "Job security and takeover",
    "skills": "Skills and ways of working",
    "pay_grading": "Pay and grading",
    "workload": "Workload",
    "work_style": "Work style and culture",
    "environment": "Working environment and safety",
    "terms": "Terms and conditions",
    "communication": "Communication and involvement",
    "other": "Other",
}
CATEGORY_HINTS = {
    "job_security": "“They’re after our jobs”: the shared service looks like a take-over by another organisation",
    "skills": "“We can’t change the way we work”: new skills, retraining, learning other services",
    "pay_grading": "“They earn more than we do”: different pay or grades for the same job",
    "workload": "How work is split between the front office and the back office, professional boundaries",
    "work_style": "New ways of working, new managers or reporting lines, working with other professions",
    "environment": "The building, open-plan offices, security, abuse from the public",
    "terms": "Working hours, leave, targets and performance indicators",
    "communication": "Rumours, not being told or asked, feeling left out of decisions",
    "other": "Anything else",
}
# What staff see on the anonymous form (the same categories, in their words).
STAFF_CATEGORY_LABELS = {
    "job_security": "My job, or a take-over by another organisation",
    "skills": "Skills, training and ways of working",
    "pay_grading": "Pay and grading",
    "workload": "Workload",
    "work_style": "Work style, culture and management",
    "environment": "The building, working environment and safety",
    "terms": "Hours, leave and other terms and conditions",
    "communication": "Communication and being involved",
    "other": "Something else",
}
CHANNELS = {
    "briefing": "Staff briefing",
    "feedback_session": "Feedback session",
    "team_meeting": "Team meeting",
    "staff_link": "Rumour-busting link",
    "union": "Union",
    "survey_comment": "Survey comment",
    "workshop": "Workshop",
}
STAFF_LINK = "staff_link"
SEVERITIES = {"low": "Low", "medium": "Medium", "high": "High"}
STATUSES = {"open": "Open", "responding": "Responding", "answered": "Answered", "closed": "Closed"}
WAITING = ("open", "responding")  # the statuses of a concern still waiting for an answer
STATUS_TAG_CLASSES = {
    "open": "govuk-tag--red",
    "responding": "govuk-tag--yellow",
    "answered": "govuk-tag--green",
    "closed": "govuk-tag--grey",
}
SEVERITY_TAG_CLASSES = {"low": "govuk-tag--grey", "medium": "govuk-tag--blue", "high": "govuk-tag--orange"}


class Concern(VersionedModel, db.Model):
    __tablename__ = "concern"
    # The project's concerns by date, covering what the counts read (portfolio evidence, the
    # project home's figures): they add up the index alone, never the rows behind it.
    # And the project's illustrative concerns only (a partial index): "are any of them invented?",
    # asked by the project home and the register, is one probe, not a read of every row.
    __table_args__ = (Index("ix_concern_project_raised_answered_status", "project_id", "raised_on", "answered_on",
                            "status"),
                      Index("ix_concern_project_illustrative", "project_id", sqlite_where=text("illustrative = 1"),
                            postgresql_where=text("illustrative")))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by ix_concern_project_raised_answered_status (project_id first).
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="concern")
    category: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    staff_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_group.id", ondelete="SET NULL"), index=True
    )
    # Null until someone assesses it (a concern from the staff link arrives unassessed).
    severity: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    text: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[date]
    # A named concern's raiser, as free text. Null when anonymous. Never shown to union reps.
    raised_by: Mapped[str | None] = mapped_column(String(200))
    response: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    answered_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    actions: Mapped[str] = mapped_column(Text, default="")  # what was done about it
    illustrative: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship()  # noqa: F821
    agency: Mapped[Agency | None] = relationship()  # noqa: F821
    staff_group: Mapped[StaffGroup | None] = relationship()  # noqa: F821
    answered_by: Mapped[User | None] = relationship()  # noqa: F821

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def severity_label(self) -> str:
        return SEVERITIES.get(self.severity, self.severity) if self.severity else "Not assessed"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_tag(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "")

    @property
    def severity_tag(self) -> str:
        return SEVERITY_TAG_CLASSES.get(self.severity or "", "govuk-tag--grey")

    def audit_hidden_fields(self) -> set[str]:
        """Fields the audit log must not copy: for a concern sent through the anonymous staff
        link, its agency and staff group (a small group could identify the sender) and its words.
        The log is append-only, so staff's own words never go into it: a redaction
        (service.redact_concern) then leaves the original text nowhere."""
        return {"agency_id", "staff_group_id", "text"} if self.channel == STAFF_LINK else set()

    @property
    def via_staff_link(self) -> bool:
        return self.channel == STAFF_LINK

    @property
    def anonymous(self) -> bool:
        return not self.raised_by

    @property
    def is_done(self) -> bool:
        return self.status in ("answered", "closed")


class QuestionAnswer(ProjectRecord, db.Model):
    """A rumour-busting question with the programme's answer; published ones show on the staff page."""

    __tablename__ = "question_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concern.id", ondelete="SET NULL"), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(default=False)
    published_on: Mapped[date | None]
    position: Mapped[int | None]  # order on the staff page; blank sorts after, newest first

    concern: Mapped[Concern | None] = relationship()

    def audit_hidden_fields(self) -> set[str]:
        """The question starts as a member of staff's own words (a link concern or a survey
        comment) and may be published unedited: the append-only log never copies it, so a
        redaction leaves it nowhere (the programme's answer is logged as written)."""
        return {"question"}


class HeldConcern(db.Model):
    """A concern or question from the staff link, until the next release puts it in the register."""

    __tablename__ = "concern_held"
    __audit__ = False

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_key)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int | None]
    staff_group_id: Mapped[int | None]
    received_on: Mapped[date]
