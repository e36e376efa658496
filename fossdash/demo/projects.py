"""The demo programme's projects: the eight FOSS case studies with their real partner bodies.

Facts from the FOSS paper (IDeA, May 2007): the partners named there, Northumbria 101's single
non-emergency number for 1.4 million people over a shared virtual contact centre, Rushcliffe's
common checklist for visits to older people, Kent's single Gateway brand and two-tier governance
(a Multi-Agency Advisory Board and a project board per Gateway), the open-plan move at Ashford and
staff visiting a live Gateway before roll-out, Staffordshire Moorlands' partnership forum per
one-stop shop with Age Concern, Bury St Edmunds' building as a step change. Everything else
(headcounts, dates, terms figures, populations other than Northumbria's 1.4 million, chairs and
meeting patterns) is invented and flagged illustrative, and the pages say so.

Idempotent: every record is looked up by its name first and left alone if it exists, so running
it again adds nothing and keeps any change made through the app.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from fossdash.auth.models import ProjectMembership
from fossdash.extensions import db
from fossdash.projects.models import Agency, GovernanceBody, Milestone, Partnership, Project, StaffGroup

AGENCIES = {
    # Rushcliffe First Contact
    "Rushcliffe Borough Council": "district_council",
    "Nottinghamshire County Council": "county_council",
    "Nottinghamshire Police": "police",
    "Rushcliffe Primary Care Trust": "nhs",
    "Age Concern Nottingham and Nottinghamshire": "voluntary",
    # Northumbria 101
    "Northumbria Police Authority": "police_authority",
    "Northumbria Police": "police",
    "Newcastle City Council": "unitary_council",
    "Sunderland City Council": "unitary_council",
    "Gateshead Council": "unitary_council",
    "North Tyneside Council": "unitary_council",
    "South Tyneside Council": "unitary_council",
    "Northumberland County Council": "county_council",
    # Braintree Children's Trust
    "Braintree District Council": "district_council",
    "Essex County Council": "county_council",
    "Mid Essex Primary Care Trust": "nhs",
    "Essex Police": "police",
    # Staffordshire Moorlands one-stop shops
    "Staffordshire Moorlands District Council": "district_council",
    "Jobcentre Plus": "jobcentre_plus",
    "Staffordshire County Council": "county_council",
    # Kent Gateway, Ashford
    "Kent County Council": "county_council",
    "Ashford Borough Council": "district_council",
    "Kent Police": "police",
    # Tameside and the Pensions Service
    "Tameside Metropolitan Borough Council": "unitary_council",
    "The Pensions Service": "pensions_service",
    # Worcestershire Hub
    "Worcestershire County Council": "county_council",
    "Bromsgrove District Council": "district_council",
    "Malvern Hills District Council": "district_council",
    "Redditch Borough Council": "district_council",
    "Worcester City Council": "district_council",
    "Wychavon District Council": "district_council",
    "Wyre Forest District Council": "district_council",
    # Bury St Edmunds Public Service Village
    "St Edmundsbury Borough Council": "district_council",
    "Suffolk County Council": "county_council",
    "Suffolk Constabulary": "police",
    "Suffolk Primary Care Trust": "nhs",
}

# Illustrative terms and conditions by kind of employer. They differ where real employers differ:
# councils on NJC spinal points, police staff on police staff scales, Jobcentre Plus and the
# Pensions Service on civil service grades, NHS staff on Agenda for Change.
_NJC = dict(weekly_hours=37, annual_leave_days=25, pay_scale="NJC spinal points",
            grade_names="Scale 3 to Scale 5",
            performance_indicators="Calls answered within 20 seconds; enquiries resolved at first contact",
            reporting_line="Customer services manager")
_COUNTY = dict(_NJC, annual_leave_days=26, grade_names="Grade 4 to Grade 6",
               performance_indicators="Service standards set by each directorate",
               reporting_line="Area customer services manager")
_POLICE = dict(weekly_hours=39, annual_leave_days=28, pay_scale="Police staff pay scales",
               grade_names="Police staff grades C to E",
               performance_indicators="Non-emergency calls answered within 30 seconds; call abandonment rate",
               reporting_line="Contact centre inspector")
_CIVIL = dict(weekly_hours=37, annual_leave_days=25, pay_scale="Civil service pay bands",
              grade_names="Administrative officer and executive officer",
              performance_indicators="Job outcome and benefit processing targets set by the department",
              reporting_line="Office manager")
_NHS = dict(weekly_hours=Decimal("37.5"), annual_leave_days=27, pay_scale="NHS Agenda for Change",
            grade_names="Bands 3 to 5", performance_indicators="Referral response times",
            reporting_line="Locality team leader")
_VOLUNTARY = dict(weekly_hours=35, annual_leave_days=23, pay_scale="Own pay scale",
                  grade_names="Project worker", performance_indicators="Visits and referrals agreed with funders",
                  reporting_line="Service manager")
TERMS_BY_KIND = {
    "district_council": _NJC, "unitary_council": _NJC, "county_council": _COUNTY, "police": _POLICE,
    "police_authority": dict(_POLICE, reporting_line="Clerk to the police authority"),
    "jobcentre_plus": _CIVIL, "pensions_service": dict(_CIVIL, reporting_line="Local service manager"),
    "nhs": _NHS, "voluntary": _VOLUNTARY,
}


def _d(days: int) -> date:
    return date.today() + timedelta(days=days)


def _projects() -> list[dict]:
    """The case studies. Dates are relative to today, so the demo always has a past and a future."""
    return [
        {
            "name": "Rushcliffe First Contact",
            "type": "multi_agency_team", "stage": "embedding", "go_live_date": _d(-420),
            "lead_body": "Rushcliffe Borough Council", "area_served": "Rushcliffe, Nottinghamshire",
            "population": 110_000,
            "summary": ("Professionals from a range of public and third sector agencies use a common, agreed "
                        "checklist of questions when visiting an older person, to assess their need for the "
                        "services the partners provide. Intensive, carefully thought out training helped gain "
                        "the commitment of staff from all partners. (The paper does not name the partners: "
                        "those listed here are illustrative.)"),
            "partners": [("Rushcliffe Borough Council", "lead", 6), ("Nottinghamshire County Council", "partner", 10),
                         ("Nottinghamshire Police", "partner", 4), ("Rushcliffe Primary Care Trust", "partner", 8),
                         ("Age Concern Nottingham and Nottinghamshire", "partner", 5)],
            "groups": [("Rushcliffe housing and benefits visiting officers", "Rushcliffe Borough Council", 6),
                       ("County adult social care assessors", "Nottinghamshire County Council", 10),
                       ("Police community support officers", "Nottinghamshire Police", 4),
                       ("District nurses and health visitors", "Rushcliffe Primary Care Trust", 8),
                       ("Age Concern visitors", "Age Concern Nottingham and Nottinghamshire", 5)],
            "governance": [("project_board", "First Contact steering group", "", "Rushcliffe Borough Council",
                            "Rushcliffe Borough Council\nNottinghamshire County Council\nNottinghamshire Police\n"
                            "Rushcliffe Primary Care Trust\nAge Concern Nottingham and Nottinghamshire", "Quarterly")],
            "milestones": [("other", "Common checklist for visits to older people agreed", _d(-540),
                            "All partners agree one checklist of questions to ask when visiting an older person."),
                           ("go_live", "First Contact referrals start", _d(-420), ""),
                           ("other", "Refresher training for new visiting staff", _d(45), "")],
        },
        {
            "name": "Northumbria 101",
            "type": "contact_centre", "stage": "transition", "go_live_date": _d(60),
            "lead_body": "Northumbria Police Authority", "area_served": "Northumberland and Tyne and Wear",
            "population": 1_400_000,
            "summary": ("Northumbria Police Authority and all the local authorities in the region jointly deliver "
                        "a single non-emergency number, 101, for 1.4 million people over a shared virtual contact "
                        "centre. A Single Status project within the programme deals with grading, with HR and "
                        "the unions. (The 1.4 million is from the FOSS paper; other figures are illustrative.)"),
            "partners": [("Northumbria Police Authority", "lead", 0), ("Northumbria Police", "partner", 60),
                         ("Newcastle City Council", "partner", 24), ("Sunderland City Council", "partner", 18),
                         ("Gateshead Council", "partner", 12), ("North Tyneside Council", "partner", 10),
                         ("South Tyneside Council", "partner", 9), ("Northumberland County Council", "partner", 14)],
            "groups": [("Northumbria Police contact centre staff", "Northumbria Police", 60),
                       ("Newcastle City Council contact centre advisers", "Newcastle City Council", 24),
                       ("Sunderland City Council customer service advisers", "Sunderland City Council", 18),
                       ("Gateshead Council contact advisers", "Gateshead Council", 12),
                       ("North Tyneside Council contact advisers", "North Tyneside Council", 10),
                       ("South Tyneside Council contact advisers", "South Tyneside Council", 9),
                       ("Northumberland County Council contact advisers", "Northumberland County Council", 14)],
            "governance": [("project_board", "101 programme board", "Shared virtual contact centre",
                            "Northumbria Police Authority",
                            "Northumbria Police Authority\nNorthumbria Police\nNewcastle City Council\n"
                            "Sunderland City Council\nGateshead Council\nNorth Tyneside Council\n"
                            "South Tyneside Council\nNorthumberland County Council", "Monthly")],
            "milestones": [("other", "Contact centre staff begin ten consecutive days of training", _d(-30),
                            "The FOSS paper’s lesson: train staff properly, and allow the time it takes."),
                           ("go_live", "101 non-emergency number goes live", _d(60),
                            "One number for non-emergency calls to the police and every council in the region."),
                           ("service_migration", "Anti-social behaviour calls migrate to 101", _d(150), ""),
                           ("service_migration", "Council street services enquiries migrate to 101", _d(240), "")],
        },
        {
            "name": "Braintree Children's Trust",
            "type": "multi_agency_team", "stage": "live", "go_live_date": _d(-150),
            "lead_body": "Braintree District Council", "area_served": "Braintree district, Essex",
            "population": 140_000,
            "summary": ("A multi-agency team offering personalised services to children with additional needs who "
                        "are at risk of social or educational exclusion but would not meet the thresholds for "
                        "other services. Team members with supervisory experience supervise colleagues from "
                        "other professions."),
            "partners": [("Braintree District Council", "lead", 5), ("Essex County Council", "partner", 9),
                         ("Mid Essex Primary Care Trust", "partner", 4), ("Essex Police", "partner", 2)],
            "groups": [("Braintree family support workers", "Braintree District Council", 5),
                       ("Essex children’s services practitioners", "Essex County Council", 9),
                       ("School nurses and health visitors", "Mid Essex Primary Care Trust", 4),
                       ("Police youth officers", "Essex Police", 2)],
            "governance": [("project_board", "Children’s Trust local board", "", "Essex County Council",
                            "Braintree District Council\nEssex County Council\nMid Essex Primary Care Trust\n"
                            "Essex Police", "Every six weeks")],
            "milestones": [("staff_move", "Multi-agency team moves into one office", _d(-150), ""),
                           ("other", "Review of mixed-discipline supervision", _d(30), "")],
        },
        {
            "name": "Staffordshire Moorlands one-stop shops",
            "type": "one_stop_shop", "stage": "live", "go_live_date": _d(-300),
            "lead_body": "Staffordshire Moorlands District Council", "area_served": "Staffordshire Moorlands",
            "population": 95_000,
            "summary": ("One-stop shops where district council, county council and Jobcentre Plus staff work "
                        "side by side. The chief executive gave three all-staff briefings; partnership forums "
                        "for each one-stop shop include local bodies such as Age Concern; team meetings were "
                        "cut from up to seven people to three or four. (Jobcentre Plus is named in the paper; "
                        "the county council's part is illustrative.)"),
            "partners": [("Staffordshire Moorlands District Council", "lead", 16), ("Jobcentre Plus", "partner", 6),
                         ("Staffordshire County Council", "partner", 5)],
            "groups": [("Moorlands customer services advisers", "Staffordshire Moorlands District Council", 16),
                       ("Jobcentre Plus advisers", "Jobcentre Plus", 6),
                       ("County council information officers", "Staffordshire County Council", 5)],
            "governance": [
                ("partnership_forum", f"{town} one-stop shop partnership forum", f"{town} one-stop shop", "",
                 "Age Concern\nJobcentre Plus\nStaffordshire County Council\nLocal councillors\n"
                 "Local community groups", "Every two months")
                for town in ("Leek", "Biddulph", "Cheadle")
            ],
            "milestones": [("other", "Chief executive’s third all-staff briefing", _d(-330), ""),
                           ("opening", "Leek one-stop shop opens", _d(-300), ""),
                           ("opening", "Cheadle one-stop shop opens", _d(90), "")],
        },
        {
            "name": "Kent Gateway, Ashford",
            "type": "one_stop_shop", "stage": "live", "go_live_date": _d(-200),
            "lead_body": "Kent County Council", "area_served": "Ashford, Kent", "population": 118_000,
            "summary": ("Every agency in the Gateway works under a single Gateway brand: Kent County Council "
                        "gave up its own logo first. Staff moved from working behind screens to an open-plan "
                        "office; before the Gateways roll out elsewhere in the county, staff spend time at a "
                        "live Gateway first. (The paper names Kent County Council; the other partners listed "
                        "here are illustrative.)"),
            "partners": [("Kent County Council", "lead", 14), ("Ashford Borough Council", "partner", 18),
                         ("Jobcentre Plus", "partner", 7), ("Kent Police", "partner", 3)],
            "groups": [("Kent County Council contact advisers", "Kent County Council", 14),
                       ("Ashford Borough Council customer service staff", "Ashford Borough Council", 18),
                       ("Jobcentre Plus advisers", "Jobcentre Plus", 7),
                       ("Kent Police front counter staff", "Kent Police", 3)],
            "governance": [
                ("advisory_board", "Multi-Agency Advisory Board", "", "Kent County Council",
                 "Kent County Council\nAshford Borough Council\nJobcentre Plus\nKent Police\nOther district councils",
                 "Quarterly"),
                ("project_board", "Ashford Gateway project board", "Ashford Gateway", "Ashford Borough Council",
                 "Kent County Council\nAshford Borough Council\nJobcentre Plus\nKent Police", "Monthly"),
            ],
            "milestones": [("staff_move", "Staff move to the open-plan Gateway", _d(-214), ""),
                           ("opening", "Ashford Gateway opens", _d(-200),
                            "All partners appear under the single Gateway brand."),
                           ("other", "Staff of the next Gateway spend time at Ashford Gateway", _d(21),
                            "Staff experience the changed environment before roll-out, instead of ‘tell, train "
                            "and explain’."),
                           ("go_live", "Next Gateway opens in the county", _d(110), "")],
        },
        {
            "name": "Tameside and the Pensions Service",
            "type": "multi_agency_team", "stage": "embedding", "go_live_date": _d(-500),
            "lead_body": "Tameside Metropolitan Borough Council", "area_served": "Tameside",
            "population": 215_000,
            "summary": ("One team from two: council and Pensions Service staff help older people with benefits "
                        "together. The biggest risk at the outset was mutual mistrust; team-building workshops "
                        "and joint training proved invaluable."),
            "partners": [("Tameside Metropolitan Borough Council", "lead", 11), ("The Pensions Service", "partner", 9)],
            "groups": [("Tameside welfare rights and benefits officers", "Tameside Metropolitan Borough Council", 11),
                       ("Pensions Service local service staff", "The Pensions Service", 9)],
            "governance": [("project_board", "Joint team management board", "", "Tameside Metropolitan Borough Council",
                            "Tameside Metropolitan Borough Council\nThe Pensions Service", "Monthly")],
            "milestones": [("other", "Team-building workshops for both teams", _d(-540), ""),
                           ("staff_move", "The joint team starts", _d(-500), "")],
        },
        {
            "name": "Worcestershire Hub",
            "type": "contact_centre", "stage": "design", "go_live_date": _d(270),
            "lead_body": "Worcestershire County Council", "area_served": "Worcestershire", "population": 560_000,
            "summary": ("The county council and the district councils share customer service centres and a "
                        "contact centre. Moving work from the professional services to the customer service "
                        "functions took a lot of internal negotiation. (The paper does not name the district "
                        "councils: those listed here are illustrative.)"),
            "partners": [("Worcestershire County Council", "lead", 30), ("Bromsgrove District Council", "partner", 6),
                         ("Malvern Hills District Council", "partner", 5), ("Redditch Borough Council", "partner", 7),
                         ("Worcester City Council", "partner", 8), ("Wychavon District Council", "partner", 7),
                         ("Wyre Forest District Council", "partner", 7)],
            "groups": [("County contact centre advisers", "Worcestershire County Council", 30),
                       ("District customer service centre staff", None, 40)],
            "governance": [("project_board", "Hub partnership board", "", "Worcestershire County Council",
                            "Worcestershire County Council\nBromsgrove District Council\nMalvern Hills District "
                            "Council\nRedditch Borough Council\nWorcester City Council\nWychavon District Council\n"
                            "Wyre Forest District Council", "Monthly")],
            "milestones": [("other", "Workload agreement between professional and customer services", _d(75), ""),
                           ("go_live", "Shared contact centre goes live", _d(270), "")],
        },
        {
            "name": "Bury St Edmunds Public Service Village",
            "type": "service_village", "stage": "transition", "go_live_date": _d(120),
            "lead_body": "St Edmundsbury Borough Council", "area_served": "Bury St Edmunds",
            "population": 100_000,
            "summary": ("Public services under one roof. The move into the building makes a step change in the "
                        "way people work, and culture change has to continue afterwards: ‘people are more "
                        "important than bricks and mortar’. (The paper does not name the partners: those listed "
                        "here are illustrative.)"),
            "partners": [("St Edmundsbury Borough Council", "lead", 35), ("Suffolk County Council", "partner", 25),
                         ("Suffolk Constabulary", "partner", 10), ("Suffolk Primary Care Trust", "partner", 12)],
            "groups": [("St Edmundsbury customer services staff", "St Edmundsbury Borough Council", 35),
                       ("Suffolk County Council customer services staff", "Suffolk County Council", 25),
                       ("Suffolk Constabulary enquiry office staff", "Suffolk Constabulary", 10),
                       ("PCT reception and booking staff", "Suffolk Primary Care Trust", 12)],
            "governance": [("project_board", "Public Service Village project board", "Bury St Edmunds",
                            "St Edmundsbury Borough Council",
                            "St Edmundsbury Borough Council\nSuffolk County Council\nSuffolk Constabulary\n"
                            "Suffolk Primary Care Trust", "Monthly")],
            "milestones": [("other", "Staff tour the new building", _d(40), ""),
                           ("opening", "Public Service Village building opens", _d(120),
                            "The step change: a change of facilities as a catalyst for cultural change."),
                           ("staff_move", "Staff from all partners move in", _d(127), "")],
        },
    ]


# Demo accounts on projects: pm@ runs two projects; pm.kent@ runs Kent and Staffordshire Moorlands;
# hr@ and union@ work on Northumbria 101 and Kent. exec@ and admin@ need no membership.
MEMBERS = [
    ("pm@fossdash.example", "Northumbria 101", "programme_manager"),
    ("pm@fossdash.example", "Kent Gateway, Ashford", "programme_manager"),
    ("pm.kent@fossdash.example", "Kent Gateway, Ashford", "programme_manager"),
    ("pm.kent@fossdash.example", "Staffordshire Moorlands one-stop shops", "programme_manager"),
    ("hr@fossdash.example", "Northumbria 101", "hr"),
    ("hr@fossdash.example", "Kent Gateway, Ashford", "hr"),
    ("union@fossdash.example", "Northumbria 101", "union_rep"),
    ("union@fossdash.example", "Kent Gateway, Ashford", "union_rep"),
]


def _by_name(model, **where):
    return db.session.scalar(select(model).filter_by(**where))


def load(ctx: dict) -> None:
    agencies: dict[str, Agency] = {}
    for name, kind in AGENCIES.items():
        agency = _by_name(Agency, name=name)
        if agency is None:
            agency = Agency(name=name, kind=kind)
            db.session.add(agency)
        agencies[name] = agency
    db.session.flush()

    projects: dict[str, Project] = {}
    for spec in _projects():
        project = _by_name(Project, name=spec["name"])
        if project is None:
            project = Project(**{k: spec[k] for k in ("name", "type", "stage", "go_live_date", "lead_body",
                                                      "area_served", "population", "summary")},
                              illustrative=True)
            db.session.add(project)
            db.session.flush()
        projects[project.name] = project
        _partners(project, spec, agencies)
        _groups(project, spec, agencies)
        _governance(project, spec)
        _milestones(project, spec)
    db.session.flush()

    users = ctx.get("users", {})
    for email, project_name, role in MEMBERS:
        user, project = users.get(email), projects[project_name]
        if user is None:
            continue
        if _by_name(ProjectMembership, project_id=project.id, user_id=user.id) is None:
            db.session.add(ProjectMembership(project_id=project.id, user_id=user.id, role=role))
    db.session.flush()
    ctx["projects"] = projects
    ctx["agencies"] = agencies


def _partners(project: Project, spec: dict, agencies: dict[str, Agency]) -> None:
    for agency_name, role, moving in spec["partners"]:
        agency = agencies[agency_name]
        if _by_name(Partnership, project_id=project.id, agency_id=agency.id) is not None:
            continue
        # A body with no staff moving in (Northumbria Police Authority) has no terms to compare.
        terms = TERMS_BY_KIND.get(agency.kind, _NJC) if moving else {}
        db.session.add(Partnership(project_id=project.id, agency_id=agency.id, role=role,
                                   staff_moving_in=moving, terms_illustrative=True, **terms))


def _groups(project: Project, spec: dict, agencies: dict[str, Agency]) -> None:
    for name, agency_name, headcount in spec["groups"]:
        if _by_name(StaffGroup, project_id=project.id, name=name) is not None:
            continue
        agency = agencies.get(agency_name) if agency_name else None
        db.session.add(StaffGroup(project_id=project.id, agency_id=agency.id if agency else None, name=name,
                                  headcount=headcount, illustrative=True))


def _governance(project: Project, spec: dict) -> None:
    for kind, name, site, chair, members, meets in spec["governance"]:
        if _by_name(GovernanceBody, project_id=project.id, name=name) is not None:
            continue
        db.session.add(GovernanceBody(project_id=project.id, kind=kind, name=name, site=site, chair=chair,
                                      members=members, meets=meets, illustrative=True))


def _milestones(project: Project, spec: dict) -> None:
    for kind, title, on, description in spec["milestones"]:
        if _by_name(Milestone, project_id=project.id, title=title) is not None:
            continue
        db.session.add(Milestone(project_id=project.id, kind=kind, title=title, on=on, description=description,
                                 illustrative=True))
