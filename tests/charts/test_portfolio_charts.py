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


def test_a_project_has_the_same_colour_and_marker_in_both_trend_charts():
    """The evidence chart draws every project; the morale chart only those with rounds. Each project
    keeps the look it has in the first, and the legends keep the portfolio's order."""
    projects = _projects(5)
    quarters = [Quarter.of(date(2026, m, 1)) for m in (1, 4)]
    index = charts.index_chart(projects, quarters, {p.id: [50.0, 60.0] for p in projects}).figure()["data"]
    with_rounds = [projects[3], projects[1]]  # the morale chart meets project 4 before project 2
    points = [SimpleNamespace(project=p, closes_on=date(2026, 3, 31), morale=60.0, title="Spring", n=12)
              for p in with_rounds]
    morale = charts.morale_chart(points, portfolio=projects).figure()["data"]
    assert [t["name"] for t in morale] == ["Project 2", "Project 4"]
    look = {t["name"]: (t["marker"]["color"], t["marker"]["symbol"], t["line"]["dash"]) for t in index}
    assert all((t["marker"]["color"], t["marker"]["symbol"], t["line"]["dash"]) == look[t["name"]] for t in morale)


def test_a_long_project_name_takes_two_lines_of_the_legend_and_its_room():
    """Plotly never wraps a legend entry: a long name is broken at a space, so it does not run off a
    phone's screen, and the margin holds the extra line."""
    projects = [SimpleNamespace(id=1, name="Your Homes Newcastle: tenants and housing officers"),
                SimpleNamespace(id=2, name="Kent <Gateway>")]
    quarters = [Quarter.of(date(2026, m, 1)) for m in (1, 4)]
    figure = charts.index_chart(projects, quarters, {1: [50.0, 60.0], 2: [40.0, 45.0]}).figure()
    names = [t["name"] for t in figure["data"]]
    assert names == ["Your Homes Newcastle: tenants and<br>housing officers", "Kent &lt;Gateway&gt;"]
    assert figure["layout"]["margin"]["b"] >= 60 + 22 * 3
