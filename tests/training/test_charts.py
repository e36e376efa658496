"""The coverage chart shows the period trained over, not a year of empty axis out to a far milestone:
milestones near it stretch the axis, those beyond are counted at the edge and listed under it."""
from __future__ import annotations

from datetime import date

from fossdash.charts.training import coverage_chart
from fossdash.metrics import training as m
from fossdash.metrics.milestones import Mark

GROUPS = {1: m.Group(1, "Police call handlers", 10)}
# A finished session (5 of 10 completed) and a planned one; "today" is between them.
PLAN = m.Plan(GROUPS, {(1, 1)}, [
    m.Row(1, 1, 1, date(2026, 11, 2), date(2026, 11, 13), 10, True, 6, 6, 5),
    m.Row(1, 2, 1, date(2026, 12, 7), date(2026, 12, 18), 10, True, 4, None, None),
])
TODAY = date(2026, 11, 20)
MARKS = [
    Mark(date(2026, 1, 5), "Business case agreed", "other"),  # 10 months before: not drawn
    Mark(date(2026, 11, 4), "Training begins", "other"),  # inside
    Mark(date(2027, 1, 20), "Go-live", "go_live"),  # 33 days after the last session: stretches the axis
    Mark(date(2027, 5, 1), "Review", "other", illustrative=True),  # months later: not drawn
    Mark(date(2027, 8, 1), "Enquiries migrate", "other"),
]


def test_the_axis_covers_the_sessions_and_near_milestones_only():
    chart = coverage_chart(PLAN, MARKS, TODAY)
    layout = chart.figure()["layout"]
    # 1 November 2026 (the zero point, the day before the first session) to 20 January 2027 (go-live),
    # with a week's margin either side.
    assert layout["xaxis"]["range"] == ["2026-10-25", "2027-01-27"]
    # A tick on the first of each month (not every fortnight, which printed "Nov 2026" twice).
    assert (layout["xaxis"]["dtick"], layout["xaxis"]["tick0"]) == ("M1", "2026-01-01")
    assert chart.key == ["Training begins (4 November 2026)", "Go-live (20 January 2027)"]
    lines = [s["x0"] for s in layout["shapes"]]
    assert lines == ["2026-11-04", "2027-01-20"]


def test_milestones_beyond_the_axis_are_counted_at_its_edges_and_listed():
    chart = coverage_chart(PLAN, MARKS, TODAY)
    edges = [a["text"] for a in chart.figure()["layout"]["annotations"] if a.get("xref") == "paper"]
    assert edges == ["← 1 earlier milestone", "2 later milestones →"]
    assert chart.notes == [
        "Before the period charted, so not drawn: Business case agreed (5 January 2026).",
        "After the period charted, so not drawn: Review (1 May 2027, an illustrative date); "
        "Enquiries migrate (1 August 2027).",
    ]
    assert "3 more milestones are outside the period charted, listed under the chart." in chart.label


def test_with_no_far_milestone_there_is_no_edge_marker():
    chart = coverage_chart(PLAN, MARKS[1:3], TODAY)
    assert not [a for a in chart.figure()["layout"]["annotations"] if a.get("xref") == "paper"]
    assert chart.notes == []


def test_the_axis_runs_to_today_when_today_is_after_the_last_session():
    later = date(2027, 3, 1)
    layout = coverage_chart(PLAN, [], later).figure()["layout"]
    assert layout["xaxis"]["range"] == ["2026-10-25", "2027-03-08"]
