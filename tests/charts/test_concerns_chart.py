"""The concerns chart: stacked bars per quarter, numbered milestone lines, and the same numbers in
its table. Built from plain data: no database here."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from fossdash.charts.base import PALETTE, html_safe_json
from fossdash.charts.concerns import milestone_x, per_quarter_chart
from fossdash.metrics.concerns import PerQuarter
from fossdash.metrics.milestones import Mark
from fossdash.metrics.periods import Quarter

QUARTERS = [Quarter(2006, 4), Quarter(2007, 1), Quarter(2007, 2)]
DATA = PerQuarter(QUARTERS, ["job_security", "pay_grading"],
                  {"job_security": [0, 2, 1], "pay_grading": [3, 0, 1]}, [3, 2, 2])
pytestmark = pytest.mark.usefixtures("backend")  # see conftest.py: no database needed

MARKS = [Mark(date(2007, 1, 1), "Gateway opens", "Building opens"),
         Mark(date(2007, 5, 16), "Staff move", "Staff move", illustrative=True),
         Mark(date(2012, 1, 1), "Far away", "Other")]


def test_bars_are_stacked_by_category_with_the_counts():
    fig = per_quarter_chart(DATA, MARKS).figure()
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert fig["layout"]["barmode"] == "stack"
    assert [b["name"] for b in bars] == ["Job security and takeover", "Pay and grading"]
    assert [b["y"] for b in bars] == [[0, 2, 1], [3, 0, 1]]
    assert bars[0]["marker"]["color"] == PALETTE[0] and bars[1]["marker"]["color"] == PALETTE[1]
    assert fig["layout"]["xaxis"]["ticktext"][1] == "Jan–Mar<br>2007"


def test_milestones_are_numbered_dashed_lines_at_their_dates():
    chart = per_quarter_chart(DATA, MARKS)
    fig = chart.figure()
    shapes = fig["layout"]["shapes"]
    assert [s["name"] for s in shapes] == ["Gateway opens", "Staff move"]
    assert all(s["line"]["dash"] == "dash" and s["yref"] == "paper" for s in shapes)
    assert shapes[0]["x0"] == shapes[0]["x1"] == 0.5  # the first day of the second quarter
    assert abs(shapes[1]["x0"] - (2 - 0.5 + 45 / 91)) < 1e-9
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["<b>1</b>", "<b>2</b>"]
    assert chart.key == ["Gateway opens (1 January 2007)", "Staff move (16 May 2007, an illustrative date)"]
    assert chart.notes == ["Not shown: Far away (1 January 2012), outside the period charted."]
    assert any(t["name"].startswith("Milestone") for t in fig["data"] if t["type"] == "scatter")
    assert milestone_x(QUARTERS, date(2006, 9, 30)) is None


def test_the_table_has_the_same_numbers_as_the_bars():
    chart = per_quarter_chart(DATA, MARKS)
    table = chart.table
    assert table.head == ["Quarter", "Total", "Job security and takeover", "Pay and grading"]
    assert [r[0] for r in table.rows] == ["Oct\xa0to\xa0Dec\xa02006", "Jan\xa0to\xa0Mar\xa02007", "Apr\xa0to\xa0Jun\xa02007"]
    bars = {t["name"]: t["y"] for t in chart.figure()["data"] if t["type"] == "bar"}
    for i, row in enumerate(table.rows):
        assert row[2] == bars["Job security and takeover"][i] and row[3] == bars["Pay and grading"][i]
        assert row[1] == row[2] + row[3]
    assert table.foot == ["Total", 7, 3, 4]
    assert table.numeric == [False, True, True, True]


def test_the_accessible_name_summarises_the_chart():
    label = per_quarter_chart(DATA, MARKS).label
    assert "7 concerns and questions" in label and "Oct to Dec 2006 to Apr to Jun 2007" in label
    assert "The most were raised in Oct to Dec 2006 (3)" in label
    assert "1, Gateway opens (1 January 2007)" in label and "table below" in label


def test_figure_json_cannot_break_out_of_its_script_block():
    evil = Mark(date(2007, 2, 1), "</script><script>alert(1)</script> & 'x'", "Other")
    text = str(per_quarter_chart(DATA, [evil]).figure_json)
    assert "</script" not in text.lower() and "<" not in text and "&" not in text and "'" not in text
    fig = json.loads(text)
    assert fig["layout"]["shapes"][0]["name"] == "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; 'x'"
    assert str(html_safe_json('{"a": "\u2028"}')) == '{"a": "\\u2028"}'


def test_milestone_titles_are_plain_text_to_plotly():
    """Plotly reads <a href>, <b>, <br> and entities in the strings it draws: a title must show as
    typed, never become a link or markup."""
    title = '<a href="https://evil.example/">Staff move</a> <b>now</b> &amp; then'
    chart = per_quarter_chart(DATA, [Mark(date(2007, 2, 1), title, "Staff move")])
    fig = chart.figure()
    hover = fig["layout"]["annotations"][0]["hovertext"]
    assert hover == ('1. &lt;a href="https://evil.example/"&gt;Staff move&lt;/a&gt; &lt;b&gt;now&lt;/b&gt; '
                     '&amp;amp; then, 1 February 2007')
    assert fig["layout"]["shapes"][0]["name"].startswith("&lt;a href=")
    drawn = json.dumps(fig)
    assert "<a" not in drawn and "<b>now" not in drawn and "&amp; then" not in drawn.replace("&amp;amp;", "")
    # Labels and hover templates carry no user text spliced into plotly's template language.
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert all(b["hovertemplate"] == "%{customdata[0]}<br>%{customdata[1]}: %{y:,d}<extra></extra>" for b in bars)
    # The page's own text (escaped by the template engine, not plotly) keeps the title as typed.
    assert chart.key[0].startswith(title) and title in chart.label


# --- the anonymity threshold -----------------------------------------------------------------------

HIDDEN_DATA = PerQuarter(QUARTERS, ["job_security", "pay_grading"],
                         {"job_security": [0, 2, 6], "pay_grading": [7, 0, 9]}, [7, 2, 15]).suppressed(5)


def test_hidden_figures_are_not_drawn_and_show_as_x_in_the_table():
    # Quarters are rows, categories columns: the 2 is hidden, and with it every figure that
    # would give it back (see tests/metrics/test_suppression.py for the rule itself).
    assert HIDDEN_DATA.counts == {"job_security": [0, None, None], "pay_grading": [None, 0, None]}
    assert HIDDEN_DATA.totals == [None, None, 15] and HIDDEN_DATA.total == 24
    chart = per_quarter_chart(HIDDEN_DATA, [])
    bars = {t["name"]: t["y"] for t in chart.figure()["data"] if t["type"] == "bar"}
    assert bars == {"Job security and takeover": [0, None, None], "Pay and grading": [None, 0, None]}
    rows = [r[1:] for r in chart.table.rows]
    assert rows == [["[x]", 0, "[x]"], ["[x]", "[x]", 0], [15, "[x]", "[x]"]]
    assert chart.table.foot == ["Total", 24, 8, 16]
    assert "[x]: hidden to protect anonymity" in chart.table.caption
    assert any(n.startswith("[x]: hidden to protect anonymity. Either fewer than 5") for n in chart.notes)
    # Nothing is left to draw here (every shown count is 0): the chart says so.
    assert any(n.startswith("Every count in this breakdown is hidden or zero") for n in chart.notes)


def test_a_chart_with_some_figures_hidden_says_its_bars_can_be_short():
    data = PerQuarter(QUARTERS[:2], ["job_security", "pay_grading", "skills"],
                      {"job_security": [5, 6], "pay_grading": [2, 7], "skills": [9, 8]}, [16, 21]).suppressed(5)
    chart = per_quarter_chart(data, [])
    bars = {t["name"]: t["y"] for t in chart.figure()["data"] if t["type"] == "bar"}
    assert bars == {"Job security and takeover": [None, None], "Pay and grading": [None, None],
                    "Skills and ways of working": [9, 8]}
    assert [r[1] for r in chart.table.rows] == [16, 21]
    assert any(n.startswith("Hidden figures are not drawn on the chart, so a bar can be shorter") for n in chart.notes)


def test_the_accessible_name_gives_away_no_hidden_figure():
    label = per_quarter_chart(HIDDEN_DATA, []).label
    assert "24 concerns and questions" in label and "are hidden and not drawn" in label
    assert "The most were raised" not in label  # some quarters' totals are hidden
    assert set(re.findall(r"\d+", label)) == {"24", "5", "2006", "2007"}  # 5: the threshold
    whole = PerQuarter([Quarter(2007, 1)], ["job_security"], {"job_security": [2]}, [2]).suppressed(5)
    chart = per_quarter_chart(whole, [])
    assert chart.label.startswith("Bar chart of concerns and questions raised per quarter")
    assert "2" not in chart.label.split("2007")[0]
    assert any(n.startswith("Every count in this breakdown is hidden or zero, so the chart has no bars") for n in chart.notes)
    assert chart.table.rows == [["Jan\xa0to\xa0Mar\xa02007", "[x]", "[x]"]] and chart.table.foot == ["Total", "[x]", "[x]"]


def test_unsuppressed_figures_say_nothing_about_hiding():
    chart = per_quarter_chart(DATA, [])
    assert not DATA.any_hidden and "[x]" not in chart.table.caption
    assert not any("hidden" in n for n in chart.notes) and "hidden" not in chart.label


def test_the_shared_look():
    fig = per_quarter_chart(DATA, []).figure()
    layout = fig["layout"]
    assert "GDS Transport" in layout["font"]["family"]
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]
    assert layout["template"] == {"data": {}, "layout": {}} or "template" in layout
    assert "shapes" not in layout or layout["shapes"] == []
    script = (Path(__file__).resolve().parents[2] / "static" / "js" / "charts.js").read_text()
    assert "displaylogo: false" in script and "responsive: true" in script
    assert "eval(" not in script and "new Function" not in script
