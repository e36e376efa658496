"""The statements chart diverges from the centre: neither straddles it, disagree then strongly
disagree stack outward to the left, agree then strongly agree to the right."""
from __future__ import annotations

from types import SimpleNamespace

from fossdash.charts.surveys import distribution_chart
from fossdash.metrics.surveys import Distribution


def test_the_statements_chart_stacks_outward_from_the_centre():
    round_ = SimpleNamespace(items=[("q1", "I feel positive about the change")])
    # 10 answers: 1 strongly disagree, 2 disagree, 4 neither, 2 agree, 1 strongly agree.
    chart = distribution_chart(round_, Distribution({"q1": [1, 2, 4, 2, 1]}, [0] * 11))
    traces = chart.figure()["data"]
    order = [(t["name"], round(t["x"][0])) for t in traces]
    assert order == [("Neither agree nor disagree", -20), ("Neither agree nor disagree", 20), ("Disagree", -20),
                     ("Strongly disagree", -10), ("Agree", 20), ("Strongly agree", 10)]
    assert [t["legendrank"] for t in traces if t.get("showlegend", True)] == [3, 2, 1, 4, 5]
    assert [row[1:] for row in chart.table.rows] == [[1, 2, 4, 2, 1, 10]]
