"""The quarters a return is made for: UK financial-year quarters by default ("2026-27 Q3",
October to December 2026), calendar quarters ("2026 Q4") where a project asks for them.

Both kinds cover the same three-month spans (a financial year's Q1 is April to June, the calendar's
Q2), so the figures of fossdash.metrics (calendar quarters, periods.Quarter) map one to one: only
the label and the numbering differ.

    ReturnQuarter.of(date(2026, 11, 5))            -> 2026-27 Q3
    ReturnQuarter.of(date(2026, 11, 5), "calendar") -> 2026 Q4
    ReturnQuarter.parse("2026-27-Q3") / q.key       -> the form's value, and back
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from fossdash.metrics.periods import MONTHS, Quarter

FINANCIAL = "financial"
CALENDAR = "calendar"
SCHEMES = {FINANCIAL: "UK financial year (April to March)", CALENDAR: "Calendar year (January to December)"}

_KEY = re.compile(r"^(?:(\d{4})-(\d{2})|(\d{4}))-Q([1-4])$")


@dataclass(frozen=True, order=True)
class ReturnQuarter:
    """One quarter in a scheme's terms; `calendar` is the same span as a metrics Quarter."""

    calendar: Quarter
    scheme: str = FINANCIAL

    @classmethod
    def of(cls, day: date, scheme: str = FINANCIAL) -> ReturnQuarter:
        return cls(Quarter.of(day), scheme)

    @classmethod
    def parse(cls, key: str, scheme: str | None = None) -> ReturnQuarter | None:
        """'2026-27-Q3' (financial) or '2026-Q4' (calendar) -> the quarter; None if not one."""
        m = _KEY.match((key or "").strip())
        if not m:
            return None
        number = int(m.group(4))
        if m.group(1):
            start, end = int(m.group(1)), int(m.group(2))
            if (start + 1) % 100 != end or not 1900 < start < 3000:
                return None
            q = Quarter(start, number + 1) if number < 4 else Quarter(start + 1, 1)
            found = cls(q, FINANCIAL)
        else:
            year = int(m.group(3))
            if not 1900 < year < 3000:
                return None
            found = cls(Quarter(year, number), CALENDAR)
        return found if scheme is None else found.as_scheme(scheme)

    def as_scheme(self, scheme: str) -> ReturnQuarter:
        return ReturnQuarter(self.calendar, scheme)

    @property
    def financial_year(self) -> int:
        """The year the financial year starts in (April)."""
        return self.calendar.year if self.calendar.number > 1 else self.calendar.year - 1

    @property
    def number(self) -> int:
        if self.scheme == CALENDAR:
            return self.calendar.number
        return (self.calendar.number + 2) % 4 + 1

    @property
    def label(self) -> str:
        """'2026-27 Q3' or '2026 Q4'."""
        if self.scheme == CALENDAR:
            return f"{self.calendar.year} Q{self.number}"
        y = self.financial_year
        return f"{y}-{(y + 1) % 100:02d} Q{self.number}"

    @property
    def key(self) -> str:
        return self.label.replace(" ", "-")

    @property
    def months(self) -> str:
        """'October to December 2026'."""
        first, last = self.calendar.start, self.calendar.end - timedelta(days=1)
        names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"]
        return f"{names[first.month - 1]} to {names[last.month - 1]} {last.year}"

    @property
    def long_label(self) -> str:
        """'2026-27 Q3 (October to December 2026)'."""
        return f"{self.label} ({self.months})"

    @property
    def start(self) -> date:
        return self.calendar.start

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return self.calendar.end

    @property
    def last_day(self) -> date:
        return self.calendar.end - timedelta(days=1)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day < self.end

    def previous(self, n: int = 1) -> ReturnQuarter:
        q = self.calendar
        for _ in range(n):
            q = Quarter(q.year - (q.number == 1), (q.number - 2) % 4 + 1)
        return ReturnQuarter(q, self.scheme)

    def next(self) -> ReturnQuarter:
        return ReturnQuarter(self.calendar.next(), self.scheme)


def recent(today: date, scheme: str = FINANCIAL, count: int = 12, back_to: date | None = None) -> list[ReturnQuarter]:
    """Quarters newest first: the current one and those before it, back to `back_to`'s quarter
    (when given and further back) but never more than 80."""
    current = ReturnQuarter.of(today, scheme)
    out = [current]
    floor = ReturnQuarter.of(back_to, scheme) if back_to else None
    while len(out) < 80 and (len(out) < count or (floor is not None and out[-1] > floor)):
        out.append(out[-1].previous())
    return out


__all__ = ["CALENDAR", "FINANCIAL", "MONTHS", "SCHEMES", "ReturnQuarter", "recent"]
