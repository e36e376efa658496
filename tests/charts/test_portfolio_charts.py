"""The portfolio's trend charts at a phone's width: the quarters' labels turn and need room, so the
legend (one project a line) sits at the foot of the figure in a margin of its own, never over them."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from fossdash.charts import portfolio as charts
from fossdash.metrics.periods import Quarter

pytestmark = pytest.mark.usefixtures("backend")


def _projects(n: int):
    return [SimpleNamespace(id=i, name=f"Project {i}") for i in range(1, n + 1)]


@pytest.mark.parametrize("n", [1, 9])
def test_the_index_chart_keeps_its_legend_below_the_axis_labels(n):
    quarters = [Quarter.of(date(2026, m, 1)) for m in (1, 4, 7, 10)]
    chart = charts.index_chart(_projects(n), quarters, {i: [50.0, 60.0, None, 70.0] for i in range(1, n + 1)})
    layout = chart.figure()["layout"]
    assert layout["xaxis"]["automargin"] is True  # the turned labels push the plot up
    assert layout["legend"]["yref"] == "container" and layout["legend"]["y"] == 0
    assert layout["margin"]["b"] >= 22 * n + 60  # a line per project, and room for the labels
    assert layout["height"] - layout["margin"]["b"] >= 300  # the plot keeps its height


def test_the_morale_chart_keeps_its_legend_below_the_axis_labels():
    points = [SimpleNamespace(project=p, closes_on=date(2026, 3, 31), morale=60.0, title="Spring", n=12)
              for p in _projects(4)]
    layout = charts.morale_chart(points).figure()["layout"]
    assert layout["legend"]["yref"] == "container"
    assert layout["margin"]["b"] >= 22 * 4 + 60
