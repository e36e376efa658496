"""Demo readiness assessments over several quarters, every one illustrative (the FOSS paper
publishes no scores): the scores, notes, assessors and dates are invented to tell three stories
the paper's case studies suggest.

- Kent Gateway, Ashford (FOSS key learning points): communication self-assessed green in the
  latest quarter while communication actions, visits to a live Gateway among them, are overdue;
  the assessment is flagged on its page and on the project dashboard. One overdue visit is added
  to Kent's communication plan here (illustrative, like the rest of that plan).
- Braintree Children's Trust (ADKAR): resistance to Better Working Together; awareness grows but
  desire stays at 2 or 3, so every assessment names its barrier point at desire.
- Northumbria 101 (FOSS): training and development scored up quarter by quarter as the ten-day
  cohorts run before go-live (the training demo's cohorts are the evidence).

Dates are relative to the day the demo is loaded. Idempotent: an assessment is matched by project,
framework and date.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.metrics import readiness as rules
from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

# (project keyword, framework, days from today, assessor, summary, {dimension: (score, note)})
F = "foss"
A = "adkar"
ASSESSMENTS = [
    # Kent Gateway: comfortable with its communication, while the plan falls behind.
    ("Kent", F, -270, "Gateway programme manager", "Before the move: leadership visible, staff unsure of the brand.",
     {"leadership": (4, "Both chief executives at every briefing."), "stakeholder_engagement": (3, ""),
      "communication": (3, "Staff asked who their manager would be."), "training": (2, "No programme yet."),
      "culture": (2, "Two councils’ ways of working."), "people_hr": (3, "")}),
    ("Kent", F, -180, "Gateway programme manager", "The joint workshop went well; visits to a live Gateway done.",
     {"leadership": (4, ""), "stakeholder_engagement": (3, "Advisory board meeting monthly."),
      "communication": (4, "Visits settled most worries about the open-plan office."), "training": (3, ""),
      "culture": (3, ""), "people_hr": (3, "")}),
    ("Kent", F, -90, "Gateway programme manager", "",
     {"leadership": (4, ""), "stakeholder_engagement": (3, ""), "communication": (4, ""), "training": (3, ""),
      "culture": (3, ""), "people_hr": (3, "")}),
    ("Kent", F, -7, "Gateway programme manager", "Ready for the next Gateway: communication is going well.",
     {"leadership": (4, ""), "stakeholder_engagement": (3, ""),
      "communication": (5, "Staff know the brand; we think communication is done."), "training": (3, ""),
      "culture": (3, ""), "people_hr": (3, "")}),
    # Braintree Children's Trust: the barrier is desire.
    ("Braintree", A, -270, "Children’s Trust development manager", "Resistance to Better Working Together.",
     {"awareness": (4, "Briefings held in every agency."), "desire": (2, "“Another reorganisation.”"),
      "knowledge": (2, ""), "ability": (2, ""), "reinforcement": (1, "")}),
    ("Braintree", A, -180, "Children’s Trust development manager", "",
     {"awareness": (4, ""), "desire": (2, "Health visitors fear losing their "
                                                                    "professional supervision."),
      "knowledge": (3, ""), "ability": (2, ""), "reinforcement": (2, "")}),
    ("Braintree", A, -90, "Children’s Trust development manager", "Mixed-discipline supervision piloted.",
     {"awareness": (4, ""), "desire": (3, "The pilot teams are warming to it; others are not."),
      "knowledge": (3, ""), "ability": (3, ""), "reinforcement": (2, "")}),
    ("Braintree", A, -5, "Children’s Trust development manager", "",
     {"awareness": (5, ""), "desire": (3, "Still the sticking point outside the pilot teams."),
      "knowledge": (4, ""), "ability": (3, ""), "reinforcement": (2, "")}),
    # Northumbria 101: training climbs before go-live.
    ("Northumbria", F, -270, "101 programme manager", "Partners signed up; training not started.",
     {"leadership": (4, "Police authority and every council on the board."), "stakeholder_engagement": (3, ""),
      "communication": (3, ""), "training": (1, "Ten days per adviser: not planned yet."), "culture": (2, ""),
      "people_hr": (2, "Single Status talks with the unions under way.")}),
    ("Northumbria", F, -180, "101 programme manager", "",
     {"leadership": (4, ""), "stakeholder_engagement": (3, ""), "communication": (3, ""),
      "training": (2, "Cohorts planned, trainers booked."), "culture": (2, ""), "people_hr": (3, "")}),
    ("Northumbria", F, -90, "101 programme manager", "",
     {"leadership": (4, ""), "stakeholder_engagement": (3, ""), "communication": (4, ""),
      "training": (2, "First cohort starts next quarter."), "culture": (3, ""), "people_hr": (3, "")}),
    ("Northumbria", F, -3, "101 programme manager", "Cohorts under way before go-live.",
     {"leadership": (4, ""), "stakeholder_engagement": (3, ""), "communication": (4, ""),
      "training": (3, "Two cohorts trained, six to go."), "culture": (3, ""), "people_hr": (3, "")}),
]


def _project(word: str):
    from fossdash.projects.models import Project

    return db.session.scalar(select(Project).where(Project.name.contains(word)))


def _kent_overdue_visit(today: date) -> None:
    """An overdue visit to a live Gateway on Kent's communication plan (illustrative)."""
    from fossdash.comms.models import CommsAction
    from fossdash.projects.models import Agency

    project = _project("Kent")
    if project is None:
        return
    title = "Kent Police front counter staff visit Ashford Gateway"
    if db.session.scalar(select(CommsAction.id).filter_by(project_id=project.id, title=title)) is not None:
        return
    police = db.session.scalar(select(Agency).filter_by(name="Kent Police"))
    db.session.add(CommsAction(project_id=project.id, title=title, technique="site_visit",
                               audience="agency" if police else "partners", agency_id=police.id if police else None, owner="Gateway manager", due_on=today - timedelta(days=30),
                               feedback="", illustrative=True))


def load(ctx: dict) -> None:
    today = date.today()
    _kent_overdue_visit(today)
    for word, framework, days, assessor, summary, scores in ASSESSMENTS:
        project = _project(word)
        if project is None:
            continue
        on = today + timedelta(days=days)
        if db.session.scalar(select(ReadinessAssessment.id).filter_by(
                project_id=project.id, framework=framework, assessed_on=on)) is not None:
            continue
        a = ReadinessAssessment(project_id=project.id, framework=framework, assessed_on=on, assessor=assessor,
                                summary=summary, illustrative=True)
        for position, key in enumerate(rules.DIMENSIONS[framework]):
            score, note = scores[key]
            a.scores.append(ReadinessScore(project_id=project.id, dimension=key, position=position, score=score,
                                           note=note))
        db.session.add(a)
    db.session.flush()
