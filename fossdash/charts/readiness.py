"""Readiness over time: each dimension's self-assessed score (1 to 5) at every whole-project
assessment of one framework, one line per dimension, with the project's milestones marked as
numbered dashed lines. Lines differ by dash and marker shape as well as colour; the y axis says
the RAG word beside each score. The table has the same scores with their RAG words."""
from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from fossdash.charts.base import (
    BLACK,
    Chart,
    Table,
    base_layout,
    colour,
    day_text,
    figure_json,
    milestone_lines,
    milestone_window,
)
from fossdash.metrics import readiness as rules
from fossdash.metrics.milestones import Mark

DASHES = ["solid", "dot", "dash", "longdash", "dashdot", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "triangle-down"]
# Light bands behind the lines: red 1–2, amber 3, green 4–5 (the axis says the words too).
SPREAD = 0.06  # the vertical gap between lines at the same score
BANDS = [(0.5, 2.5, "#f4cccc"), (2.5, 3.5, "#fff2c4"), (3.5, 5.5, "#d3eadb")]


def _short(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def _cell(score: int | None) -> str:
    r = rules.rag(score)
    return "Not scored" if r is None else f"{score} ({r.word})"


def _window(dates: list[date], marks: list[Mark], today: date):
    """The milestones drawn (within a year of the assessments, up to today), those left out, and
    the range drawn."""
    first = dates[0] if dates else today
    last = max(dates[-1], today) if dates else today
    inside, earlier, later, lo, hi = milestone_window(marks, first, last, timedelta(days=366))
    return inside, earlier + later, lo, hi


def history_chart(framework: str, assessments: list, marks: list[Mark], today: date) -> Chart:
    """`assessments`: the framework's whole-project assessments, oldest first (each with
    `assessed_on` and `score_map`)."""
    dims = rules.DIMENSIONS[framework]
    dates = [a.assessed_on for a in assessments]
    inside, outside, lo, hi = _window(dates, marks, today)
    xs = [d.isoformat() for d in dates]
    traces = []
    for i, (dim, label) in enumerate(dims.items()):
        scores = [a.score_map.get(dim) for a in assessments]
        words = [_cell(y) for y in scores]
        # Each line sits a little above or below its score so lines at the same score stay visible
        # (the hover text, the table and the axis give the score itself).
        shift = (i - (len(dims) - 1) / 2) * SPREAD
        ys = [None if y is None else y + shift for y in scores]
        traces.append(go.Scatter(
            name=label, x=xs, y=ys, mode="lines+markers", customdata=[[label, w] for w in words],
            line={"color": colour(i), "width": 3, "dash": DASHES[i % len(DASHES)]},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 11, "color": colour(i),
                    "line": {"color": BLACK, "width": 1}},
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>"))
    bands = [{"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y0, "y1": y1,
              "fillcolor": fill, "line": {"width": 0}, "layer": "below"} for y0, y1, fill in BANDS]
    figure, key, notes = _over_time(traces, inside, outside, lo, hi, bands, {
        "title": {"text": "Self-assessed score", "font": {"size": 14}}, "range": [0.5, 5.5],
        "tickmode": "array", "tickvals": [1, 2, 3, 4, 5], "ticktext": ["1 Red", "2 Red", "3 Amber", "4 Green", "5 Green"]})
    return Chart(figure, _label(framework, assessments, inside), _table(framework, assessments), notes, key,
                 "Milestones (dashed lines)")


def _label(framework: str, assessments: list, inside: list[Mark]) -> str:
    name = rules.FRAMEWORKS[framework]
    if not assessments:
        return f"Line chart of {name} readiness scores: no assessments yet."
    text = (f"Line chart of the self-assessed readiness score (1 to 5; 1 and 2 red, 3 amber, 4 and 5 green) of each "
            f"{name} dimension at {len(assessments)} assessment{'s' if len(assessments) != 1 else ''}, from "
            f"{day_text(assessments[0].assessed_on)} to {day_text(assessments[-1].assessed_on)}, one line per dimension (lines at the same score are drawn slightly apart).")
    if inside:
        marks = "; ".join(f"{n}, {m.title} ({day_text(m.on)})" for n, m in enumerate(inside, start=1))
        text += f" Numbered dashed lines mark {len(inside)} milestone{'s' if len(inside) != 1 else ''}: {marks}."
    return text + " The same scores are in the table below the chart."


def _table(framework: str, assessments: list) -> Table:
    dims = rules.DIMENSIONS[framework]
    head = ["Date", *dims.values()]
    adkar = framework == rules.ADKAR
    if adkar:
        head.append("Barrier point")
    rows = []
    for a in assessments:
        row = [_short(a.assessed_on).replace(" ", "\u00a0")] + [_cell(a.score_map.get(k)) for k in dims]
        if adkar:
            row.append(a.barrier_label or "None")
        rows.append(row)
    return Table(f"{rules.FRAMEWORKS[framework]} scores at each whole-project assessment", head, rows,
                 [False] * len(head))


def _evidence_cell(value: float | None) -> str:
    r = rules.evidence_rag(value)
    return "No evidence" if r is None else f"{value:g} ({r.word})"


def evidence_chart(framework: str, points: list, marks: list[Mark], today: date) -> Chart:
    """The evidence for each dimension (0 to 100) at the dates of the framework's assessments:
    `points` is [(date, {dimension: evidence or None})], oldest first. A dimension with no
    evidence at a date leaves a gap (never a 0)."""
    dims = rules.DIMENSIONS[framework]
    dates = [d for d, _ev in points]
    inside, outside, lo, hi = _window(dates, marks, today)
    xs = [d.isoformat() for d in dates]
    traces = []
    for i, (dim, label) in enumerate(dims.items()):
        ys = [ev.get(dim) for _d, ev in points]
        traces.append(go.Scatter(
            name=label, x=xs, y=ys, mode="lines+markers", connectgaps=False,
            customdata=[[label, _evidence_cell(y)] for y in ys],
            line={"color": colour(i), "width": 3, "dash": DASHES[i % len(DASHES)]},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 11, "color": colour(i),
                    "line": {"color": BLACK, "width": 1}},
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>"))
    bands = [{"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y0, "y1": y1,
              "fillcolor": fill, "line": {"width": 0}, "layer": "below"}
             for y0, y1, fill in ((0, 50, BANDS[0][2]), (50, 75, BANDS[1][2]), (75, 100, BANDS[2][2]))]
    figure, key, notes = _over_time(traces, inside, outside, lo, hi, bands, {
        "title": {"text": "Evidence (0 to 100)", "font": {"size": 14}}, "range": [-4, 104], "tickmode": "array",
        "tickvals": [0, 25, 50, 75, 100], "ticktext": ["0 Red", "25 Red", "50 Amber", "75 Amber", "100 Green"]})
    name = rules.FRAMEWORKS[framework]
    if points:
        label = (f"Line chart of the evidence (0 to 100; under 50 red, 50 to 75 amber, over 75 green) for each {name} "
                 f"dimension at the dates of its {len(points)} assessment{'s' if len(points) != 1 else ''}, from "
                 f"{day_text(dates[0])} to {day_text(dates[-1])}; a dimension with no evidence has a gap.")
        if inside:
            marked = "; ".join(f"{n}, {m.title} ({day_text(m.on)})" for n, m in enumerate(inside, start=1))
            label += f" Numbered dashed lines mark {len(inside)} milestone{'s' if len(inside) != 1 else ''}: {marked}."
        label += " The same figures are in the table below the chart."
    else:
        label = f"Line chart of the evidence for each {name} dimension: no assessments yet."
    head = ["Date", *dims.values()]
    rows = [[_short(d).replace(" ", "\u00a0")] + [_evidence_cell(ev.get(k)) for k in dims] for d, ev in points]
    table = Table(f"Evidence for each {name} dimension at the dates of the assessments", head, rows,
                  [False] * len(head))
    return Chart(figure, label, table, notes, key, "Milestones (dashed lines)")


def _over_time(traces: list, inside: list[Mark], outside: list[Mark], lo: date, hi: date, bands: list[dict],
               yaxis: dict) -> tuple:
    """(figure JSON, milestone key, notes) of a chart of dimensions over time: the RAG `bands`
    behind, the milestones in the period as numbered dashed lines (a legend entry for them), those
    outside it named in a note."""
    shapes, annotations = milestone_lines([(m, m.on.isoformat()) for m in inside])
    if inside:
        traces = traces + [go.Scatter(x=[None], y=[None], mode="lines", name="Milestone (numbered below)",
                                      line={"color": BLACK, "width": 2, "dash": "dash"}, hoverinfo="skip")]
    bottom = 60 + 22 * len(traces)
    pad = timedelta(days=14)
    layout = base_layout(
        height=340 + bottom, margin={"t": 40 if inside else 16, "b": bottom, "l": 110},
        xaxis={"type": "date", "range": [(lo - pad).isoformat(), (hi + pad).isoformat()], "tickformat": "%b %Y"},
        yaxis={**yaxis, "rangemode": "normal", "zeroline": False},
        shapes=bands + shapes, annotations=annotations,
        legend={"orientation": "v"},
        hovermode="x unified")
    key = [f"{m.title} ({day_text(m.on)}{', an illustrative date' if m.illustrative else ''})" for m in inside]
    notes = [f"Not shown: {m.title} ({day_text(m.on)}), outside the period charted." for m in outside]
    return figure_json(go.Figure(data=traces, layout=layout)), key, notes
