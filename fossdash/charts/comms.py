"""The communication plan per month: actions planned (by the month they are due) and done (by the
month they were done) as side-by-side bars, and people reached as a line with square markers on
its own axis, with the project's milestones marked as numbered dashed lines. Bars are told apart
by pattern as well as colour; the line by its shape. The same figures are in the data table."""
from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, day_text, figure_json, milestone_lines
from fossdash.metrics.comms import Month, PerMonth
from fossdash.metrics.milestones import Mark

MIN_SLOTS = 8


_day = day_text


def milestone_x(months: list[Month], day: date) -> float | None:
    m = Month.of(day)
    if not months or m < months[0] or m > months[-1]:
        return None
    return months.index(m) - 0.5 + m.position(day)


def per_month_chart(data: PerMonth, marks: list[Mark]) -> Chart:
    months = data.months
    xs = list(range(len(months)))
    ticktext = [f"{m.start.strftime('%b')}<br>{m.year}" for m in months]
    custom = [[m.label] for m in months]
    traces = [
        go.Bar(name="Actions planned (due that month)", x=xs, y=data.planned, customdata=custom,
               marker={"color": colour(0), "line": {"color": BLACK, "width": 1}},
               hovertemplate="%{customdata[0]}<br>Planned: %{y:,d}<extra></extra>"),
        go.Bar(name="Actions done", x=xs, y=data.done, customdata=custom,
               marker={"color": colour(1), "line": {"color": BLACK, "width": 1},
                       "pattern": {"shape": "/", "fgcolor": "#ffffff", "size": 8, "solidity": 0.3,
                                   "fillmode": "overlay"}},
               hovertemplate="%{customdata[0]}<br>Done: %{y:,d}<extra></extra>"),
        go.Scatter(name="People reached (right-hand scale)", x=xs, y=data.reached, yaxis="y2", customdata=custom,
                   mode="lines+markers", line={"color": colour(2), "width": 3},
                   marker={"symbol": "square", "size": 9, "color": colour(2)},
                   hovertemplate="%{customdata[0]}<br>People reached: %{y:,d}<extra></extra>"),
    ]
    shown = [(m, milestone_x(months, m.on)) for m in marks]
    inside = [(m, x) for m, x in shown if x is not None]
    outside = [m for m, x in shown if x is None]
    shapes, annotations = milestone_lines(inside)
    if inside:
        traces.append(go.Scatter(x=[None], y=[None], mode="lines", name="Milestone (numbered below)",
                                 line={"color": BLACK, "width": 2, "dash": "dash"}, hoverinfo="skip"))
    peak = max(data.planned + data.done, default=0)
    pad = max(MIN_SLOTS - len(xs), 0) / 2
    bottom = 70 + 24 * 2
    layout = base_layout(
        barmode="group", bargap=0.25, height=380 + bottom, margin={"t": 40 if inside else 16, "b": bottom, "r": 64},
        xaxis={"tickmode": "array", "tickvals": xs, "ticktext": ticktext, "range": [-0.5 - pad, len(xs) - 0.5 + pad]},
        yaxis={"title": {"text": "Number of actions", "font": {"size": 14}}, "dtick": 1 if peak <= 8 else None},
        yaxis2={"title": {"text": "People reached", "font": {"size": 14}}, "overlaying": "y", "side": "right",
                "rangemode": "tozero", "fixedrange": True, "showgrid": False, "tickformat": ",d",
                "tickfont": {"size": 14}},
        shapes=shapes, annotations=annotations,
    )
    fig = go.Figure(data=traces, layout=layout)
    key = [f"{m.title} ({_day(m.on)}{', an illustrative date' if m.illustrative else ''})" for m, _x in inside]
    notes = [f"Not shown: {m.title} ({_day(m.on)}), outside the period charted." for m in outside]
    return Chart(figure_json(fig), _label(data, inside), _table(data), notes, key, "Milestones (dashed lines)")


def _label(data: PerMonth, inside) -> str:
    if not data.months:
        return "No communication actions to chart."
    planned, done, reached = data.totals
    text = (f"Bar chart of communication actions per month, from {data.months[0].label} to {data.months[-1].label}: "
            f"{planned:,} planned and {done:,} done, with a line of the {reached:,} people they reached.")
    if inside:
        marks = "; ".join(f"{n}, {m.title} ({_day(m.on)})" for n, (m, _x) in enumerate(inside, start=1))
        text += f" Numbered dashed lines mark {len(inside)} milestone{'s' if len(inside) != 1 else ''}: {marks}."
    return text + " The same figures are in the table below the chart."


def _table(data: PerMonth) -> Table:
    rows = [[m.label.replace(" ", "\u00a0"), p, d, r]
            for m, p, d, r in zip(data.months, data.planned, data.done, data.reached)]
    planned, done, reached = data.totals
    return Table("Communication actions planned and done, and people reached, per month",
                 ["Month", "Planned (due)", "Done", "People reached"], rows, [False, True, True, True],
                 ["Total", planned, done, reached] if rows else None)
