"""Calendar quarters: the time buckets of every chart over time.

Labelled by months ("Jan to Mar 2007"), never "Q1", which in the public sector usually means the
financial year's April to June.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 = January to March

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        nxt = self.next()
        return date(nxt.year, 3 * nxt.number - 2, 1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def next(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    @property
    def label(self) -> str:
        """'Jan to Mar 2007'."""
        first = MONTHS[3 * self.number - 3]
        last = MONTHS[3 * self.number - 1]
        return f"{first} to {last} {self.year}"

    @property
    def short(self) -> str:
        """'Jan–Mar 2007' (chart ticks)."""
        return f"{MONTHS[3 * self.number - 3]}–{MONTHS[3 * self.number - 1]} {self.year}"

    def position(self, day: date) -> float:
        """Where `day` falls in the quarter, from 0.0 (its first day) to just under 1.0."""
        return (day - self.start).days / self.days


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    out = []
    q = first
    while q <= last:
        out.append(q)
        q = q.next()
    return out
