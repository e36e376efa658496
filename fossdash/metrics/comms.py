"""The communication plan in figures: pure functions of the actions' dates and reach, and one
query that fetches them. Later readiness, dashboards and returns reuse these.

    ActionDates(due_on, done_on, people_reached)   what every figure is worked out from
    on_time_share(actions, on)      of the actions settled on that day (done, or overdue), the
                                    share done on or before their due date; None when none is
    overdue(actions, on)            the actions overdue on that day
    per_month(actions, ...)         actions planned (by due month), done (by done month) and people
                                    reached (by done month), every month from first to last
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, NamedTuple, Sequence

from sqlalchemy import bindparam, select

from fossdash import sqlrows
from fossdash.comms import rules
from fossdash.extensions import db


class ActionDates(NamedTuple):
    due_on: date
    done_on: date | None = None
    people_reached: int | None = None
    id: int | None = None


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def label(self) -> str:  # "March 2007"
        return self.start.strftime("%B %Y")

    @property
    def short(self) -> str:  # "Mar 2007"
        return self.start.strftime("%b %Y")

    def position(self, day: date) -> float:
        """Where in the month the day falls, 0 (its first day) to nearly 1."""
        days = (self.next().start - self.start).days
        return (day.day - 1) / days


def months_between(first: Month, last: Month) -> list[Month]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = m.next()
    return out


def load(project_id: int, session=None) -> list[ActionDates]:
    """The project's actions' dates, read once per transaction (fossdash/readcache.py)."""
    from fossdash.readcache import shared

    session = session or db.session
    return shared(session, ("comms.load", project_id), lambda: _load(project_id, session))


def _load(project_id: int, session) -> list[ActionDates]:
    return [ActionDates(*r) for r in sqlrows.rows(session, _DATES(), project_id=project_id)]


def _dates():
    from fossdash.comms.models import CommsAction

    return (select(CommsAction.due_on, CommsAction.done_on, CommsAction.people_reached, CommsAction.id)
            .where(CommsAction.project_id == bindparam("project_id")).order_by(CommsAction.due_on, CommsAction.id))


_DATES = sqlrows.prepared(_dates)


@dataclass(frozen=True)
class OnTime:
    on_time: int
    settled: int

    @property
    def share(self) -> float | None:
        return rules.share(self.on_time, self.settled)

    @property
    def late(self) -> int:
        return self.settled - self.on_time


def on_time(actions: Iterable[ActionDates], on: date) -> OnTime:
    """Counts behind the on-time share on a day: actions settled then, and those done on time."""
    settled = done = 0
    for a in actions:
        if rules.settled(a.due_on, a.done_on, on):
            settled += 1
            done += rules.on_time(a.due_on, a.done_on, on)
    return OnTime(done, settled)


def on_time_share(actions: Iterable[ActionDates], on: date) -> float | None:
    return on_time(actions, on).share


def overdue(actions: Iterable[ActionDates], on: date) -> list[ActionDates]:
    return [a for a in actions if rules.status(a.due_on, a.done_on, on) == "overdue"]


@dataclass(frozen=True)
class PerMonth:
    months: list[Month]
    planned: list[int]  # actions due in the month
    done: list[int]  # actions done in the month
    reached: list[int]  # people reached by the actions done in the month

    @property
    def totals(self) -> tuple[int, int, int]:
        return sum(self.planned), sum(self.done), sum(self.reached)


def per_month(actions: Sequence[ActionDates], on: date | None = None,
              extend_to: Iterable[date] = ()) -> PerMonth:
    """Every month from the first due or done date to the last (and to any date in `extend_to`,
    such as milestones). With `on`, only what was done by that day counts as done."""
    dones = [a for a in actions if a.done_on is not None and (on is None or a.done_on <= on)]
    days = [a.due_on for a in actions] + [a.done_on for a in dones if a.done_on] + list(extend_to)
    if not actions:
        return PerMonth([], [], [], [])
    months = months_between(Month.of(min(days)), Month.of(max(days)))
    index = {m: i for i, m in enumerate(months)}
    planned, done, reached = [0] * len(months), [0] * len(months), [0] * len(months)
    for a in actions:
        planned[index[Month.of(a.due_on)]] += 1
    for a in dones:
        i = index[Month.of(a.done_on)]  # type: ignore[arg-type]
        done[i] += 1
        reached[i] += a.people_reached or 0
    return PerMonth(months, planned, done, reached)
