"""The communication sheet of the quarterly return (declared in the DOMAIN as `return_sheets`).

- Actions due in the quarter and how many of them were done (on time, late), actions done in
  the quarter, and those overdue at the quarter's end;
- the on-time share as the plan page gives it (the whole plan, on the day the figures are taken
  at) and the same share for the actions due in the quarter;
- actions planned and done and people reached per month of the quarter, with a chart drawn from
  the sheet's own cells;
- the quarter's actions themselves, for roles that may export the plan.

Every figure is worked out by fossdash.metrics.comms, the functions behind the plan page. A status
is read on the day the figures are taken at (the quarter's last day, or the day the return is made
if that is earlier), never as typed.
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from fossdash.comms import rules
from fossdash.comms.models import CommsAction
from fossdash.metrics import comms as metrics
from fossdash.returns.quarterly import Chart, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column

TITLE = "Communication"


def _day(d) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def figures(ctx: ReturnContext, actions: list[metrics.ActionDates] | None = None) -> dict:
    """The sheet's figures as plain data (what the tests compare with the page)."""
    actions = actions if actions is not None else metrics.load(ctx.project.id, session=ctx.session)
    q, on = ctx.quarter, ctx.as_at
    due = [a for a in actions if q.contains(a.due_on)]
    due_statuses = [rules.status(a.due_on, a.done_on, on) for a in due]
    done = [a for a in actions if q.contains(a.done_on) and a.done_on is not None and a.done_on <= on]
    month_data = metrics.per_month(actions, on) if actions else metrics.PerMonth([], [], [], [])
    index = {m: i for i, m in enumerate(month_data.months)}
    months = []
    m = metrics.Month.of(q.start)
    while m.start < q.end:
        i = index.get(m)
        months.append((m.label, *((month_data.planned[i], month_data.done[i], month_data.reached[i])
                                  if i is not None else (0, 0, 0))))
        m = m.next()
    return {
        "due": len(due),
        "due_done_on_time": due_statuses.count("done_on_time"),
        "due_done_late": due_statuses.count("done_late"),
        "due_overdue": due_statuses.count("overdue"),
        "due_not_yet": sum(1 for s in due_statuses if s in ("planned", "due_soon")),
        "done": len(done),
        "reached": sum(a.people_reached or 0 for a in done),
        "overdue": len(metrics.overdue(actions, on)),
        "on_time": metrics.on_time(actions, on),  # the whole plan, as the plan page
        "on_time_due": metrics.on_time(due, on),  # the actions due in the quarter
        "months": months,
        "any": bool(actions),
    }


def _actions(ctx: ReturnContext) -> list[tuple]:
    q, on = ctx.quarter, ctx.as_at
    found = ctx.session.scalars(
        select(CommsAction).options(selectinload(CommsAction.agency), selectinload(CommsAction.staff_group))
        .where(CommsAction.project_id == ctx.project.id,
               or_(and_(CommsAction.due_on >= q.start, CommsAction.due_on < q.end),
                   and_(CommsAction.done_on >= q.start, CommsAction.done_on < q.end)))
        .order_by(CommsAction.due_on, CommsAction.id))
    out = []
    for a in found:
        done_in = a.done_on is not None and q.contains(a.done_on) and a.done_on <= on
        if not (q.contains(a.due_on) or done_in):
            continue
        out.append((a.title, a.technique_label, a.audience_label, a.owner, a.due_on,
                    a.done_on if a.done_on is not None and a.done_on <= on else None, a.status_label(on),
                    a.people_reached if a.done_on is not None and a.done_on <= on else None,
                    "Illustrative" if a.illustrative else ""))
    return out


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    actions = metrics.load(ctx.project.id, session=ctx.session)
    if not actions:
        return [ReturnSheet.nothing(TITLE, "No communication actions are recorded for this project.")]
    data = figures(ctx, actions)
    on = _day(ctx.as_at)
    share_cols = [Column("Measure", "text", 44), Column("Settled (done or overdue)", "int", 14),
                  Column("Done on time", "int", 12), Column("On-time share", "percent", 12)]

    def share_row(label, counts: metrics.OnTime):
        return (label, counts.settled, counts.on_time,
                counts.share if counts.share is not None else "No actions done or due yet")

    tables = [
        Table(f"Actions due and done in {ctx.quarter.label}", [Column("Measure", "text", 44),
                                                               Column("Actions", "int", 14)],
              [("Due in the quarter", data["due"]),
               ("Of those, done on time", data["due_done_on_time"]),
               ("Of those, done late", data["due_done_late"]),
               (f"Of those, overdue on {on}", data["due_overdue"]),
               (f"Of those, not yet due on {on}", data["due_not_yet"]),
               ("Done in the quarter (whenever due)", data["done"]),
               ("People reached by the actions done in the quarter", data["reached"]),
               (f"Overdue on {on} (the whole plan)", data["overdue"])]),
        Table(f"On-time share on {on}", share_cols,
              [share_row("Actions due in the quarter", data["on_time_due"]),
               share_row("The whole plan (as on the plan page)", data["on_time"])],
              note="Of the actions settled on that day (done, or overdue), the share done on or before "
                   "their due date."),
        Table("Actions per month", [Column("Month", "text", 44), Column("Planned (due that month)", "int", 14),
                                    Column("Done", "int", 12), Column("People reached", "int", 12)],
              data["months"],
              chart=Chart("bar", f"Communication actions per month, {ctx.quarter.label}", series=[1, 2],
                          y_title="Actions", x_title="Month")),
    ]
    intro = [f"The communication plan in {ctx.quarter.long_label}: actions due and done, and the on-time share.",
             f"Statuses are as on {on}."]
    illustrative = []
    rows = _actions(ctx)
    if ctx.can("export"):
        tables.append(Table("Actions due or done in the quarter",
                            [Column("Action", "text", 44, wrap=True), Column("Technique", "text", 24),
                             Column("Audience", "text", 24), Column("Owner", "text", 24), Column("Due", "date"),
                             Column("Done", "date"), Column("Status", "text", 18),
                             Column("People reached", "int", 12), Column("Illustrative", "text", 12)],
                            rows, filter=True))
    else:
        intro.append("The list of actions is not included for your role.")
    if any(r[-1] for r in rows):
        illustrative.append("Some communication actions in this quarter are illustrative (invented for the "
                            "demonstration).")
    if not data["due"] and not data["done"]:
        intro.append(f"No communication actions were due or done in {ctx.quarter.label}.")
    return [ReturnSheet(TITLE, intro=intro, tables=tables, illustrative=illustrative)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    """The project's communication figures for the portfolio return (whole-project counts)."""
    actions = metrics.load(ctx.project.id, session=ctx.session)
    if not actions:
        return []
    data = figures(ctx, actions)
    return [("Communication", "Actions due in the quarter", data["due"], "int"),
            ("Communication", "Actions done in the quarter", data["done"], "int"),
            ("Communication", "Share of the quarter's actions done on time", data["on_time_due"].share, "percent")]
