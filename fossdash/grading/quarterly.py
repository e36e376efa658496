"""The grading sheet of the quarterly return (declared in the DOMAIN as `return_sheets`): the
register's summary by status, the disparity per role (with a chart), and every issue's agency rows
with hourly rates and disparity, as the register page shows them on the day the return is made."""
from __future__ import annotations

from flask import current_app

from fossdash.grading import actions, queue, rules
from fossdash.grading.models import STATUSES
from fossdash.returns import grading as register
from fossdash.returns.quarterly import Chart, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column


def figures(issues) -> dict:
    summary = queue.summarise(issues)
    disparities = []
    for issue in issues:
        d = rules.disparity(issue.rows)
        if d is not None:
            disparities.append((issue.role_title, d.highest.row.agency.name, d.lowest.row.agency.name,
                                float(d.highest.hourly_mid), float(d.lowest.hourly_mid), float(d.fraction)))
    return {"by_status": summary.by_status, "open": summary.open, "disparities": disparities}


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    issues = actions.project_issues(ctx.project.id)
    if not issues:
        return [ReturnSheet.nothing("Grading", "No grading issues are recorded for this project.")]
    data = figures(issues)
    margin = current_app.config.get("EQUAL_PAY_POINTS_MARGIN", 25)
    gap = current_app.config.get("EQUAL_PAY_GAP_PERCENT", 5)
    built = register.sheets(ctx.project, issues, margin, gap, today=ctx.prepared_on)
    reg_sheet, reg_rows = built[0]
    tables = [
        Table("Issues by status", [Column("Status", "text", 30), Column("Issues", "int", 10)],
              [(STATUSES.get(k, k), n) for k, n in data["by_status"].items()] + [("Not yet closed", data["open"])]),
        Table("Disparity per role (per hour, midpoint of the pay range)",
              [Column("Role", "text", 30, wrap=True), Column("Best-paid agency", "text", 28),
               Column("Worst-paid agency", "text", 28), Column("Best hourly midpoint", "money2"),
               Column("Worst hourly midpoint", "money2"), Column("Disparity", "percent")],
              data["disparities"],
              chart=Chart("barh", "Disparity per role (per hour)", series=[5], y_title="Disparity", percent=True)),
        Table("Issues and agency terms", reg_sheet.columns, reg_rows, filter=True),
    ]
    illustrative = ["Some grading figures are illustrative (see the register's last column)."] \
        if any(i.illustrative for i in issues) else []
    illustrative.append("Job evaluation points use an illustrative points table shaped like the NJC scheme.")
    return [ReturnSheet("Grading", intro=[f"Single Status grading register as at {ctx.prepared_on:%d %B %Y}.",
                                          *reg_sheet.notes[1:]],
                        tables=tables, illustrative=illustrative)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    issues = actions.project_issues(ctx.project.id)
    data = figures(issues)
    largest = max((d[5] for d in data["disparities"]), default=None)
    return [("Grading", "Issues not yet closed", data["open"], "int"),
            ("Grading", "Issues in all", len(issues), "int"),
            ("Grading", "Largest disparity per hour", largest, "percent")]
