"""The demo workshop: *Shared Solutions* in Newcastle upon Tyne (NCC and UNISON, with Catalyst).

From the seed: fifteen social housing tenants, selected to reflect the profile of tenants
nationally and paid a small incentive; ten housing officers who volunteered and were released by
Your Homes Newcastle during working hours; recruited and facilitated by Opinion Leader Research;
the priorities named (anti-social behaviour and wardens on every estate, misuse of the allocations
priority system, rewarding tenants who play by the rules, quality and consistency of repairs,
knowing when repairs will be done, national targets insensitive to local needs); the officers'
surprise that tenants put knowing *when* repairs will be done above how quickly; and the quotes,
verbatim, with their roles.

Invented, and so the workshop is marked illustrative (its page says so): the date, every score
and mood count, the tenants' guesses, the priority "Speed of repairs" as the officers listed it,
and the agreed actions (some overdue, so the project's attention list shows them).
Idempotent: the project and the workshop are found by name and title and left alone if there.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from fossdash.auth.models import ProjectMembership
from fossdash.extensions import db
from fossdash.projects.models import Project
from fossdash.workshops import rules
from fossdash.workshops.models import (
    Workshop,
    WorkshopAction,
    WorkshopGroup,
    WorkshopGuess,
    WorkshopMood,
    WorkshopPriority,
    WorkshopQuote,
    WorkshopScore,
)

PROJECT = "Your Homes Newcastle: tenants and housing officers"
TITLE = "Shared Solutions: tenants and housing officers in Newcastle"

# (key, title, listed by (1 tenants, 2 officers), merged into (key), tenants' votes, officers' votes)
PRIORITIES = [
    ("asb", "Anti-social behaviour: wardens on every estate", 1, None, 14, 10),
    ("know", "Knowing when repairs will be done", 1, None, 15, 2),
    ("quality", "Quality and consistency of repairs", 1, None, 11, 6),
    ("targets", "National targets insensitive to local needs", 1, None, 10, 7),
    ("allocations", "Misuse of the allocations priority system", 2, None, 9, 9),
    ("rules", "Rewarding tenants who play by the rules", 2, None, 8, 8),
    ("speed", "Speed of repairs", 2, None, 4, 7),
    ("asb2", "Anti-social behaviour on the estates", 2, "asb", None, None),
]
# What each group expected the other to put first (officers: speed of repairs, from the seed).
GUESSES = {1: ["asb2", "allocations", "speed"], 2: ["speed", "asb", "quality"]}
# (position, moment, measure): how many answered 1..5 (15 tenants, 10 officers)
MOOD = {
    (1, "start", "respect"): [4, 5, 4, 2, 0], (1, "end", "respect"): [0, 1, 4, 6, 4],
    (1, "start", "trust"): [5, 5, 3, 2, 0], (1, "end", "trust"): [0, 2, 5, 5, 3],
    (2, "start", "respect"): [2, 4, 3, 1, 0], (2, "end", "respect"): [0, 1, 3, 4, 2],
    (2, "start", "trust"): [2, 3, 4, 1, 0], (2, "end", "trust"): [0, 1, 4, 4, 1],
}
# (text, speaker's role, tag: an impact or the key of a priority) — verbatim from the seed.
QUOTES = [
    ("I think there's a lot of common concerns between the users and our organisation, that's been apparent "
     "from this morning, because it's the common vein that has run through the whole day, that our frustrations "
     "and concerns are also the tenants'", "Housing Officer", "shared_priorities"),
    ("If it wasn't for tenants then we wouldn't have a job. So, we are here to help tenants and the public so we "
     "need to all communicate with each other and that we know what you're not happy about and what we can do to "
     "help.", "Housing Officer", "build_respect"),
    ("We can't do without the tenants, the tenants can't do without us.", "Housing Officer", "build_respect"),
    ("Wardens on every estate to curb anti-social behaviour just by being there and their presence, letting "
     "people know what's going on and keeping them involved with the community.",
     "Tenants/Housing Officers – combined", "asb"),
    ("It's stupid to say that there are national targets, because every area and every city and every town and "
     "every village is all different, so why put them in the same category 'cos they're all in different "
     "situations.", "Tenant", "targets"),
    ("I think something we suffer is the abuse, that has to be really recognised, the abuse.", "Housing Officer",
     "build_respect"),
    ("As far as I can see, if you've been a good tenant, looked after your property, paid your rent and you've "
     "been a tenant for years, you're penalised.", "Housing Officer", "rules"),
    ("It's becoming adversarial, it's becoming them and us.", "Housing officer", "build_respect"),
    ("They look down at you, they think that they are better than you.", "Tenant", "build_respect"),
]
# (title, priority key, owner, due (days from today), status)
ACTIONS = [
    ("Pilot estate wardens on two estates", "asb", "Estates manager, Your Homes Newcastle", -20, "in_progress"),
    ("Tell tenants the day and time a repair will be done, and text them the day before", "know",
     "Repairs manager, Your Homes Newcastle", 40, "not_started"),
    ("Check repairs against one standard, with tenants inspecting a sample", "quality",
     "Repairs manager, Your Homes Newcastle", 75, "not_started"),
    ("Review how priority for allocations is checked", "allocations", "Allocations team leader", -8,
     "not_started"),
    ("Joint tenant and officer response to the Decent Homes targets", "targets",
     "Head of housing, Newcastle City Council", 90, "in_progress"),
    ("Share the workshop report with tenants’ associations and housing office teams", None,
     "Tenant participation officer", -45, "done"),
]


def _d(days: int) -> date:
    return date.today() + timedelta(days=days)


def _project(ctx: dict) -> Project:
    project = db.session.scalar(select(Project).where(Project.name == PROJECT))
    if project is None:
        project = Project(
            name=PROJECT, type="other", stage="design", go_live_date=None, lead_body="Your Homes Newcastle",
            area_served="Newcastle upon Tyne", population=None, illustrative=True,
            summary=("Your Homes Newcastle, the arms-length management organisation for Newcastle City Council’s "
                     "homes, brings tenants and housing officers together to agree shared priorities for the "
                     "housing service (the Shared Solutions workshop of the National Consumer Council and "
                     "UNISON). Both reported feeling disconnected from decision-making after the housing stock "
                     "transfer."))
        db.session.add(project)
        db.session.flush()
    users = ctx.get("users", {})
    for email, role in (("pm@fossdash.example", "programme_manager"), ("hr@fossdash.example", "hr"),
                        ("union@fossdash.example", "union_rep")):
        user = users.get(email)
        if user is not None and db.session.scalar(select(ProjectMembership).filter_by(
                project_id=project.id, user_id=user.id)) is None:
            db.session.add(ProjectMembership(project_id=project.id, user_id=user.id, role=role))
    return project


def load(ctx: dict) -> None:
    project = _project(ctx)
    if db.session.scalar(select(Workshop).where(Workshop.project_id == project.id, Workshop.title == TITLE)):
        return
    pid = project.id
    w = Workshop(project_id=pid, title=TITLE, held_on=_d(-90), place="Newcastle upon Tyne",
                 facilitator="Opinion Leader Research, for the National Consumer Council, UNISON and Catalyst",
                 service="Social housing: repairs, allocations, estates and tenancy",
                 high=Decimal(rules.DEFAULT_HIGH), low=Decimal(rules.DEFAULT_LOW), illustrative=True)
    w.groups = [
        WorkshopGroup(project_id=pid, position=1, name="Tenants", participants=15, scoring="votes",
                      recruitment="Selected to reflect the profile of social housing tenants nationally, by gender, "
                                  "social class and ethnicity; paid a small incentive to cover their expenses for "
                                  "the day. Recruited by Opinion Leader Research."),
        WorkshopGroup(project_id=pid, position=2, name="Housing officers", participants=10, scoring="votes",
                      recruitment="Volunteered to take part; Your Homes Newcastle gave them permission to attend "
                                  "during working hours."),
    ]
    db.session.add(w)
    db.session.flush()
    made: dict[str, WorkshopPriority] = {}
    for key, title, by, _merged, _v1, _v2 in PRIORITIES:
        made[key] = WorkshopPriority(project_id=pid, workshop_id=w.id, title=title, raised_by=by, illustrative=True)
        db.session.add(made[key])
    db.session.flush()
    for key, _title, _by, merged, v1, v2 in PRIORITIES:
        if merged:
            made[key].merged_into_id = made[merged].id
        for position, votes in ((1, v1), (2, v2)):
            if votes is not None:
                db.session.add(WorkshopScore(priority_id=made[key].id, position=position, value=votes,
                                             workshop_id=w.id, project_id=pid))
    for position, keys in GUESSES.items():
        for rank, key in enumerate(keys, start=1):
            db.session.add(WorkshopGuess(workshop_id=w.id, position=position, rank=rank,
                                         priority_id=made[key].id, project_id=pid))
    for (position, moment, measure), counts in MOOD.items():
        db.session.add(WorkshopMood(workshop_id=w.id, position=position, moment=moment, measure=measure,
                                    project_id=pid, **{f"n{i}": n for i, n in enumerate(counts, start=1)}))
    for text, speaker, tag in QUOTES:
        db.session.add(WorkshopQuote(project_id=pid, workshop_id=w.id, text=text, speaker=speaker,
                                     impact=tag if tag in rules.IMPACTS else None,
                                     priority_id=made[tag].id if tag in made else None))
    for title, key, owner, due, status in ACTIONS:
        db.session.add(WorkshopAction(project_id=pid, workshop_id=w.id, title=title, owner=owner, due_on=_d(due),
                                      status=status, priority_id=made[key].id if key else None, illustrative=True))
    db.session.flush()
