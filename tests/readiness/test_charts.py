"""The readiness history charts: one line per dimension with milestones marked, and tables with
the same figures and RAG words; no evidence is a gap, never 0."""
from datetime import date
from types import SimpleNamespace

from fossdash.charts.readiness import evidence_chart, history_chart
from fossdash.metrics.milestones import Mark


def _a(on, scores, framework="adkar"):
    from fossdash.metrics import readiness as rules

    barrier = rules.barrier(scores) if framework == "adkar" else None
    return SimpleNamespace(assessed_on=on, score_map=scores, framework=framework,
                           barrier_label=rules.DIMENSIONS["adkar"][barrier] if barrier else None)


def test_the_history_chart_has_a_line_per_dimension_milestones_and_the_table():
    marks = [Mark(date(2007, 5, 1), "Go live", "Go live"), Mark(date(2012, 1, 1), "Far away", "Other")]
    a1 = _a(date(2007, 3, 31), {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 3, "reinforcement": 1})
    a2 = _a(date(2007, 6, 30), {"awareness": 5, "desire": 4, "knowledge": 4, "ability": 4, "reinforcement": 4})
    c = history_chart("adkar", [a1, a2], marks, date(2007, 7, 1))
    fig = c.figure()
    lines = [t for t in fig["data"] if t.get("name") != "Milestone (numbered below)"]
    assert [t["name"] for t in lines] == ["Awareness", "Desire", "Knowledge", "Ability", "Reinforcement"]
    # each line sits within a quarter point of its score (drawn apart), the hover says the score itself
    assert abs(lines[1]["y"][0] - 2) < 0.25 and lines[1]["customdata"][0] == ["Desire", "2 (Red)"]
    assert c.key == ["Go live (1 May 2007)"] and c.notes == ["Not shown: Far away (1 January 2012), outside the "
                                                           "period charted."]
    assert c.table.head[-1] == "Barrier point"
    assert c.table.rows[0][1:] == ["4 (Green)", "2 (Red)", "3 (Amber)", "3 (Amber)", "1 (Red)", "Desire"]
    assert c.table.rows[1][-1] == "None"
    assert "1, Go live (1 May 2007)" in c.label


def test_the_evidence_chart_leaves_a_gap_where_there_is_no_evidence():
    points = [(date(2007, 3, 31), {"communication": 40.0, "training": None}),
              (date(2007, 6, 30), {"communication": 80.0, "training": 10.0})]
    c = evidence_chart("foss", points, [], date(2007, 7, 1))
    fig = c.figure()
    by_name = {t["name"]: t for t in fig["data"]}
    assert by_name["Communication"]["y"] == [40.0, 80.0]
    assert by_name["Training and development"]["y"] == [None, 10.0]
    assert by_name["Leadership"]["y"] == [None, None]
    comm = c.table.head.index("Communication")
    training = c.table.head.index("Training and development")
    assert [r[comm] for r in c.table.rows] == ["40 (Red)", "80 (Green)"]
    assert [r[training] for r in c.table.rows] == ["No evidence", "10 (Red)"]
