"""A county-scale programme made with bulk inserts, for `flask bench` and the query-count tests:

    seed(Sizes.county(scale), today) -> list of project ids

Sizes.county(1.0) is the issue's target: 100 projects, 300 agencies, 50,000 concerns, 500,000
survey answers, 2,000 training sessions, 5,000 communication actions; every project also gets
staff groups, milestones, grading issues and readiness assessments (FOSS and ADKAR). The values
are random but seeded, so two runs make the same data.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from fossdash.extensions import db

CHUNK = 5_000


@dataclass(frozen=True)
class Sizes:
    projects: int
    agencies: int
    concerns: int
    answers: int
    sessions: int
    actions: int
    rounds_per_project: int = 4
    assessments_per_project: int = 4

    @classmethod
    def county(cls, scale: float = 1.0) -> Sizes:
        def n(target: int, least: int = 1) -> int:
            return max(least, round(target * scale))

        return cls(projects=n(100), agencies=n(300, 3), concerns=n(50_000), answers=n(500_000),
                   sessions=n(2_000), actions=n(5_000))


def _bulk(model, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[i:i + CHUNK])


def seed(sizes: Sizes, today: date, seed_value: int = 2007, prefix: str = "County") -> list[int]:
    from fossdash.comms.models import CommsAction
    from fossdash.concerns.models import CATEGORIES, Concern
    from fossdash.grading.models import GradingIssue
    from fossdash.metrics import readiness as rules
    from fossdash.projects.models import Agency, Milestone, Partnership, Project, StaffGroup
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore
    from fossdash.surveys.models import SurveyAnswer, SurveyRound
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    rng = random.Random(seed_value)
    stages = ["scoping", "design", "transition", "live", "embedding"]
    types = ["one_stop_shop", "contact_centre", "multi_agency_team", "service_village"]
    _bulk(Agency, [{"name": f"{prefix} agency {i + 1}", "kind": "district_council"} for i in range(sizes.agencies)])
    agency_ids = list(db.session.scalars(select(Agency.id).where(Agency.name.like(f"{prefix} agency %"))))
    _bulk(Project, [{"name": f"{prefix} project {i + 1:03d}", "type": types[i % len(types)],
                     "stage": stages[i % len(stages)], "go_live_date": today + timedelta(days=7 * (i % 30) - 35),
                     "staff_token": f"{prefix}-{seed_value}-{i}"} for i in range(sizes.projects)])
    project_ids = list(db.session.scalars(select(Project.id).where(Project.name.like(f"{prefix} project %"))
                                          .order_by(Project.id)))
    per_project = max(1, len(agency_ids) // max(1, len(project_ids)))
    partners, groups, milestones = [], [], []
    for n, pid in enumerate(project_ids):
        mine = [agency_ids[(n * per_project + j) % len(agency_ids)] for j in range(per_project)]
        for j, aid in enumerate(mine):
            partners.append({"project_id": pid, "agency_id": aid, "role": "lead" if j == 0 else "partner"})
            groups.append({"project_id": pid, "agency_id": aid, "name": f"Advisers {j + 1}",
                           "headcount": rng.randint(20, 80)})
        milestones.append({"project_id": pid, "on": today + timedelta(days=30 + n % 90), "kind": "go_live",
                           "title": "Systems go live"})
    _bulk(Partnership, partners)
    _bulk(StaffGroup, groups)
    _bulk(Milestone, milestones)
    group_rows = db.session.execute(select(StaffGroup.id, StaffGroup.project_id, StaffGroup.agency_id)
                                    .where(StaffGroup.project_id.in_(project_ids))).all()
    groups_of: dict[int, list[tuple[int, int]]] = {}
    for gid, pid, aid in group_rows:
        groups_of.setdefault(pid, []).append((gid, aid))

    categories = list(CATEGORIES)
    concerns = []
    for i in range(sizes.concerns):
        pid = project_ids[i % len(project_ids)]
        gid, aid = rng.choice(groups_of[pid])
        raised = today - timedelta(days=rng.randint(0, 720))
        answered = raised + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.7 else None
        if answered is not None and answered > today:
            answered = None
        concerns.append({"project_id": pid, "category": categories[i % len(categories)], "channel": "staff_link",
                         "agency_id": aid, "staff_group_id": gid, "status": "answered" if answered else "open",
                         "text": "They're after our jobs.", "raised_on": raised, "answered_on": answered,
                         "raised_by": None})
    _bulk(Concern, concerns)
    del concerns

    actions = []
    for i in range(sizes.actions):
        pid = project_ids[i % len(project_ids)]
        due = today + timedelta(days=rng.randint(-540, 120))
        done = due + timedelta(days=rng.randint(-10, 15)) if rng.random() < 0.75 else None
        if done is not None and done > today:
            done = None
        actions.append({"project_id": pid, "title": "Staff briefing", "technique": "all_staff_briefing",
                        "audience": "all_staff", "owner": "Project manager", "due_on": due, "done_on": done,
                        "people_reached": rng.randint(10, 200) if done else None})
    _bulk(CommsAction, actions)

    _bulk(TrainingCourse, [{"project_id": pid, "title": "Working together", "days": 2} for pid in project_ids])
    courses = dict(db.session.execute(select(TrainingCourse.project_id, TrainingCourse.id)
                                      .where(TrainingCourse.project_id.in_(project_ids))).all())
    _bulk(TrainingTarget, [{"project_id": pid, "course_id": courses[pid], "staff_group_id": gid}
                           for pid in project_ids for gid, _aid in groups_of[pid]])
    sessions = []
    for i in range(sizes.sessions):
        pid = project_ids[i % len(project_ids)]
        start = today - timedelta(days=rng.randint(-60, 540))
        sessions.append({"project_id": pid, "course_id": courses[pid], "starts_on": start,
                         "ends_on": start + timedelta(days=1), "capacity": 20})
    _bulk(TrainingSession, sessions)
    attendance = []
    for sid, pid, ends in db.session.execute(
        select(TrainingSession.id, TrainingSession.project_id, TrainingSession.ends_on)
        .where(TrainingSession.project_id.in_(project_ids))
    ):
        gid, _aid = rng.choice(groups_of[pid])
        done = ends < today
        attended = rng.randint(5, 12) if done else None
        attendance.append({"project_id": pid, "session_id": sid, "staff_group_id": gid, "planned": 12,
                           "attended": attended, "completed": attended})
    _bulk(TrainingAttendance, attendance)

    rounds = []
    for pid in project_ids:
        for r in range(sizes.rounds_per_project):
            closes = today - timedelta(days=120 * (sizes.rounds_per_project - r) - 100)
            rounds.append({"project_id": pid, "title": f"Pulse {r + 1}", "opens_on": closes - timedelta(days=14),
                           "closes_on": closes, "own_items": []})
    _bulk(SurveyRound, rounds)
    round_rows = db.session.execute(select(SurveyRound.id, SurveyRound.project_id, SurveyRound.closes_on)
                                    .where(SurveyRound.project_id.in_(project_ids))).all()
    answers: list[dict] = []
    for i in range(sizes.answers):
        rid, pid, closes = round_rows[i % len(round_rows)]
        gid, aid = rng.choice(groups_of[pid])
        answers.append({"id": f"{rid:06d}{i:010d}", "project_id": pid, "round_id": rid, "agency_id": aid,
                        "staff_group_id": gid, "answered_on": closes, "q1": rng.randint(1, 5),
                        "q2": rng.randint(1, 5), "q3": rng.randint(1, 5), "q4": rng.randint(1, 5),
                        "q5": rng.randint(1, 5), "recommend": rng.randint(0, 10)})
        if len(answers) >= CHUNK:
            _bulk(SurveyAnswer, answers)
            answers = []
    _bulk(SurveyAnswer, answers)

    _bulk(GradingIssue, [{"project_id": pid, "role_title": f"Customer adviser {j + 1}",
                          "status": "agreed" if j % 3 == 0 else "raised"}
                         for pid in project_ids for j in range(6)])

    assessments = []
    for n, pid in enumerate(project_ids):
        for a in range(sizes.assessments_per_project):
            framework = rules.ADKAR if a % 2 else rules.FOSS
            assessments.append({"project_id": pid, "framework": framework, "assessor": "Programme manager",
                                "assessed_on": today - timedelta(days=90 * (sizes.assessments_per_project - a)),
                                "summary": ""})
    _bulk(ReadinessAssessment, assessments)
    scores = []
    for aid, pid, framework in db.session.execute(
        select(ReadinessAssessment.id, ReadinessAssessment.project_id, ReadinessAssessment.framework)
        .where(ReadinessAssessment.project_id.in_(project_ids))
    ):
        for pos, dim in enumerate(rules.DIMENSIONS[framework]):
            scores.append({"assessment_id": aid, "project_id": pid, "dimension": dim, "position": pos,
                           "score": rng.randint(1, 5), "note": ""})
    _bulk(ReadinessScore, scores)
    db.session.commit()
    return project_ids
