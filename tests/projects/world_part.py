"""The projects domain's records in the world's project Alpha (and a few in Bravo, to check
that ids from one project never reach the other)."""
from __future__ import annotations

from datetime import date


def build(world, make) -> None:
    from fossdash.auth.models import ProjectMembership
    from fossdash.extensions import db
    from fossdash.projects.models import GovernanceBody

    alpha = world.project
    council = make.agency("Alpha District Council", kind="district_council")
    police = make.agency("Alpha Police", kind="police")
    lead = make.partnership(alpha, council, role="lead", staff_moving_in=12, weekly_hours=37,
                            annual_leave_days=25, pay_scale="NJC spinal points", grade_names="Scale 4",
                            reporting_line="Customer services manager")
    make.partnership(alpha, police, role="partner", staff_moving_in=8, weekly_hours=39,
                     annual_leave_days=28, pay_scale="Police staff pay scales", grade_names="Scale 4",
                     reporting_line="Customer services manager")
    group = make.staff_group(alpha, council, name="Council contact advisers", headcount=12)
    body = GovernanceBody(project_id=alpha.id, kind="project_board", name="Alpha project board",
                          site="Alpha one-stop shop", chair="Head of customer services",
                          members="Alpha District Council\nAlpha Police", meets="Monthly")
    db.session.add(body)
    db.session.commit()
    milestone = make.milestone(alpha, on=date(2027, 4, 1), kind="opening", title="Alpha one-stop shop opens")
    membership = db.session.scalar(
        db.select(ProjectMembership).filter_by(project_id=alpha.id, user_id=world.users["union_rep"].id)
    )

    # Bravo's own records, for the "ids swapped in URLs" tests.
    bravo = world.other
    bravo_agency = make.agency("Bravo County Council", kind="county_council")
    bravo_partnership = make.partnership(bravo, bravo_agency, role="lead", weekly_hours=36)
    bravo_group = make.staff_group(bravo, bravo_agency, name="Bravo call handlers", headcount=30)
    bravo_milestone = make.milestone(bravo, on=date(2027, 1, 10), title="Bravo go-live")
    bravo_body = GovernanceBody(project_id=bravo.id, kind="advisory_board", name="Bravo advisory board")
    db.session.add(bravo_body)
    db.session.commit()
    bravo_membership = db.session.scalar(
        db.select(ProjectMembership).filter_by(project_id=bravo.id, user_id=world.users["outsider"].id)
    )

    world.ids.update(
        agency_id=council.id, partnership_id=lead.id, staff_group_id=group.id, body_id=body.id,
        milestone_id=milestone.id, membership_id=membership.id,
    )
    world.extra["projects"] = {
        "police": police, "bravo_partnership_id": bravo_partnership.id, "bravo_staff_group_id": bravo_group.id,
        "bravo_milestone_id": bravo_milestone.id, "bravo_body_id": bravo_body.id,
        "bravo_membership_id": bravo_membership.id, "bravo_agency_id": bravo_agency.id,
    }
