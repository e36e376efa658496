"""Pulse survey charts: morale index and eNPS per round with the milestones marked, and each item's
answers as a diverging stacked bar (disagree left, agree right). Each with its data table."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, figure_json, plain
from fossdash.metrics.milestones import Mark
from fossdash.metrics.suppression import HIDDEN
from fossdash.metrics.surveys import Distribution
from fossdash.surveys.models import SCALE

# Diverging: two blues for disagree, grey for neither, two turquoise/greens for agree.
SCALE_COLOURS = ["#12436D", "#6E8DB4", "#B1B4B6", "#7FC5BE", "#28A197"]


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _fmt(v: float | None) -> str:
    return "[x]" if v is None else f"{v:.0f}"


@dataclass(frozen=True)
class _Point:
    title: str
    opens_on: date
    closes_on: date
    shown: bool
    n: int
    participation: float | None
    morale: float | None
    enps: float | None


def trend_chart(points, marks: list[Mark]) -> Chart:
    """Morale index and eNPS per round (the rounds' TrendPoints) with the milestones marked. Drawn
    once for the same figures (`_trend`, a pure function of them): the chart changes only when
    a release, a new round or a milestone changes what it shows."""
    plain_points = tuple(_Point(p.round.title, p.round.opens_on, p.round.closes_on, bool(p.stats.shown), p.stats.n,
                                p.stats.participation, p.stats.morale, p.stats.enps) for p in points)
    return _trend(plain_points, tuple(marks))


@lru_cache(maxsize=256)
def _trend(points: tuple[_Point, ...], marks: tuple[Mark, ...]) -> Chart:
    shown = [p for p in points if p.shown]
    xs = [p.closes_on.isoformat() for p in shown]
    names = [plain(p.title) for p in shown]
    traces = [
        go.Scatter(name="Morale index (0 to 100)", x=xs, y=[p.morale for p in shown], mode="lines+markers",
                   marker={"symbol": "circle", "size": 10, "color": colour(0)}, line={"color": colour(0), "width": 3},
                   customdata=names, hovertemplate="%{customdata}: morale %{y:.0f}<extra></extra>"),
        go.Scatter(name="eNPS (-100 to 100)", x=xs, y=[p.enps for p in shown], mode="lines+markers",
                   marker={"symbol": "square", "size": 10, "color": colour(2)},
                   line={"color": colour(2), "width": 3, "dash": "dot"},
                   customdata=names, hovertemplate="%{customdata}: eNPS %{y:.0f}<extra></extra>"),
    ]
    first = min((p.opens_on for p in points), default=None)
    last = max((p.closes_on for p in points), default=None)
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
    rows = [[p.title, _day(p.closes_on),
             "[x]" if not p.shown else p.n,
             "[x]" if p.participation is None else f"{p.participation:.0%}",
             _fmt(p.morale), _fmt(p.enps)] for p in points]
    table = Table("Morale index and eNPS per survey round", ["Round", "Closing date", "Answers", "Participation",
                                                              "Morale index", "eNPS"],
                  rows, [False, False, True, True, True, True])
    key = [f"{mk.title} ({_day(mk.on)}{', an illustrative date' if mk.illustrative else ''})" for mk in inside]
    label = ("Line chart of the morale index and eNPS for each survey round, by the date it closed, with the "
             "project's milestones as numbered dashed lines. The table below has the same figures.")
    notes = ["Rounds with too few answers to show are left out of the chart and shown as [x] in the table."] \
        if len(shown) < len(points) else []
    return Chart(figure_json(fig), label, table, notes, key, "Milestones (dashed lines)")


def _wrap(text: str, width: int = 26) -> str:
    """Break a statement into lines of about `width` characters for the axis (escaped first)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _shares(dist: Distribution, round_, v: int) -> list[float | None]:
    """The share (%) of each statement's answers that gave v + 1 (0-based v); None where hidden."""
    return [None if (counts := dist.items[c]) is None else 100 * counts[v] / (sum(counts) or 1)
            for c, _ in round_.items]


def _neg(xs: list[float | None]) -> list[float | None]:
    return [None if x is None else -x for x in xs]


def distribution_chart(round_, dist: Distribution, k: int) -> Chart:
    """`dist` as metrics.surveys.distribution gives it: a statement answered by fewer than k people
    has no bar, and "[x]" in the table."""
    statements = [_wrap(plain(s)) for _, s in round_.items]

    def bar(v: int, xs: list[float | None], show: bool = True) -> go.Bar:
        return go.Bar(name=SCALE[v + 1], showlegend=show, legendrank=v + 1, y=statements, x=xs, orientation="h",
                      marker={"color": SCALE_COLOURS[v], "line": {"color": "#ffffff", "width": 1},
                              "pattern": {"shape": "/" if v < 2 else ""}},
                      customdata=[None if x is None else abs(x) * (2 if v == 2 else 1) for x in xs],
                      hovertemplate=f"%{{y}}: {SCALE[v + 1].lower()} %{{customdata:.0f}}%<extra></extra>")

    # A relative bar stacks each side outward in trace order: "neither" straddles the centre line
    # (half each side), then disagree and strongly disagree to the left, agree and strongly agree
    # to the right. The legend keeps the scale's order (legendrank).
    half = [None if x is None else x / 2 for x in _shares(dist, round_, 2)]
    traces = [
        bar(2, _neg(half), show=False), bar(2, half),
        bar(1, _neg(_shares(dist, round_, 1))), bar(0, _neg(_shares(dist, round_, 0))),
        bar(3, _shares(dist, round_, 3)), bar(4, _shares(dist, round_, 4)),
    ]
    # The legend sits at the foot of the figure (base_layout), below the axis title; it wraps at narrow widths.
    layout = base_layout(barmode="relative", height=200 + 70 * len(statements), margin={"l": 16, "b": 170},
                         xaxis={"range": [-100, 100], "tickvals": [-100, -50, 0, 50, 100],
                                "ticktext": ["100", "50", "0", "50", "100"],
                                "title": {"text": "← disagree (%)   agree (%) →", "font": {"size": 14}}},
                         yaxis={"automargin": True, "autorange": "reversed", "tickformat": ""})
    fig = go.Figure(data=traces, layout=layout)
    rows = []
    for col, statement in round_.items:
        counts = dist.items[col]
        rows.append([statement, *(counts + [sum(counts)] if counts is not None else [HIDDEN] * (len(SCALE) + 1))])
    table = Table("Answers to each statement", ["Statement", *SCALE.values(), "Answered"], rows,
                  [False, True, True, True, True, True, True])
    label = ("Diverging bar chart: for each statement, the share who disagree to the left of the centre line "
             "and who agree to the right. The table below has the counts.")
    notes = [f"{HIDDEN}: answered by fewer than {k} people, so not shown (and not drawn): with so few, someone "
             "could be picked out."] if any(dist.items[c] is None for c, _ in round_.items) else []
    return Chart(figure_json(fig), label, table, notes)
