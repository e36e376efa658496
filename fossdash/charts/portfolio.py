"""Portfolio charts, each with its table: the evidence index per project per quarter, morale per
project per survey round (under k: not drawn, "[x]" in the table) and concerns per quarter
across the portfolio. Where a single project is shown, its milestones are marked."""
from __future__ import annotations

import textwrap
from typing import Any, Sequence

import plotly.graph_objects as go

from fossdash.charts.base import Chart, Table, base_layout, colour, day_text, figure_json, milestone_lines, plain
from fossdash.metrics.periods import Quarter

SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "triangle-down", "hexagon"]
DASHES = ["solid", "dot", "dash", "longdash", "dashdot"]


def _fmt(v: float | None) -> str:
    return "No evidence" if v is None else f"{v:.0f}"


def _marks_on_quarters(marks: Sequence[Any], quarters: list[Quarter]) -> list[tuple[Any, float]]:
    out = []
    for m in marks:
        for i, q in enumerate(quarters):
            if q.start <= m.on < q.end:
                out.append((m, i - 0.5 + q.position(m.on)))
    return out


def _key(marks: Sequence[Any]) -> list[str]:
    return [f"{m.title} ({day_text(m.on)}{', an illustrative date' if getattr(m, 'illustrative', False) else ''})"
            for m in marks]


LEGEND_WIDTH = 34  # characters of a project's name on one line of the legend (a phone's width)


def _legend_name(name: str) -> str:
    """A project's name for the legend, on as many lines as it needs: plotly never wraps a legend
    entry, and a long one ran off a phone's screen."""
    return "<br>".join(plain(line) for line in textwrap.wrap(name, LEGEND_WIDTH)) or plain(name)


def _one_project_a_line(traces: Sequence[Any], plot_height: int) -> dict:
    """The legend one project a line (base_layout puts it at the foot of the figure), and a bottom
    margin sized for it (a long name takes two lines)."""
    bottom = 60 + 22 * sum(1 + str(t.name).count("<br>") for t in traces)
    return {"height": plot_height + bottom, "margin": {"t": 40, "b": bottom}, "legend": {"orientation": "v"}}


def _project_style(n: int) -> dict:
    """The marker and line of the portfolio's n-th project, the same in every chart of the page."""
    return {"marker": {"symbol": SYMBOLS[n % len(SYMBOLS)], "size": 9, "color": colour(n)},
            "line": {"color": colour(n), "width": 2, "dash": DASHES[(n // len(SYMBOLS)) % len(DASHES)]}}


def index_chart(projects: Sequence[Any], quarters: list[Quarter], index: dict[int, list[float | None]],
                marks: Sequence[Any] = ()) -> Chart:
    xs = list(range(len(quarters)))
    traces = []
    for n, p in enumerate(projects):
        traces.append(go.Scatter(
            name=_legend_name(p.name), x=xs, y=index.get(p.id, []), mode="lines+markers", connectgaps=False,
            **_project_style(n), hovertemplate=plain(p.name) + ": %{y:.0f}<extra></extra>"))
    placed = _marks_on_quarters(marks, quarters)
    shapes, annotations = milestone_lines(placed)
    layout = base_layout(**_one_project_a_line(traces, 340), shapes=shapes, annotations=annotations,
                         xaxis={"tickmode": "array", "tickvals": xs, "ticktext": [q.short for q in quarters],
                                "range": [-0.5, len(quarters) - 0.5]},
                         yaxis={"range": [0, 100], "rangemode": "normal", "tickformat": "d",
                                "title": {"text": "Evidence index (0 to 100)", "font": {"size": 14}}})
    fig = go.Figure(data=traces, layout=layout)
    rows = [[p.name, *[_fmt(v) for v in index.get(p.id, [])]] for p in projects]
    table = Table("Evidence index per project at the end of each quarter (the current quarter: today)",
                  ["Project", *[q.label for q in quarters]], rows, [False] + [True] * len(quarters))
    label = ("Line chart of each project's evidence readiness index, 0 to 100, at the end of each of the last "
             f"{len(quarters)} quarters" + (", with the project's milestones as numbered dashed lines" if placed else "")
             + ". The table below has the same figures.")
    notes = ["A quarter with no evidence from the records leaves a gap in the line: no evidence is not zero."]
    return Chart(figure_json(fig), label, table, notes, _key([m for m, _ in placed]), "Milestones (dashed lines)")


def morale_chart(points: Sequence[Any], marks: Sequence[Any] = (), portfolio: Sequence[Any] = ()) -> Chart:
    """`portfolio`: the page's projects in order (as index_chart has them), so that each project has
    the same colour and marker in both charts, and the legends the same order."""
    place = {p.id: n for n, p in enumerate(portfolio)}
    projects: dict[int, Any] = {}
    for pt in points:
        projects.setdefault(pt.project.id, pt.project)
    ordered = sorted(projects.values(), key=lambda p: place.get(p.id, len(place)))
    traces = []
    for n, p in enumerate(ordered):
        shown = [pt for pt in points if pt.project.id == p.id and pt.morale is not None]
        traces.append(go.Scatter(
            name=_legend_name(p.name), x=[pt.closes_on.isoformat() for pt in shown], y=[pt.morale for pt in shown],
            mode="lines+markers", **_project_style(place.get(p.id, len(place) + n)),
            customdata=[plain(pt.title) for pt in shown],
            hovertemplate=plain(p.name) + ", %{customdata}: %{y:.0f}<extra></extra>"))
    days = [pt.closes_on for pt in points]
    inside = [m for m in marks if days and min(days) <= m.on <= max(days)]
    shapes, annotations = milestone_lines([(m, m.on.isoformat()) for m in inside])
    layout = base_layout(**_one_project_a_line(traces, 320), shapes=shapes, annotations=annotations,
                         xaxis={"type": "date"},
                         yaxis={"range": [0, 100], "rangemode": "normal", "tickformat": "d",
                                "title": {"text": "Morale index (0 to 100)", "font": {"size": 14}}})
    fig = go.Figure(data=traces, layout=layout)
    rows = [[pt.project.name, pt.title, day_text(pt.closes_on), "[x]" if pt.n is None else pt.n,
             "[x]" if pt.morale is None else f"{pt.morale:.0f}"] for pt in points]
    table = Table("Morale index per project per survey round", ["Project", "Round", "Closes", "Answers",
                                                                 "Morale index"], rows, [False, False, False, True, True])
    label = ("Line chart of the morale index, 0 to 100, of each project's survey rounds by the date each closes. "
             "The table below has the same figures.")
    notes = []
    if any(pt.n is None for pt in points):
        notes.append("[x]: a round with fewer answers than its project's anonymity threshold shows nothing; "
                     "it is left out of the chart.")
    return Chart(figure_json(fig), label, table, notes, _key(inside), "Milestones (dashed lines)")


def concerns_chart(quarters: list[Quarter], counts: list[int], marks: Sequence[Any] = ()) -> Chart:
    xs = list(range(len(quarters)))
    fig_data = [go.Bar(name="Concerns raised", x=xs, y=counts, marker={"color": colour(0)},
                       hovertemplate="%{y:,d} concerns<extra></extra>")]
    placed = _marks_on_quarters(marks, quarters)
    shapes, annotations = milestone_lines(placed)
    layout = base_layout(height=420, margin={"t": 40, "b": 80}, showlegend=False, shapes=shapes,
                         annotations=annotations,
                         xaxis={"tickmode": "array", "tickvals": xs, "ticktext": [q.short for q in quarters]},
                         yaxis={"title": {"text": "Concerns raised", "font": {"size": 14}},
                                **({"dtick": 1} if max(counts, default=0) < 5 else {})})
    fig = go.Figure(data=fig_data, layout=layout)
    rows: list[list[Any]] = [[q.label, n] for q, n in zip(quarters, counts)]
    table = Table("Concerns raised per quarter across the portfolio", ["Quarter", "Concerns raised"], rows,
                  [False, True], foot=["Total", sum(counts)])
    label = "Bar chart of the concerns raised in each quarter across the projects shown. The table below has the same figures."
    return Chart(figure_json(fig), label, table, [], _key([m for m, _ in placed]), "Milestones (dashed lines)")

