"""Grading records in the world's project Alpha: three partner agencies with terms, a staff
group, and one grading issue comparing two of them (pay entered), with a comment by HR."""
from __future__ import annotations

from decimal import Decimal


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.grading import actions

    project = world.project
    police = make.agency("Grading world police", kind="police")
    council = make.agency("Grading world council", kind="district_council")
    pensions = make.agency("Grading world pensions", kind="pensions_service")
    make.partnership(project, police, weekly_hours=39, annual_leave_days=24, grade_names="Police staff C")
    make.partnership(project, council, weekly_hours=37, annual_leave_days=26, grade_names="Scale 4")
    make.partnership(project, pensions, weekly_hours=36, annual_leave_days=25, grade_names="AO")
    group = make.staff_group(project, council, name="Grading world council advisers", headcount=20)

    hr = world.users["hr"]
    issue = actions.create_issue(project, hr, "Customer service adviser", "Police staff earn more an hour.",
                                 False, [group.id], [police.id, council.id])
    for row in issue.rows:
        row.pay_min, row.pay_max = Decimal("20000"), Decimal("22000")
    comment = actions.add_comment(issue, "Please check the police staff scale points.", hr)
    db.session.commit()
    row = next(r for r in issue.rows if r.agency_id == police.id)
    world.ids.update(issue_id=issue.id, row_id=row.id, comment_id=comment.id)
    world.extra["grading"] = {"issue": issue, "police": police, "council": council, "pensions": pensions,
                              "group": group}
