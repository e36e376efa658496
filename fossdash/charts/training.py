"""Training charts: cumulative coverage per staff group over time (milestones marked), and
staff-days away from the front line per week. Each comes with the table of the same figures.
Lines differ by dash and marker shape as well as colour; user text goes through `plain`."""
from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from fossdash.charts.base import BLACK, Chart, Table, base_layout, colour, day_text, figure_json, milestone_lines, plain, milestone_window
from fossdash.metrics import training as metrics
from fossdash.metrics.milestones import Mark

DASHES = ["solid", "dot", "dash", "longdash", "dashdot", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "triangle-down", "cross", "star", "hexagon"]


_day = day_text


def _short(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def _pct(share: float | None):
    return None if share is None else round(share * 100, 1)


# A milestone this close to the trained period stretches the axis to take it in; one further away
# is listed under the chart and counted at the edge it lies beyond (an axis stretched out to a
# milestone a year away squeezes every line into a corner).
NEAR_MILESTONE = timedelta(days=45)


def chart_period(plan: metrics.Plan, points, today: date) -> tuple[date, date]:
    """The coverage chart's useful period: from the first session's start to the last session's
    end (planned sessions included) or today, whichever is later."""
    starts = [r.starts_on for r in plan.rows] + [p.on for p in points if p.on]
    ends = [r.ends_on for r in plan.rows] + [p.on for p in points if p.on]
    first = min(starts, default=today)
    return first, max([*ends, today] if ends else [today, first])


def _milestones(marks: list[Mark], first: date, last: date):
    return milestone_window(marks, first, last, NEAR_MILESTONE)


def _edge(marks: list[Mark], side: str) -> dict:
    """A marker at the left or right edge of the plot: how many milestones lie beyond it."""
    n = len(marks)
    words = f"{n} {'earlier' if side == 'left' else 'later'} milestone{'s' if n != 1 else ''}"
    return {"x": 0 if side == "left" else 1, "xref": "paper", "xanchor": side, "y": 1, "yref": "paper",
            "yanchor": "bottom", "showarrow": False, "text": f"← {words}" if side == "left" else f"{words} →",
            "hovertext": plain("; ".join(f"{m.title}, {_day(m.on)}" for m in marks)),
            "font": {"size": 14, "color": BLACK}, "bgcolor": "#ffffff", "bordercolor": BLACK, "borderwidth": 1,
            "borderpad": 3}


def _month_ticks(lo: date, hi: date) -> dict:
    """Ticks on the first of every month (or every third, or every year, over longer periods), so
    no two ticks say the same "Nov 2026"."""
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 8 else 3 if months <= 30 else 12
    return {"dtick": f"M{step}", "tick0": date(lo.year, 1, 1).isoformat()}


def coverage_chart(plan: metrics.Plan, marks: list[Mark], today: date) -> Chart:
    """Coverage (completed ÷ headcount) per targeted staff group, and the project's, after each
    session that had completions, with the project's milestones marked."""
    points = metrics.coverage_over_time(plan)
    groups = sorted((plan.groups[g] for g in {t[1] for t in plan.targets} if g in plan.groups),
                    key=lambda g: g.name.lower())
    first, last = chart_period(plan, points, today)
    inside, earlier, later, lo, hi = _milestones(marks, first, last)
    xs = [p.on.isoformat() for p in points if p.on] + ([today.isoformat()] if points and points[-1].on
                                                       and points[-1].on < today else [])
    traces = []
    for i, g in enumerate(groups):
        ys = [_pct(p.groups[g.id].share) if g.id in p.groups else None for p in points]
        if len(xs) > len(ys):
            ys.append(ys[-1] if ys else None)
        traces.append(go.Scatter(
            name=plain(g.name), x=xs, y=ys, mode="lines+markers", line={"color": colour(i), "width": 2,
                                                                      "dash": DASHES[i % len(DASHES)], "shape": "hv"},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 9, "color": colour(i)},
            customdata=[plain(g.name)] * len(xs), hovertemplate="%{customdata}: %{y:.0f}%<extra></extra>"))
    ys = [_pct(p.project.share) for p in points]
    if len(xs) > len(ys):
        ys.append(ys[-1] if ys else None)
    traces.append(go.Scatter(name="Whole project (every targeted group)", x=xs, y=ys, mode="lines+markers",
                             line={"color": BLACK, "width": 4, "shape": "hv"},
                             marker={"symbol": "circle-open", "size": 11, "color": BLACK},
                             hovertemplate="Whole project: %{y:.0f}%<extra></extra>"))
    shapes, annotations = milestone_lines([(m, m.on.isoformat()) for m in inside])
    annotations += [_edge(beyond, side) for beyond, side in ((earlier, "left"), (later, "right")) if beyond]
    if inside:
        traces.append(go.Scatter(x=[None], y=[None], mode="lines", name="Milestone (numbered below)",
                                 line={"color": BLACK, "width": 2, "dash": "dash"}, hoverinfo="skip"))
    legend_rows = len(traces)
    bottom = 60 + 22 * legend_rows
    pad = timedelta(days=7)
    layout = base_layout(
        height=360 + bottom, margin={"t": 40 if inside or earlier or later else 16, "b": bottom},
        xaxis={"type": "date", "range": [(lo - pad).isoformat(), (hi + pad).isoformat()], "tickformat": "%b %Y",
               **_month_ticks(lo, hi)},
        yaxis={"title": {"text": "Staff trained (% of headcount)", "font": {"size": 14}}, "range": [0, 105],
               "tickformat": ",d", "ticksuffix": "%", "rangemode": "normal"},
        shapes=shapes, annotations=annotations,
        legend={"orientation": "v"},
        hovermode="x unified")
    fig = go.Figure(data=traces, layout=layout)
    key = [f"{m.title} ({_day(m.on)}{', an illustrative date' if m.illustrative else ''})" for m in inside]
    notes = []
    if earlier:
        notes.append("Before the period charted, so not drawn: " + _listed(earlier) + ".")
    if later:
        notes.append("After the period charted, so not drawn: " + _listed(later) + ".")
    if not points:
        notes.insert(0, "No session has recorded completions yet, so every line is at zero.")
    label = _coverage_label(points, groups, inside)
    if earlier or later:
        beyond = len(earlier) + len(later)
        label = label.replace(" The same figures", f" {beyond} more milestone{'s are' if beyond != 1 else ' is'} "
                              "outside the period charted, listed under the chart. The same figures")
    return Chart(figure_json(fig), label, _coverage_table(points, groups), notes, key, "Milestones (dashed lines)")


def _listed(marks: list[Mark]) -> str:
    return "; ".join(f"{m.title} ({_day(m.on)}{', an illustrative date' if m.illustrative else ''})" for m in marks)


def _coverage_label(points, groups, inside) -> str:
    if not points:
        return "Line chart of training coverage per staff group: no completions recorded yet."
    last = points[-1]
    text = (f"Line chart of the share of each staff group’s headcount that has completed its training, from "
            f"{_day(points[0].on)} to {_day(last.on)}, one line per staff group ({len(groups)}) and a thicker black "
            f"line for the whole project, which reached {_pct(last.project.share) or 0:.0f}%.")
    if inside:
        marks = "; ".join(f"{n}, {m.title} ({_day(m.on)})" for n, m in enumerate(inside, start=1))
        text += f" Numbered dashed lines mark {len(inside)} milestone{'s' if len(inside) != 1 else ''}: {marks}."
    return text + " The same figures are in the table below the chart."


def _coverage_table(points, groups) -> Table:
    head = ["Date", "Whole project"] + [g.name for g in groups]
    rows = []
    for p in points:
        cells = [_short(p.on).replace(" ", "\u00a0"), _cell(p.project)]
        cells += [_cell(p.groups.get(g.id)) for g in groups]
        rows.append(cells)
    return Table("Training coverage: staff who completed it, as a share of each group’s headcount", head, rows,
                 [False] + [True] * (len(groups) + 1))


def _cell(c: metrics.Coverage | None) -> str:
    if c is None or c.share is None:
        return "No staff"
    return f"{c.share * 100:.0f}% ({c.completed:,} of {c.places:,})"


def staff_days_chart(plan: metrics.Plan, today: date) -> Chart:
    """Staff-days away from the front line per week, stacked by staff group; weeks from this one
    on are counted on the places planned where attendance is not yet recorded."""
    weeks = metrics.staff_days_per_week(plan)
    ids = sorted({g for w in weeks for g in w.by_group}, key=lambda g: plan.groups[g].name.lower()
                 if g in plan.groups else "")
    names = {g: plan.groups[g].name if g in plan.groups else "Staff group no longer in the project" for g in ids}
    xs = [w.monday.isoformat() for w in weeks]
    traces = []
    for i, g in enumerate(ids):
        traces.append(go.Bar(
            name=plain(names[g]), x=xs, y=[round(w.by_group.get(g, 0), 1) for w in weeks],
            marker={"color": colour(i), "line": {"color": "#ffffff", "width": 1}},
            customdata=[[f"Week of {_day(w.monday)}", plain(names[g])] for w in weeks],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{y:,.1f} staff-days<extra></extra>"))
    shapes, annotations = [], []
    if weeks and weeks[0].monday <= today <= weeks[-1].monday + timedelta(days=6):
        x = metrics.monday(today).isoformat()
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"color": BLACK, "width": 2, "dash": "dot"}, "layer": "above"})
        annotations.append({"x": x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                            "text": "This week", "xanchor": "left",
                            "font": {"size": 14, "color": BLACK}, "bgcolor": "#ffffff"})
    bottom = 70 + 22 * len(traces)
    layout = base_layout(
        barmode="stack", bargap=0.2, height=360 + bottom, margin={"t": 40, "b": bottom},
        xaxis={"type": "date", "tickformat": "%-d %b<br>%Y"},
        yaxis={"title": {"text": "Staff-days away from the front line", "font": {"size": 14}}},
        shapes=shapes, annotations=annotations,
        legend={"orientation": "v"})
    fig = go.Figure(data=traces, layout=layout)
    peak = max(weeks, key=lambda w: w.total) if weeks else None
    label = "Bar chart of staff-days away from the front line for training, per week"
    if peak is not None:
        label += (f", from the week of {_day(weeks[0].monday)} to the week of {_day(weeks[-1].monday)}, stacked by "
                  f"staff group. The busiest week is that of {_day(peak.monday)}, with {peak.total:,.1f} staff-days.")
    notes = ["A staff-day is one person away for one working day: attendees × the course’s days, laid on the "
             "session’s working days (the first days for a course on consecutive days, evenly for one spread "
             "over weeks).",
             "Sessions with attendance recorded count those who attended; the others count the places planned."]
    if shapes:
        notes.append("The dotted line marks this week: the bars from there on are places planned.")
    head = ["Week starting", "Total", "Counted from"] + [names[g] for g in ids]
    rows = []
    for w in weeks:
        basis = ("Attendance" if w.planned == 0 else "Places planned" if w.recorded == 0 else "Both") if w.total else "–"
        rows.append([_short(w.monday).replace(" ", "\u00a0"), _num(w.total), basis]
                    + [_num(w.by_group.get(g, 0)) for g in ids])
    table = Table("Staff-days away from the front line per week, by staff group", head, rows,
                  [False, True, False] + [True] * len(ids))
    return Chart(figure_json(fig), label + " The same figures are in the table below the chart.", table, notes)


def _num(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")
