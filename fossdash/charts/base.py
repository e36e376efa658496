"""The look every chart shares, and the pieces every chart returns.

- GOV.UK text colours and font, white background, no plotly logo, no zoom (a chart on a page
  should scroll with the page), sized by its container (responsive).
- A categorical palette that stays distinguishable for common colour-vision deficiencies: the
  Government Analysis Function's accessible palette first, then GOV.UK colours; stacked segments
  are separated by a white line so neighbours never rely on colour alone.
- `Chart`: the figure as HTML-safe JSON, the sentence that names it for screen readers, and the
  data table with the same numbers (always shown beside the chart).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

FONT_FAMILY = '"GDS Transport", arial, sans-serif'
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"
GRID = "#cecece"
BLACK = "#0b0c0c"

# Analysis Function categorical palette (dark blue, turquoise, dark pink, orange, dark grey,
# light purple), then GOV.UK green, a dark mustard and a mid grey: each at least 3:1 against the
# white of the plot (WCAG 1.4.11), as GOV.UK yellow (1.3:1) and light grey (2.1:1) were not.
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1", "#00703C", "#8F7A00", "#6F777B"]

def plain(text: str) -> str:
    """User text (a milestone's title, say) for a plotly figure. Plotly reads a small HTML in every
    string it draws (<a href>, <b>, <br>, <span style>): escaped, the text shows exactly as typed and
    a title like '<a href="https://evil.example">' is never a link. Plotly turns &amp;, &lt; and
    &gt; back into characters (and shows &quot; as typed), so only those three are escaped."""
    return html.escape(str(text), quote=False)


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def base_layout(**overrides: Any) -> dict:
    layout: dict[str, Any] = {
        "template": "none",
        "font": {"family": FONT_FAMILY, "size": 16, "color": TEXT},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "autosize": True,
        "height": 460,
        "margin": {"l": 64, "r": 16, "t": 24, "b": 64},
        "separators": ".,",
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 16}, "bgcolor": "#ffffff", "bordercolor": BLACK},
        # The legend at the foot of the figure, in the bottom margin each chart sizes for it: the
        # x-axis labels (turned at narrow widths) push the plot up (automargin), never under it.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom",
                   "font": {"size": 14}, "traceorder": "normal"},
        "xaxis": {"fixedrange": True, "automargin": True, "showgrid": False, "linecolor": BLACK, "ticks": "outside",
                  "tickcolor": BLACK, "tickfont": {"size": 14}, "zeroline": False},
        "yaxis": {"fixedrange": True, "gridcolor": GRID, "zeroline": True, "zerolinecolor": BLACK,
                  "rangemode": "tozero", "tickfont": {"size": 14}, "tickformat": ",d"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", "\u2028": "\\u2028",
                "\u2029": "\\u2029"}


def html_safe_json(text: str) -> Markup:
    """JSON that can sit inside <script type="application/json"> whatever the strings in it say
    (a milestone titled "</script>" cannot end the block)."""
    for char, escaped in _HTML_UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def figure_json(fig) -> Markup:
    return html_safe_json(fig.to_json())


@dataclass
class Table:
    """A data table: `rows` start with their row header; `numeric` marks right-aligned columns."""

    caption: str
    head: list[str]
    rows: list[list[Any]]
    numeric: list[bool]
    foot: list[Any] | None = None


@dataclass
class Chart:
    figure_json: Markup
    label: str  # the accessible name: what the chart shows, in one or two sentences
    table: Table
    notes: list[str] = field(default_factory=list)  # short remarks shown under the chart
    key: list[str] = field(default_factory=list)  # numbered markers on the chart, explained in order
    key_title: str = ""

    def figure(self) -> dict:
        return json.loads(str(self.figure_json))


def day_text(d) -> str:
    """A date as the charts write it: 4 March 2027."""
    return f"{d.day} {d.strftime('%B %Y')}"


def milestone_lines(marks) -> tuple[list[dict], list[dict]]:
    """Numbered dashed lines for milestones already placed on the x axis: `marks` is a list of
    (milestone with .title and .on, x). Returns (shapes, annotations) for the layout."""
    shapes, annotations = [], []
    for n, (m, x) in enumerate(marks, start=1):
        shapes.append({"type": "line", "name": plain(m.title), "xref": "x", "yref": "paper", "x0": x, "x1": x,
                       "y0": 0, "y1": 1, "line": {"color": BLACK, "width": 2, "dash": "dash"}, "layer": "above"})
        annotations.append({"x": x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                            "text": f"<b>{n}</b>", "hovertext": plain(f"{n}. {m.title}, {day_text(m.on)}"),
                            "font": {"size": 14, "color": BLACK}, "bgcolor": "#ffffff", "bordercolor": BLACK,
                            "borderwidth": 2, "borderpad": 2})
    return shapes, annotations


def milestone_window(marks: list, first: date, last: date, near: timedelta):
    """(inside, earlier, later, lo, hi): the period from `first` to `last`, stretched to the
    milestones within `near` of it (lo to hi); the milestones drawn in it, and those before and
    after it (listed beside the chart rather than stretching its axis)."""
    close = [m.on for m in marks if first - near <= m.on <= last + near]
    lo, hi = min([first, *close]), max([last, *close])
    inside = [m for m in marks if lo <= m.on <= hi]
    earlier = [m for m in marks if m.on < lo]
    later = [m for m in marks if m.on > hi]
    return inside, earlier, later, lo, hi
