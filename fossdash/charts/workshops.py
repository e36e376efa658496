"""A workshop's priorities as a scatter chart: the first group's score (x, 0 to 1) against the
second group's (y), the "high" threshold drawn on both axes so the four quadrants show, each
quadrant named (shared, first group only, second group only, neither), and every point numbered,
the numbers keyed under the chart and in the table beside it. Points in one place share a label.
Quadrant is shown by marker shape as well as colour."""
from __future__ import annotations

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, figure_json, plain
from fossdash.metrics.workshops import Analysis, fmt

SYMBOLS = {"shared": "circle", "first": "square", "second": "diamond", "neither": "x"}
COLOURS = {"shared": colour(6), "first": colour(0), "second": colour(2), "neither": colour(4)}


def priorities_chart(result: Analysis) -> Chart:
    a, b = result.groups[1].name, result.groups[2].name
    placed = [p for p in result.priorities if p.quadrant is not None]
    number = {p.id: n for n, p in enumerate(placed, start=1)}
    traces = []
    for quadrant in ("shared", "first", "second", "neither"):
        points = [p for p in placed if p.quadrant == quadrant]
        if not points:
            continue
        traces.append(go.Scatter(
            name=plain(result.quadrant_label(quadrant)), mode="markers",
            x=[p.scores[1] for p in points], y=[p.scores[2] for p in points],
            customdata=[[number[p.id], plain(p.title)] for p in points],
            marker={"size": 14, "symbol": SYMBOLS[quadrant], "color": COLOURS[quadrant],
                    "line": {"color": BLACK, "width": 1}},
            hovertemplate=f"%{{customdata[0]}}. %{{customdata[1]}}<br>{plain(a)}: %{{x:.2f}}<br>"
                          f"{plain(b)}: %{{y:.2f}}<extra></extra>"))
    # One label per place: points at the same scores share "1, 4".
    spots: dict[tuple[float, float], list[int]] = {}
    for p in placed:
        spots.setdefault((p.scores[1] or 0, p.scores[2] or 0), []).append(number[p.id])
    annotations = [{"x": x, "y": y, "text": f"<b>{', '.join(str(n) for n in ns)}</b>", "showarrow": False,
                    "xshift": 14, "yshift": 12, "font": {"size": 14, "color": BLACK}, "bgcolor": "#ffffff"}
                   for (x, y), ns in spots.items()]
    hi = result.high
    corners = [(1.02, 1.02, "right", "top", "shared"), (1.02, -0.02, "right", "bottom", "first"),
               (-0.02, 1.02, "left", "top", "second"), (-0.02, -0.02, "left", "bottom", "neither")]
    for x, y, xanchor, yanchor, quadrant in corners:
        annotations.append({"x": x, "y": y, "xanchor": xanchor, "yanchor": yanchor, "showarrow": False,
                            "text": plain(result.quadrant_label(quadrant)).upper(),
                            "font": {"size": 13, "color": "#484949"}})
    shapes = [
        {"type": "line", "x0": hi, "x1": hi, "y0": -0.05, "y1": 1.05, "line": {"color": BLACK, "width": 2, "dash": "dash"}},
        {"type": "line", "x0": -0.05, "x1": 1.05, "y0": hi, "y1": hi, "line": {"color": BLACK, "width": 2, "dash": "dash"}},
    ]
    layout = base_layout(
        height=520, margin={"t": 16, "b": 110, "l": 72},
        xaxis={"title": {"text": f"{plain(a)}: score (0 to 1)", "font": {"size": 14}}, "range": [-0.06, 1.06],
               "tickformat": ".1f", "dtick": 0.2, "showgrid": True, "gridcolor": "#e5e5e5"},
        yaxis={"title": {"text": f"{plain(b)}: score (0 to 1)", "font": {"size": 14}}, "range": [-0.06, 1.06],
               "tickformat": ".1f", "dtick": 0.2, "rangemode": "normal", "zeroline": False},
        shapes=shapes, annotations=annotations,
    )
    fig = go.Figure(data=traces, layout=layout)
    key = [f"{p.title}: {a} {fmt(p.scores[1])}, {b} {fmt(p.scores[2])} ({result.quadrant_label(p.quadrant)})"
           for p in placed]
    counts = {q: sum(1 for p in placed if p.quadrant == q) for q in SYMBOLS}
    label = (f"Scatter chart of {len(placed)} priorities: the score from {a} across, the score from {b} up, each from 0 to 1. "
             f"Dashed lines at {fmt(hi)} divide it into four: {counts['shared']} shared, "
             f"{counts['first']} {a.lower()} only, {counts['second']} {b.lower()} only, {counts['neither']} "
             "neither. Each point is numbered; the numbers are listed under the chart and the same figures are "
             "in the table below it.")
    table = Table("Priorities: each group’s score (0 to 1) and where the priority falls",
                  ["Priority", a, b, "Quadrant"],
                  [[f"{number[p.id]}. {p.title}", fmt(p.scores[1]), fmt(p.scores[2]),
                    result.quadrant_label(p.quadrant)] for p in placed],
                  [False, True, True, False])
    notes = [f"Dashed lines: the high score ({fmt(hi)}). Shape as well as colour shows the quadrant."]
    return Chart(figure_json(fig), label, table, notes, key, "Priorities (numbered points)")
