"""Pulse survey charts: morale index and eNPS per round with the milestones marked, and each item's
answers as a diverging stacked bar (disagree left, agree right). Each with its data table."""
from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, figure_json, plain
from fossdash.metrics.milestones import Mark
from fossdash.metrics.surveys import Distribution
from fossdash.surveys.models import SCALE

# Diverging: two blues for disagree, grey for neither, two turquoise/greens for agree.
SCALE_COLOURS = ["#12436D", "#6E8DB4", "#B1B4B6", "#7FC5BE", "#28A197"]


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _fmt(v: float | None) -> str:
    return "[x]" if v is None else f"{v:.0f}"


def trend_chart(points, marks: list[Mark]) -> Chart:
    shown = [p for p in points if p.stats.shown]
    xs = [p.round.closes_on.isoformat() for p in shown]
    names = [plain(p.round.title) for p in shown]
    traces = [
        go.Scatter(name="Morale index (0 to 100)", x=xs, y=[p.stats.morale for p in shown], mode="lines+markers",
                   marker={"symbol": "circle", "size": 10, "color": colour(0)}, line={"color": colour(0), "width": 3},
                   customdata=names, hovertemplate="%{customdata}: morale %{y:.0f}<extra></extra>"),
        go.Scatter(name="eNPS (-100 to 100)", x=xs, y=[p.stats.enps for p in shown], mode="lines+markers",
                   marker={"symbol": "square", "size": 10, "color": colour(2)},
                   line={"color": colour(2), "width": 3, "dash": "dot"},
                   customdata=names, hovertemplate="%{customdata}: eNPS %{y:.0f}<extra></extra>"),
    ]
    first = min((p.round.opens_on for p in points), default=None)
    last = max((p.round.closes_on for p in points), default=None)
    inside = [mk for mk in marks if first and last and first <= mk.on <= last]
    shapes, annotations = [], []
    for n, mk in enumerate(inside, start=1):
        x = mk.on.isoformat()
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"color": BLACK, "width": 2, "dash": "dash"}, "layer": "above"})
        annotations.append({"x": x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                            "text": f"<b>{n}</b>", "font": {"size": 14, "color": BLACK}, "bgcolor": "#ffffff",
                            "bordercolor": BLACK, "borderwidth": 2, "borderpad": 2})
    layout = base_layout(height=440, margin={"t": 40, "b": 110},
                         xaxis={"type": "date"},
                         yaxis={"range": [-100, 100], "rangemode": "normal", "tickformat": "d",
                                "title": {"text": "Score", "font": {"size": 14}}},
                         shapes=shapes, annotations=annotations)
    fig = go.Figure(data=traces, layout=layout)
    rows = [[p.round.title, _day(p.round.closes_on),
             "[x]" if not p.stats.shown else p.stats.n,
             "[x]" if p.stats.participation is None else f"{p.stats.participation:.0%}",
             _fmt(p.stats.morale), _fmt(p.stats.enps)] for p in points]
    table = Table("Morale index and eNPS per survey round", ["Round", "Closed", "Answers", "Participation",
                                                              "Morale index", "eNPS"],
                  rows, [False, False, True, True, True, True])
    key = [f"{mk.title} ({_day(mk.on)}{', an illustrative date' if mk.illustrative else ''})" for mk in inside]
    label = ("Line chart of the morale index and eNPS for each survey round, by the date it closed, with the "
             "project's milestones as numbered dashed lines. The table below has the same figures.")
    notes = ["Rounds with too few answers to show are left out of the chart and shown as [x] in the table."] \
        if len(shown) < len(points) else []
    return Chart(figure_json(fig), label, table, notes, key, "Milestones (dashed lines)")


def distribution_chart(round_, dist: Distribution) -> Chart:
    statements = [plain(s) for _, s in round_.items]
    traces = []
    for v in range(5):
        shares = []
        for col, _ in round_.items:
            counts = dist.items[col]
            n = sum(counts) or 1
            share = 100 * counts[v] / n
            shares.append(-share if v < 2 else share if v > 2 else 0)
        if v == 2:
            # Neither: split across the middle line, half each side.
            for side in (-1, 1):
                traces.append(go.Bar(name=SCALE[3] if side == 1 else None, showlegend=side == 1, y=statements,
                                     x=[side * 50 * dist.items[c][2] / (sum(dist.items[c]) or 1)
                                        for c, _ in round_.items],
                                     orientation="h", marker={"color": SCALE_COLOURS[2],
                                                              "line": {"color": "#ffffff", "width": 1}},
                                     hovertemplate="%{y}: neither %{x:.0f}%<extra></extra>"))
            continue
        traces.append(go.Bar(name=SCALE[v + 1], y=statements, x=shares, orientation="h",
                             marker={"color": SCALE_COLOURS[v], "line": {"color": "#ffffff", "width": 1},
                                     "pattern": {"shape": "/" if v < 2 else ""}},
                             hovertemplate="%{y}: %{x:.0f}%<extra></extra>"))
    order = [0, 1, 2, 3, 4, 5]
    traces = [traces[i] for i in order]
    # The legend sits at the foot of the figure, below the axis title (it wraps at narrow widths).
    layout = base_layout(barmode="relative", height=180 + 60 * len(statements), margin={"l": 16, "b": 170},
                         legend={"yref": "container", "y": 0, "yanchor": "bottom"},
                         xaxis={"range": [-100, 100], "tickvals": [-100, -50, 0, 50, 100],
                                "ticktext": ["100%", "50%", "0", "50%", "100%"],
                                "title": {"text": "← disagree   % of answers   agree →", "font": {"size": 14}}},
                         yaxis={"automargin": True, "autorange": "reversed", "tickformat": ""})
    fig = go.Figure(data=traces, layout=layout)
    rows = []
    for col, statement in round_.items:
        counts = dist.items[col]
        rows.append([statement, *counts, sum(counts)])
    table = Table("Answers to each statement", ["Statement", *SCALE.values(), "Answered"], rows,
                  [False, True, True, True, True, True, True])
    label = ("Diverging bar chart: for each statement, the share who disagree to the left of the centre line "
             "and who agree to the right. The table below has the counts.")
    return Chart(figure_json(fig), label, table)
