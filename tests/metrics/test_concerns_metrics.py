"""Concerns per quarter, checked by hand."""
from __future__ import annotations

from datetime import date

from fossdash.concerns.filters import Filters
from fossdash.metrics.concerns import per_quarter
from fossdash.metrics.milestones import milestones
from fossdash.metrics.periods import Quarter, quarters_between
from tests.concerns.helpers import concern


def _hand_data(project, other):
    concern(project, raised_on=date(2007, 1, 1), category="job_security")
    concern(project, raised_on=date(2007, 3, 31), category="job_security", status="answered")
    concern(project, raised_on=date(2007, 4, 1), category="pay_grading")
    concern(project, raised_on=date(2007, 9, 30), category="skills")
    concern(other, raised_on=date(2007, 5, 5), category="skills")  # another project: not counted


def test_counts_per_quarter_and_category(app, make):
    project, other = make.project(), make.project()
    _hand_data(project, other)
    data = per_quarter(project.id)
    assert [q.label for q in data.quarters] == ["Jan to Mar 2007", "Apr to Jun 2007", "Jul to Sep 2007"]
    assert data.categories == ["job_security", "skills", "pay_grading"]  # the paper's order
    assert data.counts == {"job_security": [2, 0, 0], "skills": [0, 0, 1], "pay_grading": [0, 1, 0]}
    assert data.totals == [2, 1, 1] and data.total == 4


def test_the_range_stretches_to_milestones_but_not_forever(app, make):
    project, other = make.project(), make.project()
    _hand_data(project, other)
    data = per_quarter(project.id, extend_to=[date(2006, 11, 30), date(2050, 1, 1)])
    assert data.quarters[0] == Quarter(2006, 4) and data.quarters[-1] == Quarter(2007, 3)
    assert data.totals == [0, 2, 1, 1]


def test_filters_apply_and_nothing_gives_no_quarters(app, make):
    project, other = make.project(), make.project()
    _hand_data(project, other)
    data = per_quarter(project.id, Filters(status="answered"))
    assert data.quarters == [Quarter(2007, 1)] and data.counts == {"job_security": [1]}
    assert per_quarter(make.project().id).quarters == []


def test_quarters_are_calendar_quarters_named_by_month(backend):
    q = Quarter.of(date(2007, 12, 31))
    assert (q.year, q.number, q.label, q.short) == (2007, 4, "Oct to Dec 2007", "Oct–Dec 2007")
    assert q.next() == Quarter(2008, 1) and q.end == date(2008, 1, 1) and q.days == 92
    assert Quarter(2007, 1).position(date(2007, 1, 1)) == 0
    assert Quarter(2007, 1).position(date(2007, 3, 31)) == 89 / 90
    assert len(quarters_between(Quarter(2006, 3), Quarter(2008, 2))) == 8


def test_milestones_in_date_order(app, make):
    project = make.project()
    make.milestone(project, on=date(2007, 6, 1), title="Staff move")
    make.milestone(project, on=date(2007, 1, 1), title="Building opens", kind="opening")
    marks = milestones(project.id)
    assert [(m.on, m.title, m.kind) for m in marks] == [(date(2007, 1, 1), "Building opens", "Building opens"),
                                                         (date(2007, 6, 1), "Staff move", "Systems go live")]


def test_with_k_the_figures_come_back_suppressed(app, make):
    project, other = make.project(), make.project()
    _hand_data(project, other)
    for day in (date(2007, 4, 2), date(2007, 4, 3), date(2007, 5, 1), date(2007, 6, 1), date(2007, 6, 2)):
        concern(project, raised_on=day, category="skills")
    data = per_quarter(project.id, k=5)
    # Counted: Jan-Mar job security 2; Apr-Jun pay 1, skills 5; Jul-Sep skills 1.
    assert data.k == 5 and data.any_hidden
    assert data.counts["job_security"][0] is None and data.counts["pay_grading"][1] is None
    assert data.counts["skills"][2] is None
    assert 2 not in data.totals and 1 not in data.totals  # no quarter total under k is left
    plain = per_quarter(project.id)
    assert plain.k is None and not plain.any_hidden and plain.counts["job_security"][0] == 2
    assert per_quarter(make.project().id, k=5).total == 0  # nothing to hide in an empty project
