"""The morale sheet of the quarterly return (declared in the DOMAIN as `return_sheets`).

- The pulse survey rounds open at any time in the quarter, with answers, participation, morale
  index and eNPS;
- the trend of every round up to the quarter's end, with a chart drawn from the sheet's own cells;
- each of the quarter's rounds by agency and by staff group.

Suppressed exactly as the survey pages are, because the figures come from the same function
(surveys.service.trend: metrics.surveys.round_stats with the project's k): a round with fewer than
k answers shows nothing at all, and a hidden figure of the breakdown is never written.
"""
from __future__ import annotations

from fossdash.metrics.suppression import key_text
from fossdash.returns.quarterly import NOT_SHOWN, Chart, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column

TITLE = "Morale"


def _num(value: float | None) -> int | str:
    """A morale index or eNPS as the pages show it (whole numbers), or the words for hidden."""
    return NOT_SHOWN if value is None else round(value)


def _points(ctx: ReturnContext):
    from fossdash.surveys import release, service

    # The pages release answers held from earlier days before they read; so does the return, so
    # its figures are the pages' (no commit here: the request or job that asked commits).
    release.release_held_answers(project_id=ctx.project.id)
    return [p for p in service.trend(ctx.project) if p.round.opens_on < ctx.quarter.end]


def in_quarter(ctx: ReturnContext, point) -> bool:
    return point.round.opens_on < ctx.quarter.end and point.round.closes_on >= ctx.quarter.start


def figures(ctx: ReturnContext, points=None) -> dict:
    """The sheet's figures as plain data (what the tests compare with the pages)."""
    points = points if points is not None else _points(ctx)
    rounds = [p for p in points if in_quarter(ctx, p)]
    return {
        "rounds": [(p.round.title, p.round.opens_on, p.round.closes_on,
                    p.stats.n if p.stats.shown else f"Fewer than {ctx.k}",
                    p.stats.participation if p.stats.participation is not None else NOT_SHOWN,
                    _num(p.stats.morale), _num(p.stats.enps)) for p in rounds],
        "trend": [(p.round.title, p.round.closes_on, p.stats.n,
                   None if p.stats.morale is None else round(p.stats.morale),
                   None if p.stats.enps is None else round(p.stats.enps)) for p in points if p.stats.shown],
        "left_out": sum(1 for p in points if not p.stats.shown),
        "breakdowns": [(p.round.title, [(c.label, "Agency", *(_cut(c))) for c in p.stats.agencies]
                        + [(c.label, "Staff group", *(_cut(c))) for c in p.stats.groups])
                       for p in rounds if p.stats.shown],
        "any": bool(points),
    }


def _cut(c) -> tuple:
    return (NOT_SHOWN if c.n is None else c.n, _num(c.morale), _num(c.enps))


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    points = _points(ctx)
    if not points:
        return [ReturnSheet.nothing(TITLE, "No pulse survey rounds are recorded for this project up to this "
                                           "quarter.")]
    data = figures(ctx, points)
    tables = [
        Table(f"Survey rounds in {ctx.quarter.label}",
              [Column("Round", "text", 40), Column("Opens", "date"), Column("Closes", "date"),
               Column("Answers", "int", 14), Column("Participation", "percent", 13),
               Column("Morale index", "int", 13), Column("eNPS", "int", 13)],
              data["rounds"]),
        Table("Trend: every round with results up to the quarter's end",
              [Column("Round", "text", 40), Column("Closes", "date"), Column("Answers", "int", 14),
               Column("Morale index", "int", 13), Column("eNPS", "int", 13)],
              data["trend"],
              chart=Chart("line", "Morale index and eNPS per survey round", series=[3, 4], y_title="Score",
                          x_title="Round"),
              note=" ".join(filter(None, [
                  (f"{data['left_out']} round{'s' if data['left_out'] != 1 else ''} with fewer than {ctx.k} "
                   "answers left out: nothing of such a round may be shown.") if data["left_out"] else "",
                  ("A blank: not shown, as some of the round's answers leave its questions empty (the chart "
                   "leaves a gap).") if any(None in row[3:] for row in data["trend"]) else ""]))),
    ]
    for title, rows in data["breakdowns"]:
        tables.append(Table(f"{title}: by agency and by staff group",
                            [Column("Agency or staff group", "text", 40), Column("Breakdown", "text", 13),
                             Column("Answers", "int", 14), Column("Morale index", "int", 13),
                             Column("eNPS", "int", 13)], rows, note=key_text(ctx.k).replace("[x]", NOT_SHOWN)))
    intro = [f"Pulse survey rounds in {ctx.quarter.long_label}, and the trend of morale up to it.",
             "Morale index (0 to 100): the mean answer to the five core statements. eNPS (-100 to 100): the "
             "percentage who would recommend working here (9 or 10) minus those who would not (0 to 6).",
             f"A round with fewer than {ctx.k} answers shows nothing; a breakdown figure is \u201c{NOT_SHOWN}\u201d "
             "exactly where the survey pages hide it, and so is a morale index or eNPS over answers some of which "
             "leave its questions empty (imported answers may)."]
    if not data["rounds"]:
        intro.append(f"No survey round was open in {ctx.quarter.label}.")
    return [ReturnSheet(TITLE, intro=intro, tables=tables)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    """The latest round of the quarter, whole-project figures only (never a breakdown)."""
    points = [p for p in _points(ctx) if in_quarter(ctx, p)]
    if not points:
        return []
    last = points[-1]
    if not last.stats.shown:
        return [("Morale", f"Morale index ({last.round.title})", NOT_SHOWN, "text")]
    return [("Morale", f"{measure} ({last.round.title})",
             *((NOT_SHOWN, "text") if value is None else (round(value, 1), "int")))
            for measure, value in (("Morale index, 0 to 100", last.stats.morale),
                                   ("eNPS, -100 to 100", last.stats.enps))]
