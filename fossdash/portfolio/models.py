"""What the portfolio keeps of its own: each closed survey round's answers added up, so the
portfolio and its trends read one row per round instead of adding up hundreds of thousands of
answers on every view.

A round's total is kept once it is final: the round has closed before the day it was counted and
no answer of it was still held back (answers arrive only through the daily release, which lets a
closed round's held answers go the next time it runs). A total counted for another closing date
(the round was extended) is not used. Totals of rounds that are not final are counted afresh on
every view and never kept."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from fossdash.extensions import db


class PortfolioRoundTotal(db.Model):
    __tablename__ = "portfolio_round_total"

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    closes_on: Mapped[date]  # the round's closing date when counted
    counted_on: Mapped[date]
    answers: Mapped[int]
    core_sum: Mapped[int]
    core_n: Mapped[int]
