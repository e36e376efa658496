"""The statements chart diverges from the centre: neither straddles it, disagree then strongly
disagree stack outward to the left, agree then strongly agree to the right."""
from __future__ import annotations

from types import SimpleNamespace

from fossdash.charts.surveys import distribution_chart
from fossdash.metrics.surveys import Distribution


def test_the_statements_chart_stacks_outward_from_the_centre():
    round_ = SimpleNamespace(items=[("q1", "I feel positive about the change")])
    # 10 answers: 1 strongly disagree, 2 disagree, 4 neither, 2 agree, 1 strongly agree.
    chart = distribution_chart(round_, Distribution({"q1": [1, 2, 4, 2, 1]}, [0] * 11), 5)
    traces = chart.figure()["data"]
    order = [(t["name"], round(t["x"][0])) for t in traces]
    assert order == [("Neither agree nor disagree", -20), ("Neither agree nor disagree", 20), ("Disagree", -20),
                     ("Strongly disagree", -10), ("Agree", 20), ("Strongly agree", 10)]
    assert [t["legendrank"] for t in traces if t.get("showlegend", True)] == [3, 2, 1, 4, 5]
    assert [row[1:] for row in chart.table.rows] == [[1, 2, 4, 2, 1, 10]]


def test_a_statement_answered_by_too_few_has_no_bar_and_x_in_the_table():
    round_ = SimpleNamespace(items=[("q1", "I feel positive about the change"), ("q2", "My views are listened to")])
    dist = Distribution({"q1": [1, 2, 4, 2, 1], "q2": [0, 1, 0, 1, 0]}, [0] * 11).under(5)
    chart = distribution_chart(round_, dist, 5)
    assert all(t["x"][1] is None for t in chart.figure()["data"])  # nothing drawn for q2
    assert chart.table.rows[1] == ["My views are listened to"] + ["[x]"] * 6
    assert chart.notes and "fewer than 5 people" in chart.notes[0]
    assert not distribution_chart(SimpleNamespace(items=round_.items[:1]), dist, 5).notes  # none hidden: no note
