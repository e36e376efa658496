"""Pulse survey rounds, their answers, the answers (and link concerns) held for release, and
single-use answer codes.

What an answer holds is exactly what the staff page says: its round, the item values, the agency
and staff group if given, the comment, and the day. No account, address, browser, cookie or time
of day. Its key is random (`new_key`), so it cannot be placed by a sequence.

Anonymous rows arrive in a holding table (`HeldAnswer`; link concerns in concerns.HeldConcern) and are released, once a
day, into the tables the team reads in shuffled order with fresh random keys (surveys.release):
the stored order and keys of a released row say nothing about when it came. Codes are stored
apart from answers: no key, order, time or link joins a spent code to the answer it unlocked.
None of these tables is audited row by row (`__audit__ = False`); a release writes one count.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fossdash.extensions import db
from fossdash.modelkit import new_key
from fossdash.modelkit import ProjectRecord

__all__ = ["new_key"]

# The five core items, fixed for every round so rounds compare (DOMAIN.md, "Pulse survey").
CORE_ITEMS = [
    "I understand why our services are being brought together",
    "I feel positive about the change",
    "I have the training I need for the new way of working",
    "My views are listened to",
    "I feel secure about my job",
]
CORE = ["q1", "q2", "q3", "q4", "q5"]
OWN = ["o1", "o2", "o3", "o4", "o5"]
MAX_OWN = 5
SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree"}
RECOMMEND = "How likely are you to recommend working here to a friend?"
COMMENT_MAX = 2000
REDACTED_TEXT = "[Removed by the programme team because it could identify someone]"


class SurveyRound(ProjectRecord, db.Model):
    __tablename__ = "survey_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    own_items: Mapped[list] = mapped_column(JSON, default=list)  # up to five statements, 1–5 like the core
    ask_comment: Mapped[bool] = mapped_column(default=True)
    ask_agency: Mapped[bool] = mapped_column(default=True)
    ask_group: Mapped[bool] = mapped_column(default=True)
    uses_codes: Mapped[bool] = mapped_column(default=False)

    @property
    def items(self) -> list[tuple[str, str]]:
        """(column, statement) for every 1–5 item of the round: the core five, then its own."""
        return list(zip(CORE, CORE_ITEMS)) + list(zip(OWN, self.own_items or []))

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on

    def state(self, on: date) -> str:
        """Whether the round is open on `on`, in words: "Open", "Closed" or "Not open yet"."""
        if on < self.opens_on:
            return "Not open yet"
        return "Open" if on <= self.closes_on else "Closed"


class _AnswerValues:
    """The columns an answer and a held answer share."""

    q1: Mapped[int | None] = mapped_column(SmallInteger)
    q2: Mapped[int | None] = mapped_column(SmallInteger)
    q3: Mapped[int | None] = mapped_column(SmallInteger)
    q4: Mapped[int | None] = mapped_column(SmallInteger)
    q5: Mapped[int | None] = mapped_column(SmallInteger)
    o1: Mapped[int | None] = mapped_column(SmallInteger)
    o2: Mapped[int | None] = mapped_column(SmallInteger)
    o3: Mapped[int | None] = mapped_column(SmallInteger)
    o4: Mapped[int | None] = mapped_column(SmallInteger)
    o5: Mapped[int | None] = mapped_column(SmallInteger)
    recommend: Mapped[int | None] = mapped_column(SmallInteger)
    agency_id: Mapped[int | None]
    staff_group_id: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date]


VALUE_COLUMNS = CORE + OWN + ["recommend", "agency_id", "staff_group_id", "comment", "answered_on"]


class SurveyAnswer(_AnswerValues, db.Model):
    """A released answer. agency_id and staff_group_id carry no foreign key on purpose (no
    cascade or index order to read); they are checked against the project when stored."""

    __tablename__ = "survey_answer"
    __audit__ = False
    # Read by round only (a round is one project's): one index, as each answer stored pays for each.

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_key)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    comment_redacted: Mapped[bool] = mapped_column(default=False)
    illustrative: Mapped[bool] = mapped_column(default=False)

    round: Mapped[SurveyRound] = relationship()


class HeldAnswer(_AnswerValues, db.Model):
    """An answer as it arrived, until the next release moves it to survey_answer."""

    __tablename__ = "survey_answer_held"
    __audit__ = False

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_key)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)


class AnswerCode(db.Model):
    """A single-use answer code: the code itself, its round, and whether it is spent. Nothing
    else: no id, no time, nothing that an answer also holds."""

    __tablename__ = "survey_code"
    __audit__ = False

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    spent: Mapped[bool] = mapped_column(default=False)


class RoundCells(db.Model):
    """A closed round's answers added up per (agency, staff group) cell, kept once final, so the
    trend page and the project home read one row per round instead of adding up its answers on
    every view (fossdash/surveys/totals.py). Final: the round closed before the day it was counted
    and none of its answers was still held. Counted for another closing date (the round was
    extended): not used. A release into the round deletes it. Figures only, as the pages show them
    before k is applied; nothing of any one answer."""

    __tablename__ = "survey_round_cells"
    __audit__ = False

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True)
    closes_on: Mapped[date]  # the round's closing date when counted
    counted_on: Mapped[date]
    # [[agency id, staff group id, n, core_sum, core_n, promoters, detractors, recommend_n], ...]
    cells: Mapped[list] = mapped_column(JSON)
