"""The training sheet of the quarterly return (declared in the DOMAIN as `return_sheets`).

- Coverage per staff group at the quarter's end (or the day the return is made, if earlier),
  worked out by the same functions as the training page (metrics.training.coverage_at through
  training.service.coverage_rows), with a chart drawn from the sheet's own cells;
- the project's coverage at the end of each quarter up to this one;
- the sessions held in the quarter (any day of the session in it), with their counts.

Coverage is a count of completions against a staff group's headcount: no one's training record
is kept and nothing is broken down by person, so (as on the page) nothing is suppressed.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fossdash.metrics import training as metrics
from fossdash.returns.quarterly import Chart, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column
from fossdash.training import service
from fossdash.training.models import TrainingCourse, TrainingSession

TITLE = "Training"
TREND_QUARTERS = 4
NO_STAFF = "No staff"


def _day(d) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def figures(ctx: ReturnContext, plan: metrics.Plan | None = None) -> dict:
    """The sheet's figures as plain data (what the tests compare with the page)."""
    plan = plan if plan is not None else metrics.plan(ctx.project.id, session=ctx.session)
    rows, total = service.coverage_rows(plan, ctx.as_at)
    trend = []
    for quarter in reversed([ctx.quarter.previous(i) for i in range(TREND_QUARTERS)]):
        on = min(quarter.last_day, ctx.as_at)
        result = metrics.coverage_at(plan, on)
        trend.append((quarter.label, on, result.project.completed, result.project.places, result.project.share))
    return {"coverage": [(r.group.name, r.group.headcount, r.places, r.completed, r.share) for r in rows],
            "total": (total.completed, total.places, total.share), "trend": trend, "any": bool(plan.courses)}


def _sessions(ctx: ReturnContext) -> list[tuple]:
    """Sessions with any day in the quarter: (course, starts, ends, place, planned, attended,
    completed, illustrative); attended and completed blank until recorded, as on the page."""
    q = ctx.quarter
    found = list(ctx.session.scalars(
        select(TrainingSession).join(TrainingCourse, TrainingSession.course_id == TrainingCourse.id)
        .options(selectinload(TrainingSession.course), selectinload(TrainingSession.attendance))
        .where(TrainingSession.project_id == ctx.project.id, TrainingSession.starts_on < q.end,
               TrainingSession.ends_on >= q.start)
        .order_by(TrainingSession.starts_on, TrainingCourse.title, TrainingSession.id)))
    out = []
    for s in found:
        totals = service.session_totals(s)
        illustrative = s.illustrative or s.course.illustrative or any(a.illustrative for a in s.attendance)
        out.append((s.course.title, s.starts_on, s.ends_on, s.place, totals.planned, totals.attended,
                    totals.completed, "Illustrative" if illustrative else ""))
    return out


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    plan = metrics.plan(ctx.project.id, session=ctx.session)
    if not plan.courses:
        return [ReturnSheet.nothing(TITLE, "No training courses are recorded for this project.")]
    data = figures(ctx, plan)
    sessions = _sessions(ctx)
    on = _day(ctx.as_at)
    completed, places, share = data["total"]
    tables = [
        Table(f"Coverage per staff group at {on}",
              [Column("Staff group", "text", 40), Column("Headcount", "int", 11),
               Column("Places", "int", 12),
               Column("Completed (counted)", "int", 13), Column("Coverage", "percent", 11)],
              [(name, headcount, p, c, NO_STAFF if s is None else s) for name, headcount, p, c, s in data["coverage"]],
              chart=Chart("barh", f"Training coverage per staff group at {on}", series=[4], y_title="Coverage",
                          percent=True),
              note="Places = headcount × the courses targeting the group. Coverage = completions ÷ places; a "
                   "completion counts from the day its session ends."),
        Table("Whole project (every targeted group)",
              [Column("Measure", "text", 40), Column("Headcount", "int", 11),
               Column("Places", "int", 12),
               Column("Completed (counted)", "int", 13), Column("Coverage", "percent", 11)],
              [("Whole project", None, places, completed, NO_STAFF if share is None else share)]),
        Table("Coverage of the whole project at each quarter's end",
              [Column("Quarter", "text", 40), Column("At", "date"), Column("Completed (counted)", "int", 16),
               Column("Places", "int", 13), Column("Coverage", "percent", 11)],
              [(label, at, c, p, NO_STAFF if s is None else s) for label, at, c, p, s in data["trend"]],
              chart=Chart("line", "Coverage of the whole project per quarter", series=[4], y_title="Coverage",
                          x_title="Quarter", percent=True)),
        Table(f"Training sessions in {ctx.quarter.label}",
              [Column("Course", "text", 40), Column("Starts", "date"), Column("Ends", "date"),
               Column("Place", "text", 30), Column("Planned", "int", 13), Column("Attended", "int", 11),
               Column("Completed", "int"), Column("Illustrative", "text", 12)],
              sessions, note="Attended and completed are blank until the session's attendance is recorded.",
              filter=True),
    ]
    illustrative = []
    if any(s[-1] for s in sessions):
        illustrative.append("Some training courses or sessions are illustrative (invented for the demonstration).")
    intro = [f"Training coverage per staff group at {on}, and the sessions held in {ctx.quarter.long_label}.",
             "Counts only: no one's training record is kept."]
    if not sessions:
        intro.append(f"No training sessions were held in {ctx.quarter.label}.")
    return [ReturnSheet(TITLE, intro=intro, tables=tables, illustrative=illustrative)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    """The project's training figures for the portfolio return (whole-project counts)."""
    plan = metrics.plan(ctx.project.id, session=ctx.session)
    if not plan.courses:
        return []
    completed, places, share = figures(ctx, plan)["total"]
    return [("Training", "Coverage at the quarter's end (every targeted group)", share, "percent"),
            ("Training", "Sessions in the quarter", len(_sessions(ctx)), "int")]
