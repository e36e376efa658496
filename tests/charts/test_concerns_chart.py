"""The concerns chart: stacked bars per quarter, numbered milestone lines, and the same numbers in
its table. Built from plain data: no database here."""
from __future__ import annotations

import json
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
    assert fig["layout"]["shapes"][0]["name"] == "</script><script>alert(1)</script> & 'x'"
    assert str(html_safe_json('{"a": "\u2028"}')) == '{"a": "\\u2028"}'


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
