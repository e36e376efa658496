"""The grading register as Excel sheets: one row per issue and agency, and the equal-pay warnings.
No request, no database queries: the caller hands in the loaded issues.

    sheets(project, issues, margin, gap, today) -> [(Sheet, rows)]
"""
from __future__ import annotations

from datetime import date

from fossdash.grading import queue, rules as service
from fossdash.grading.models import POSITIONS, STATUSES
from fossdash.returns.xlsx import Column, Sheet

COLUMNS = [
    Column("Issue", "int", width=8),
    Column("Role", "text", width=30, wrap=True),
    Column("Status", "text", width=18),
    Column("Union position", "text", width=22),
    Column("Union conditions or reasons", "text", width=40, wrap=True),
    Column("Staff groups", "text", width=30, wrap=True),
    Column("Agency", "text", width=30, wrap=True),
    Column("Current grade", "text", width=20),
    Column("Pay from (£ a year)", "money2"),
    Column("Pay to (£ a year)", "money2"),
    Column("Weekly hours", "number"),
    Column("Annual leave (days)", "number"),
    Column("Hourly rate from", "money2"),
    Column("Hourly rate to", "money2"),
    Column("Hourly midpoint", "money2"),
    Column("Role disparity (per hour)", "percent", width=14),
    Column("Job evaluation points", "int", width=12),
    Column("Equal-pay warnings", "int", width=12),
    Column("New grade", "text", width=20),
    Column("New pay from (£ a year)", "money2"),
    Column("New pay to (£ a year)", "money2"),
    Column("New weekly hours", "number"),
    Column("New hourly midpoint", "money2"),
    Column("Change per hour for this agency", "percent", width=14),
    Column("Takes effect", "date"),
    Column("Pay protection (months)", "int", width=12),
    Column("Days in this status", "int", width=10),
    Column("Figures illustrative", "text", width=12),
]


def _rows(issues, warnings: dict[int, int], today: date):
    for issue in issues:
        disparity = service.disparity(issue.rows)
        points = service.evaluation_total(issue.evaluation)
        position = issue.position
        pos_text = ""
        if position is not None:
            pos_text = position.conditions or position.reasons
        groups = "; ".join(g.name for g in issue.staff_groups)
        d = issue.decision
        new = service.rates(d) if d else None
        impacts = {id(i.row): i for i in service.decision_impact(issue.rows, d)} if d else {}
        common = [issue.id, issue.role_title, STATUSES.get(issue.status, issue.status),
                  POSITIONS.get(issue.position_key, issue.position_key), pos_text, groups]
        tail_decision = [
            d.new_grade if d else None, d.pay_min if d else None, d.pay_max if d else None,
            d.weekly_hours if d else None, new.hourly_mid if new else None,
        ]
        tail = [d.effective_date if d else None, d.pay_protection_months if d else None,
                queue.days_since(issue.status_changed_at, today), "Yes" if issue.illustrative else "No"]
        rows = issue.rows or [None]
        for row in rows:
            if row is None:
                yield common + [None] * 10 + [points, warnings.get(issue.id, 0)] + tail_decision + [None] + tail
                continue
            r = service.rates(row)
            impact = impacts.get(id(row))
            yield common + [
                row.agency.name, row.current_grade, row.pay_min, row.pay_max, row.weekly_hours, row.annual_leave_days,
                r.hourly_min, r.hourly_max, r.hourly_mid, disparity.fraction if disparity else None,
                points, warnings.get(issue.id, 0),
            ] + tail_decision + [impact.change if impact else None] + tail


TITLE = "Grading register"


def sheets(project, issues, margin, gap_percent, today: date):
    """[(Sheet, rows)] for write_workbook / downloads.send_workbook: the register of one project
    (and, when there are any, its equal-pay warnings on a second sheet)."""
    issues = list(issues)
    warnings = service.equal_pay_warnings(issues, margin, gap_percent)
    counts: dict[int, int] = {}
    for w in warnings:
        counts[w.higher.id] = counts.get(w.higher.id, 0) + 1
        counts[w.lower.id] = counts.get(w.lower.id, 0) + 1
    notes = [
        f"{TITLE}: {project.name}. Exported {today.day} {today.strftime('%B %Y')}.",
        "Hourly rate = annual pay ÷ 52.143 weeks ÷ weekly hours. " + service.DISPARITY_DEFINITION,
        "Job evaluation points use an ILLUSTRATIVE points table shaped like the NJC scheme.",
        service.equal_pay_definition(margin, gap_percent) + " " + service.EQUAL_PAY_SCOPE,
    ]
    if any(i.illustrative for i in issues):
        notes.append("Some figures are ILLUSTRATIVE (see the last column): invented for a demonstration.")
    out = [(Sheet(TITLE, COLUMNS, notes), _rows(issues, counts, today))]
    if warnings:
        out.append((Sheet("Equal-pay warnings", [
            Column("Role paid more", "text", width=30), Column("Points", "int"),
            Column("Hourly pay", "money2"), Column("Role paid less", "text", width=30), Column("Points", "int"),
            Column("Hourly pay", "money2"), Column("Gap (per hour)", "percent"),
        ], [service.equal_pay_definition(margin, gap_percent)]),
            [[w.higher.role_title, w.higher_points, w.higher_hourly, w.lower.role_title, w.lower_points,
              w.lower_hourly, w.gap] for w in warnings]))
    return out

