"""Derived statuses at every boundary, and the plan's figures on hand-checked cases (frozen dates)."""
from __future__ import annotations

from datetime import date

import pytest

from fossdash.comms import rules
from fossdash.metrics import comms as m

TODAY = date(2007, 3, 15)


@pytest.mark.parametrize("due, done, expected", [
    (date(2007, 3, 14), None, "overdue"),          # due yesterday
    (date(2007, 3, 15), None, "due_soon"),         # due today
    (date(2007, 3, 22), None, "due_soon"),         # due in 7 days
    (date(2007, 3, 23), None, "planned"),          # due in 8 days
    (date(2007, 3, 10), date(2007, 3, 10), "done_on_time"),  # done on the due date
    (date(2007, 3, 10), date(2007, 3, 11), "done_late"),     # a day after
    (date(2007, 3, 20), date(2007, 3, 1), "done_on_time"),   # done early
    (date(2007, 3, 14), date(2007, 3, 16), "overdue"),       # done after the day looked at: not yet done
])
def test_status_boundaries(due, done, expected):
    assert rules.status(due, done, TODAY) == expected


def test_on_time_share_counts_done_and_overdue_only():
    actions = [m.ActionDates(date(2007, 3, 1), date(2007, 3, 1), 40),   # on time
               m.ActionDates(date(2007, 3, 2), date(2007, 3, 5), 10),   # late
               m.ActionDates(date(2007, 3, 10)),                        # overdue
               m.ActionDates(date(2007, 3, 20)),                        # due soon: not counted
               m.ActionDates(date(2007, 4, 30))]                        # planned: not counted
    counts = m.on_time(actions, TODAY)
    assert (counts.on_time, counts.settled) == (1, 3)
    assert m.on_time_share(actions, TODAY) == pytest.approx(1 / 3)
    assert rules.percent(counts.share) == "33%"
    assert m.on_time_share([], TODAY) is None
    assert [a.due_on for a in m.overdue(actions, TODAY)] == [date(2007, 3, 10)]
    # On 2 March only the first is settled.
    assert m.on_time_share(actions, date(2007, 3, 2)) == 1


def test_per_month_planned_done_and_reached():
    actions = [m.ActionDates(date(2007, 1, 31), date(2007, 2, 2), 40),
               m.ActionDates(date(2007, 2, 5), date(2007, 2, 5), 10),
               m.ActionDates(date(2007, 4, 1))]
    data = m.per_month(actions, TODAY)
    assert [x.label for x in data.months] == ["January 2007", "February 2007", "March 2007", "April 2007"]
    assert data.planned == [1, 1, 0, 1]
    assert data.done == [0, 2, 0, 0]
    assert data.reached == [0, 50, 0, 0]
    assert m.per_month(actions, date(2007, 2, 3)).done == [0, 1, 0, 0]
    assert m.per_month([], TODAY).months == []
