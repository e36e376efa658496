"""Concerns raised per quarter, stacked by category, with the project's milestones marked.

Figures the anonymity threshold hid (None in `PerQuarter`, see fossdash/metrics/suppression.py)
are not drawn, and show as "[x]" in the table, with the key under the chart. Every piece of user
text that goes into the figure (milestone titles) goes through `plain`, so plotly never reads it as
markup."""
from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, figure_json, plain
from fossdash.metrics.concerns import PerQuarter
from fossdash.metrics.milestones import Mark
from fossdash.metrics.periods import Quarter
from fossdash.metrics.suppression import HIDDEN, key_text

MIN_SLOTS = 8  # the x axis is never narrower than this many quarters


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def milestone_x(quarters: list[Quarter], day: date) -> float | None:
    """The milestone's place on the axis: bars sit at 0, 1, 2…; a quarter spans its index ±0.5."""
    q = Quarter.of(day)
    if not quarters or q < quarters[0] or q > quarters[-1]:
        return None
    return quarters.index(q) - 0.5 + q.position(day)


def _shown(value):
    return HIDDEN if value is None else value


def per_quarter_chart(data: PerQuarter, milestones: list[Mark], what: str = "concerns and questions") -> Chart:
    quarters = data.quarters
    labels = data.labels()
    xs = list(range(len(quarters)))
    ticktext = [f"{q.short.rsplit(' ', 1)[0]}<br>{q.year}" for q in quarters]
    traces = []
    for i, category in enumerate(data.categories):
        traces.append(
            go.Bar(
                name=plain(labels[category]),
                x=xs,
                y=data.counts[category],  # None (hidden) is not drawn
                # Quarter and category as data, not spliced into the template: "%{" in a label
                # would otherwise be read as a placeholder.
                customdata=[[q.label, plain(labels[category])] for q in quarters],
                marker={"color": colour(i), "line": {"color": "#ffffff", "width": 1}},
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{y:,d}<extra></extra>",
            )
        )

    shown = [(m, milestone_x(quarters, m.on)) for m in milestones]
    inside = [(m, x) for m, x in shown if x is not None]
    outside = [m for m, x in shown if x is None]
    shapes, annotations = [], []
    for n, (m, x) in enumerate(inside, start=1):
        # A dashed line at the date, numbered at the top; the numbers are keyed under the chart.
        shapes.append({
            "type": "line", "name": plain(m.title), "xref": "x", "yref": "paper", "x0": x, "x1": x,
            "y0": 0, "y1": 1, "line": {"color": BLACK, "width": 2, "dash": "dash"}, "layer": "above",
        })
        annotations.append({
            "x": x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": f"<b>{n}</b>", "hovertext": plain(f"{n}. {m.title}, {_day(m.on)}"),
            "font": {"size": 14, "color": BLACK},
            "bgcolor": "#ffffff", "bordercolor": BLACK, "borderwidth": 2, "borderpad": 2,
        })
    if inside:
        # A legend key for the dashed lines (no data of its own).
        traces.append(go.Scatter(x=[None], y=[None], mode="lines", name="Milestone (numbered below)",
                                 line={"color": BLACK, "width": 2, "dash": "dash"}, hoverinfo="skip"))

    peak = max(_drawn_heights(data), default=0)
    pad = max(MIN_SLOTS - len(xs), 0) / 2  # a few quarters: keep the bars slim, in the middle
    legend_rows = -(-len(traces) // 3)
    bottom = 70 + 24 * legend_rows
    layout = base_layout(
        barmode="stack",
        bargap=0.25,
        height=380 + bottom,
        margin={"t": 40 if inside else 16, "b": bottom},
        xaxis={"tickmode": "array", "tickvals": xs, "ticktext": ticktext,
               "range": [-0.5 - pad, len(xs) - 0.5 + pad]},
        yaxis={"title": {"text": f"Number of {what}", "font": {"size": 14}}, "dtick": 1 if peak <= 8 else None},
        shapes=shapes,
        annotations=annotations,
    )
    fig = go.Figure(data=traces, layout=layout)
    key = [f"{m.title} ({_day(m.on)}{', an illustrative date' if m.illustrative else ''})" for m, _x in inside]
    notes = []
    if data.any_hidden:
        assert data.k is not None  # any_hidden is only ever true for suppressed figures
        notes.append(key_text(data.k))
        if peak == 0:
            notes.append("Every count in this breakdown is hidden or zero, so the chart has no bars. The table "
                         "shows the figures that can be shown.")
        else:
            notes.append("Hidden figures are not drawn on the chart, so a bar can be shorter than its quarter’s "
                         "total, or missing.")
    notes += [f"Not shown: {m.title} ({_day(m.on)}), outside the period charted." for m in outside]
    return Chart(figure_json(fig), _label(data, inside, what), _table(data, what), notes, key,
                 "Milestones (dashed lines)")


def _drawn_heights(data: PerQuarter) -> list[int]:
    """The height of each bar as drawn: the figures shown, stacked."""
    return [sum(data.counts[c][i] or 0 for c in data.categories) for i in range(len(data.quarters))]


def _label(data: PerQuarter, inside: list[tuple[Mark, float]], what: str) -> str:
    if not data.quarters:
        return f"No {what} to chart."
    first, last = data.quarters[0], data.quarters[-1]
    counted = f"{data.total:,} {what}" if data.total is not None else what
    text = f"Bar chart of {counted} raised per quarter, from {first.label} to {last.label}, stacked by category."
    if data.any_hidden:
        text += (f" Figures that could identify someone (under {data.k}, or that would let one be worked out) "
                 "are hidden and not drawn.")
    known = [n for n in data.totals if n is not None]
    if len(known) == len(data.totals):  # no quarter's total is hidden
        peak = max(known)
        busiest = [q.label for q, n in zip(data.quarters, data.totals) if n == peak]
        text += f" The most were raised in {busiest[0]} ({peak:,})."
    if inside:
        marks = "; ".join(f"{n}, {m.title} ({_day(m.on)})" for n, (m, _x) in enumerate(inside, start=1))
        text += f" Numbered dashed lines mark {len(inside)} milestone{'s' if len(inside) != 1 else ''}: {marks}."
    return text + " The same figures are in the table below the chart."


def _table(data: PerQuarter, what: str) -> Table:
    labels = data.labels()
    head = ["Quarter", "Total"] + [labels[c] for c in data.categories]
    numeric = [False] + [True] * (len(data.categories) + 1)
    rows = []
    for i, q in enumerate(data.quarters):
        # No-break spaces keep "Oct to Dec 2024" on one line in a narrow column.
        rows.append([q.label.replace(" ", "\u00a0"), _shown(data.totals[i])]
                    + [_shown(data.counts[c][i]) for c in data.categories])
    foot = None
    if data.quarters:
        assert data.category_totals is not None  # filled in by PerQuarter.__post_init__
        foot = ["Total", _shown(data.total)] + [_shown(data.category_totals[c]) for c in data.categories]
    caption = f"{what.capitalize()} raised per quarter, by category"
    if data.any_hidden:
        caption += f" ({HIDDEN}: hidden to protect anonymity)"
    return Table(caption, head, rows, numeric, foot)
