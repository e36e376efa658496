"""A survey round's results as Excel, suppressed exactly as the page is. No queries."""
from __future__ import annotations

from datetime import date
from typing import Any

from fossdash.metrics.surveys import RoundStats, item_mean
from fossdash.metrics.suppression import HIDDEN, key_text
from fossdash.returns.xlsx import Column, Sheet

TITLE = "Pulse survey results"


def _v(value, places: int = 0):
    return HIDDEN if value is None else round(value, places)


def _m(cut, value):
    """A cut's morale or eNPS: [x] where its count is hidden, blank where it had no answers."""
    return None if cut.n == 0 else _v(value)


def sheets(project, round_, stats: RoundStats, dist, exported_on: date | None = None) -> list:
    on = exported_on or date.today()
    notes = [f"{TITLE}: {project.name}, {round_.title}",
             f"{round_.opens_on.isoformat()} to {round_.closes_on.isoformat()}. Exported {on.isoformat()} from fossdash.",
             key_text(stats.k)]
    summary: list[tuple[Any, ...]]
    summary_cols = [Column("Measure", width=40), Column("Value", "number", width=14)]
    if not stats.shown:
        notes.append(f"Fewer than {stats.k} answers: no results can be shown.")
        summary = [("Answers", HIDDEN)]
    else:
        summary = [("Answers", stats.n), ("Participation (%)", _v(100 * stats.participation) if stats.participation
                                          is not None else HIDDEN),
                   ("Morale index (0 to 100)", _v(stats.morale)), ("eNPS (-100 to 100)", _v(stats.enps))]
    out: list[tuple[Sheet, Any]] = [(Sheet("Summary", summary_cols, notes), [tuple(str(c) if not isinstance(c, (int, float)) else c
                                                          for c in r) for r in summary])]
    if stats.shown:
        cols = [Column("Breakdown"), Column("Name", width=36), Column("Answers", "int"), Column("Morale index", "int"),
                Column("eNPS", "int")]
        rows = [("Agency", c.label, _v(c.n), _m(c, c.morale), _m(c, c.enps)) for c in stats.agencies]
        rows += [("Staff group", c.label, _v(c.n), _m(c, c.morale), _m(c, c.enps)) for c in stats.groups]
        notes = [key_text(stats.k)] if stats.breakdown else [
            "The figures for each agency and staff group are shown once the round has closed: while answers are "
            "still coming in, a group's figures changing from one release to the next could show what one "
            "person answered."]
        out.append((Sheet("Breakdown", cols, notes), rows))
    if dist is not None:
        cols = [Column("Statement", width=50), *[Column(h, "int") for h in
                                                 ("Strongly disagree", "Disagree", "Neither", "Agree",
                                                  "Strongly agree", "Score (0 to 100)")]]
        rows = [(s, *(HIDDEN,) * (len(cols) - 1)) if (counts := dist.items[c]) is None
                else (s, *counts, _v(item_mean(counts)))
                for c, s in round_.items]
        out.append((Sheet("Statements", cols), rows))
    return out
