"""Northumbria 101's Single Status work: grading issues for roles shared by police staff and council
staff, in every state of the workflow, with union positions of each kind, comments from HR and the
union, and one equal-pay warning.

The FOSS paper says only that Northumbria 101 ran a Single Status project with HR and the unions.
Every grade, pay figure, job evaluation level, date and comment here is invented: each issue is
flagged illustrative and the pages say so.

Idempotent: an issue is looked up by project and role first and left alone if it exists. Runs after
the projects part; if "Northumbria 101" (or its partner agencies) is missing it does nothing.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.grading import actions
from fossdash.grading.models import (
    GradingComment,
    GradingDecision,
    GradingIssue,
    GradingTransition,
    JobEvaluation,
    UnionPosition,
)
from fossdash.projects.models import Agency, Partnership, Project, StaffGroup

log = logging.getLogger("fossdash.demo")

PROJECT = "Northumbria 101"
POLICE = "Northumbria Police"
NEWCASTLE = "Newcastle City Council"
SUNDERLAND = "Sunderland City Council"
GATESHEAD = "Gateshead Council"
NORTHUMBERLAND = "Northumberland County Council"

# Job evaluation levels, factor by factor (see fossdash.grading.rules.POINTS, illustrative).
EVAL_ADVISER = dict(knowledge=4, mental_skills=3, interpersonal_skills=4, physical_skills=2, initiative=3,
                    physical_demands=2, mental_demands=3, emotional_demands=3, resp_people=3,
                    resp_supervision=1, resp_financial=2, resp_physical=2, working_conditions=2)  # 440 points
EVAL_CSA = dict(EVAL_ADVISER, interpersonal_skills=3)  # 427 points: within 25 of the contact centre adviser
EVAL_LEADER = dict(EVAL_ADVISER, knowledge=5, initiative=5, resp_supervision=4, resp_people=4,
                   mental_demands=4)  # 548 points
EVAL_ADMIN = dict(EVAL_ADVISER, knowledge=3, interpersonal_skills=2, emotional_demands=2, resp_people=2)  # 371 points

# role, description, raised N days ago, rows [(agency, grade, pay from, pay to)], staff groups (by agency),
# evaluation levels, decision (grade, pay from, pay to, hours, takes effect in N days, months of
# protection, notes), moves [(to, days ago, reason)], union position, comments [(who, days ago, text)]
ISSUES = [
    {
        "role": "Contact centre adviser",
        "description": ("Police staff and council advisers take the same 101 calls side by side in the shared "
                        "virtual contact centre, on different scales and different weekly hours (39 and 37). "
                        "Staff have said: \"they earn more than we do\"."),
        "raised": 120,
        "rows": [(POLICE, "Police staff grade C", 21000, 23000), (NEWCASTLE, "Scale 4", 19000, 20500),
                 (SUNDERLAND, "Scale 4", 18800, 20300)],
        "groups": [POLICE, NEWCASTLE, SUNDERLAND],
        "evaluation": EVAL_ADVISER,
        "moves": [("hr_review", 112, "Pay and hours of the three employers collected for comparison."),
                  ("job_evaluation", 90, "Roles look alike on paper: a joint panel will evaluate the role."),
                  ("union_consultation", 38, "Job evaluation complete (440 points). Consulting UNISON before "
                                             "a proposal is made.")],
        "position": ("pending", ""),
        "comments": [("hr@fossdash.example", 37, "Job evaluation shared with the union branch. Police staff "
                                                 "earn about 12% more a year, but they work 39 hours to the "
                                                 "councils' 37, so per hour the gap is under 7%."),
                     ("union@fossdash.example", 20, "Branch meeting next week: members want to know whether "
                                                    "the 39-hour week would come down to 37.")],
    },
    {
        "role": "Customer service adviser",
        "description": "Face-to-face and telephone advisers of three councils moving into the 101 service.",
        "raised": 150,
        "rows": [(SUNDERLAND, "Scale 3", 17500, 18900), (GATESHEAD, "Scale 3", 17800, 19200),
                 (NORTHUMBERLAND, "Grade 4", 17600, 19000)],
        "groups": [SUNDERLAND, GATESHEAD, NORTHUMBERLAND],
        "evaluation": EVAL_CSA,
        "decision": ("Scale 4 (Single Status)", 18500, 20000, 37, 60, 12,
                     "Assimilation to the bottom point of scale 4 or the next point above current pay."),
        "moves": [("hr_review", 140, "Three councils, three scales for one job."),
                  ("job_evaluation", 120, "Joint evaluation requested by the branch."),
                  ("union_consultation", 75, "Evaluation complete (427 points)."),
                  ("proposal", 30, "Proposal: one scale for all three councils' advisers from April.")],
        "position": ("supports_with_conditions", "Supported if staff whose pay would fall keep it for at least "
                                                 "12 months, and if no one's leave is reduced."),
        "comments": [("union@fossdash.example", 28, "We can support this with the two conditions we have "
                                                    "recorded."),
                     ("hr@fossdash.example", 25, "Both conditions are in the draft collective agreement.")],
    },
    {
        "role": "Contact centre team leader",
        "description": "Supervisors of mixed police and council teams in the 101 centre.",
        "raised": 200,
        "rows": [(POLICE, "Police staff grade E", 26500, 28900), (NEWCASTLE, "Scale 6", 25000, 27300)],
        "groups": [POLICE, NEWCASTLE],
        "evaluation": EVAL_LEADER,
        "decision": ("Scale 6 (Single Status)", 26000, 28500, 37, -20, 24,
                     "Police staff team leaders move to 37 hours with no loss of annual pay."),
        "moves": [("hr_review", 195, "Team leaders supervise staff of both employers."),
                  ("job_evaluation", 180, "Evaluate before comparing."),
                  ("union_consultation", 150, "Evaluation complete (548 points)."),
                  ("proposal", 120, "One scale, 37 hours, 24 months' protection."),
                  ("agreed", 95, "Agreed at the joint consultative committee.")],
        "position": ("supports", ""),
        "comments": [("union@fossdash.example", 100, "Members voted to accept.")],
    },
    {
        "role": "Non-emergency call handler",
        "description": "Raised at a staff feedback session: call handlers transferring from the police control room.",
        "raised": 12,
        "rows": [(POLICE, "Police staff grade B", 18900, 20400), (GATESHEAD, "Scale 3", 17800, 19200)],
        "groups": [POLICE, GATESHEAD],
        "moves": [],
        "position": ("pending", ""),
        "comments": [("hr@fossdash.example", 10, "Logged from the feedback session; review starts next week.")],
    },
    {
        "role": "Switchboard operator",
        "description": "Council switchboard staff whose calls are moving to 101.",
        "raised": 70,
        "rows": [(NEWCASTLE, "Scale 2", 16900, 17800), (NORTHUMBERLAND, "Grade 2", 16800, 17600)],
        "groups": [NEWCASTLE, NORTHUMBERLAND],
        "moves": [("hr_review", 65, "Checking whether the role continues in the new structure.")],
        "position": ("pending", ""),
        "comments": [],
    },
    {
        "role": "Quality and training officer",
        "description": "Officers who run the ten consecutive days of training and check call quality.",
        "raised": 95,
        "rows": [(POLICE, "Police staff grade D", 23500, 25600), (SUNDERLAND, "Scale 5", 22400, 24300)],
        "groups": [POLICE, SUNDERLAND],
        "evaluation": dict(knowledge=5, mental_skills=4, interpersonal_skills=5),  # panel half way through
        "moves": [("hr_review", 90, "New role combining training and call quality."),
                  ("job_evaluation", 45, "Panel booked.")],
        "position": ("pending", ""),
        "comments": [("pm@fossdash.example", 40, "Training for the second cohort starts soon: can this be "
                                                 "settled first?")],
    },
    {
        "role": "Customer contact administrator",
        "description": "Back-office administrators supporting the contact centre.",
        "raised": 240,
        "rows": [(POLICE, "Police staff grade B", 17400, 18800), (GATESHEAD, "Scale 2", 16900, 18000)],
        "groups": [POLICE, GATESHEAD],
        "evaluation": EVAL_ADMIN,
        "decision": ("Scale 2 (Single Status)", 16900, 18000, 37, 30, 12, ""),
        "moves": [("hr_review", 235, "Admin roles in scope of Single Status."),
                  ("job_evaluation", 220, "Evaluate."),
                  ("union_consultation", 190, "Evaluation complete (371 points)."),
                  ("proposal", 170, "Council scale 2 for all, 12 months' protection."),
                  ("appealed", 60, "Police staff appealed: on the shorter week their hourly rate rises, but they "
                                   "would lose about £650 a year.")],
        "position": ("opposes", "Police staff administrators would lose about £650 a year, and 12 months' "
                                "protection is too short for a permanent cut."),
        "comments": [("union@fossdash.example", 58, "Appeal lodged on behalf of 14 members."),
                     ("hr@fossdash.example", 50, "Appeal hearing being arranged.")],
    },
]


def _ago(days: int, hour: int = 10) -> datetime:
    d = date.today() - timedelta(days=days)
    return datetime(d.year, d.month, d.day, hour, 0)


def load(ctx: dict) -> None:
    project = db.session.scalar(select(Project).where(Project.name == PROJECT))
    if project is None:
        log.info("demo grading: no %r project, nothing to add", PROJECT)
        return
    partnerships = {p.agency.name: p for p in db.session.scalars(
        select(Partnership).join(Agency).where(Partnership.project_id == project.id))}
    groups = {}
    for g in db.session.scalars(select(StaffGroup).where(StaffGroup.project_id == project.id)):
        if g.agency_id is not None:
            groups.setdefault(db.session.get(Agency, g.agency_id).name, g)
    users = ctx.get("users") or {}
    hr = users.get("hr@fossdash.example")
    for spec in ISSUES:
        if db.session.scalar(select(GradingIssue).filter_by(project_id=project.id, role_title=spec["role"])):
            continue
        if not all(agency in partnerships for agency, *_ in spec["rows"]):
            log.info("demo grading: %s skipped (partner agencies missing)", spec["role"])
            continue
        _issue(project, spec, partnerships, groups, users, hr)
    db.session.flush()


def _issue(project, spec, partnerships, groups, users, hr) -> None:
    raised = _ago(spec["raised"], 9)
    issue = GradingIssue(project_id=project.id, role_title=spec["role"], description=spec["description"],
                         illustrative=True, raised_by_id=hr.id if hr else None, created_at=raised,
                         status_changed_at=raised)
    db.session.add(issue)
    db.session.flush()
    actions.set_groups(issue, [groups[a].id for a in spec.get("groups", []) if a in groups])
    for agency, grade, low, high in spec["rows"]:
        row = actions.add_row(issue, partnerships[agency])
        row.current_grade = grade
        row.pay_min, row.pay_max = Decimal(low), Decimal(high)
        row._audit_note = "Illustrative demo figures"
    if spec.get("evaluation"):
        db.session.add(JobEvaluation(issue_id=issue.id, project_id=project.id, panel="Joint HR and UNISON panel",
                                     evaluated_on=(date.today() - timedelta(days=60)), **spec["evaluation"]))
    status = "raised"
    for target, days, reason in spec["moves"]:
        at = _ago(days)
        db.session.add(GradingTransition(issue_id=issue.id, project_id=project.id, from_status=status,
                                         to_status=target, actor_id=hr.id if hr else None, at=at, reason=reason))
        status = target
        issue.status, issue.status_changed_at = target, at
    if spec.get("decision"):
        grade, low, high, hours, effective_in, protection, notes = spec["decision"]
        db.session.add(GradingDecision(
            issue_id=issue.id, project_id=project.id, new_grade=grade, pay_min=Decimal(low), pay_max=Decimal(high),
            weekly_hours=Decimal(hours), effective_date=date.today() + timedelta(days=effective_in),
            pay_protection_months=protection, notes=notes, decided_by_id=hr.id if hr else None))
    position, text = spec["position"]
    union = users.get("union@fossdash.example")
    pos = UnionPosition(issue_id=issue.id, project_id=project.id, position=position)
    db.session.add(pos)
    if position != "pending":
        pos.conditions = text if position == "supports_with_conditions" else ""
        pos.reasons = text if position == "opposes" else ""
        pos.set_by_id = union.id if union else None
        moved = [d for t, d, _r in spec["moves"] if t == "union_consultation"]
        pos.set_at = _ago((moved[0] - 7) if moved else 1, 15)
    for email, days, text in spec["comments"]:
        author = users.get(email)
        db.session.add(GradingComment(issue_id=issue.id, project_id=project.id, author_id=author.id if author else None,
                                      body=text, posted_at=_ago(days, 14)))
