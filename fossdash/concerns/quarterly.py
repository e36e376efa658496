"""The concerns sheets of the quarterly return (declared in the DOMAIN as `return_sheets`).

- Concerns raised in the quarter by category and status (the whole project's counts: not a
  breakdown by agency or group, so shown as counted, as on the register page);
- concerns raised per quarter up to this one, with responses on time, and a chart of them;
- the register of the quarter's concerns, only for roles that may export it, with who raised a
  named concern only for roles that may see it (never union reps).
"""
from __future__ import annotations

from sqlalchemy import select

from fossdash.concerns.models import CATEGORIES, STATUSES, Concern
from fossdash.returns.quarterly import Chart, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column

TREND_QUARTERS = 8


def target_days(ctx: ReturnContext) -> int:
    """A response is on time when the concern is answered within the project's target days of
    being raised: its readiness setting (10 unless changed), as on the project home and in the
    readiness evidence."""
    from fossdash.readiness.service import target_days as readiness_target_days

    return readiness_target_days(ctx.project.id)


def _counts(ctx: ReturnContext):
    rows = ctx.session.execute(
        select(Concern.raised_on, Concern.category, Concern.status, Concern.answered_on, Concern.illustrative)
        .where(Concern.project_id == ctx.project.id, Concern.raised_on < ctx.quarter.end)
    ).all()
    return rows


def figures(ctx: ReturnContext) -> dict:
    """The sheet's figures as plain data (what the tests compare with the pages)."""
    rows = _counts(ctx)
    q = ctx.quarter
    days = target_days(ctx)
    in_quarter = [r for r in rows if q.contains(r.raised_on)]
    by_cat_status: dict[str, dict[str, int]] = {}
    for r in in_quarter:
        by_cat_status.setdefault(r.category, {s: 0 for s in STATUSES})
        by_cat_status[r.category][r.status] = by_cat_status[r.category].get(r.status, 0) + 1
    trend = []
    for quarter in reversed([q.previous(i) for i in range(TREND_QUARTERS)]):
        raised = [r for r in rows if quarter.contains(r.raised_on)]
        answered = [r for r in raised if r.answered_on is not None]
        on_time = [r for r in answered if (r.answered_on - r.raised_on).days <= days]
        trend.append((quarter.label, len(raised), len(answered), len(on_time),
                      len(on_time) / len(raised) if raised else None))
    return {"by_category_status": by_cat_status, "trend": trend, "target_days": days,
            "illustrative": any(r.illustrative for r in in_quarter), "any": bool(rows)}


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    data = figures(ctx)
    if not data["any"]:
        return [ReturnSheet.nothing("Concerns", "No concerns are recorded for this project up to this quarter.")]
    cats = [c for c in CATEGORIES if c in data["by_category_status"]]
    status_cols = [Column(label, "int", 12) for label in STATUSES.values()]
    matrix = []
    for c in cats:
        counts = data["by_category_status"][c]
        matrix.append((CATEGORIES[c], *[counts.get(s, 0) for s in STATUSES], sum(counts.values())))
    if matrix:
        matrix.append(("All categories", *[sum(r[i + 1] for r in matrix) for i in range(len(STATUSES))],
                       sum(r[-1] for r in matrix)))
    tables = [
        Table(f"Concerns raised in {ctx.quarter.label} by category and status",
              [Column("Category", "text", 34), *status_cols, Column("Total", "int", 10)], matrix,
              note="Status as at the date the return was prepared."),
        Table("Concerns raised per quarter and responses on time",
              [Column("Quarter", "text", 34), Column("Raised", "int", 12), Column("Answered", "int", 12),
               Column(f"Answered within {data['target_days']} days", "int", 14), Column("Share on time", "percent", 12)],
              data["trend"],
              chart=Chart("bar", "Concerns raised and answered on time per quarter", series=[1, 3],
                          y_title="Concerns", x_title="Quarter")),
    ]
    intro = [f"Concerns and questions from staff, {ctx.quarter.long_label}.",
             f"A response is on time when the concern is answered within {data['target_days']} days of being raised "
             "(the project's target, set with its readiness settings)."]
    if ctx.can("export"):
        tables.append(_register(ctx))
    else:
        intro.append("The register itself is not included for your role.")
    illustrative = ["Some concerns in this quarter are illustrative (invented for the demonstration)."] \
        if data["illustrative"] else []
    return [ReturnSheet("Concerns", intro=intro, tables=tables, illustrative=illustrative)]


def _register(ctx: ReturnContext) -> Table:
    from fossdash.concerns import service
    from fossdash.returns import concerns as register

    include_raiser = ctx.can("see_raiser")
    where = service.anonymity(ctx.project)
    q = ctx.quarter

    def rows():
        for r in service.export_rows(ctx.project.id, session=ctx.session):
            if q.contains(r.raised_on):
                yield r

    title = "Register of concerns raised in the quarter"
    if not include_raiser:
        title += " (without who raised them)"
    return Table(title, register.columns(include_raiser), register.rows(rows(), include_raiser, where),
                 filter=True)


def portfolio(ctx: ReturnContext) -> list[tuple]:
    """The project's concerns figures for the portfolio return (whole-project counts)."""
    data = figures(ctx)
    label, raised, answered, on_time, share = data["trend"][-1]
    still_open = sum(c.get("open", 0) + c.get("responding", 0) for c in data["by_category_status"].values())
    return [("Concerns", "Raised in the quarter", raised, "int"),
            ("Concerns", "Raised in the quarter and still open or being answered", still_open, "int"),
            ("Concerns", f"Answered within the project's target of {data['target_days']} days", on_time, "int"),
            ("Concerns", "Share answered on time", share, "percent")]
