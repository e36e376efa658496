"""Demo pulse survey rounds, every answer invented and flagged illustrative.

From the FOSS paper: Bury St Edmunds' building as "a dramatic step change and ... a catalyst for
major cultural change", and Braintree's *Better Working Together*, where "some of the staff directly
affected put up significant resistance to joint working and to the impact that this had on their
jobs". Everything else (round titles, dates, every answer and comment) is made up:

- Bury St Edmunds Public Service Village: morale flat in the mid-40s, then a step up after the
  village reception opens in the first finished part of the building (a milestone added here, so
  the step shows on the trend: the project's own "building opens" milestone is still ahead), and a
  round open now that closes within the week.
- Braintree Children's Trust: morale falls while Better Working Together meets resistance and
  recovers after the team settles in one office. Essex Police has two staff in the team: their
  breakdown (and one more, so it cannot be subtracted out) is always suppressed.
- Kent Gateway, Ashford: rounds using single-use answer codes, one closed and one open now.

Dates are set from today. Idempotent: a round is matched by project and title.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from fossdash.extensions import db
from fossdash.projects.models import Milestone, Project
from fossdash.surveys.models import CORE, AnswerCode, SurveyAnswer, SurveyRound
from fossdash.surveys.service import CODE_ALPHABET, CODE_LENGTH


def _d(days: int) -> date:
    return date.today() + timedelta(days=days)


def _project(word: str) -> Project | None:
    return db.session.scalar(select(Project).where(Project.name.contains(word)))


# Comments by mood (invented; none names anyone).
LOW = [
    "They're after our jobs. It feels like a take-over by the county, not a partnership.",
    "Nobody asked us about joint working before it was decided.",
    "We can't change the way we work overnight, and there has been no time for training.",
    "I don't know who I report to any more.",
    "The rumours are worse than the truth, but nobody tells us the truth.",
]
MID = [
    "Better than it was, but we still hear about changes from the local paper first.",
    "The joint training helped. More of it please.",
    "Still not clear what happens to our terms and conditions.",
]
HIGH = [
    "Working in one building makes it so much easier to sort things out for people on the spot.",
    "I was worried about the move but the new team is good to work with.",
    "I now see the changes as a chance to learn other services.",
    "Customers tell us they like having everything in one place.",
]


def _comment(rng: random.Random, morale: float, used: set[str]) -> str | None:
    """Now and then a comment from the pool for this mood, each at most once a round."""
    pool = [c for c in (LOW if morale < 45 else MID if morale < 60 else HIGH) if c not in used]
    if not pool or rng.random() > 0.25:
        return None
    used.add(chosen := rng.choice(pool))
    return chosen


def _answers(rng: random.Random, project: Project, round_: SurveyRound, n: int, morale: float,
             agency_shift: dict[str, float] | None = None) -> list[dict]:
    """n answers whose morale index comes out near `morale` (0–100), spread over the staff groups
    by headcount; one in ten gives no agency or group."""
    groups = [g for g in sorted(project.staff_groups, key=lambda g: g.id) if g.headcount]
    weights = [g.headcount or 0 for g in groups]
    last = min(round_.closes_on, date.today() - timedelta(days=1))  # nothing from today: it would be held
    span = max(0, (last - round_.opens_on).days)
    out: list[dict] = []
    used: set[str] = set()
    for i in range(n):  # one from every group first, so even the smallest has an answer
        group = groups[i] if i < len(groups) else rng.choices(groups, weights)[0]
        shift = (agency_shift or {}).get(group.agency.name if group.agency else "", 0.0)
        mean = 1 + (morale + shift) / 25
        row: dict = {c: min(5, max(1, round(rng.gauss(mean, 0.85)))) for c in CORE}
        row["recommend"] = min(10, max(0, round(rng.gauss(2.2 * mean + 0.4, 1.8))))
        private = i >= len(groups) and rng.random() < 0.1
        row["agency_id"] = None if private else group.agency_id
        row["staff_group_id"] = None if private else group.id
        row["comment"] = _comment(rng, morale + shift, used)
        row["answered_on"] = round_.opens_on + timedelta(days=rng.randint(0, span))
        out.append(row)
    return out


def _round(project: Project, title: str, opens: int, closes: int, n: int, morale: float,
           shift: dict[str, float] | None = None, codes: int = 0) -> SurveyRound | None:
    if db.session.scalar(select(SurveyRound).filter_by(project_id=project.id, title=title)) is not None:
        return None
    round_ = SurveyRound(project_id=project.id, title=title, opens_on=_d(opens), closes_on=_d(closes),
                         own_items=[], ask_comment=True, ask_agency=True, ask_group=True,
                         uses_codes=bool(codes), illustrative=True)
    db.session.add(round_)
    db.session.flush()
    rng = random.Random(f"{project.name}/{title}")
    rows = _answers(rng, project, round_, n, morale, shift)
    rng.shuffle(rows)
    from fossdash.modelkit import new_key

    if rows:
        db.session.execute(insert(SurveyAnswer.__table__), [
            {**r, "id": new_key(), "project_id": project.id, "round_id": round_.id, "comment_redacted": False,
             "illustrative": True} for r in rows])
    if codes:
        made: set[str] = set()
        while len(made) < codes:
            made.add("".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
        spent = set(rng.sample(sorted(made), min(n, codes)))
        db.session.execute(insert(AnswerCode.__table__), [
            {"code": c, "round_id": round_.id, "spent": c in spent} for c in sorted(made)])
    return round_


def _milestone(project: Project, kind: str, title: str, on: date, description: str) -> None:
    if db.session.scalar(select(Milestone).filter_by(project_id=project.id, title=title)) is None:
        db.session.add(Milestone(project_id=project.id, kind=kind, title=title, on=on, description=description,
                                 illustrative=True))


def _bury() -> None:
    project = _project("Bury St Edmunds")
    if project is None:
        return
    _milestone(project, "opening", "Village reception opens in the first finished part of the building", _d(-200),
               "Council, county and police enquiry staff start working side by side at one reception: the "
               "step change the paper describes, ahead of the whole building opening.")
    # (title, opens, closes, answers of 82 staff, morale index aimed at)
    for title, opens, closes, n, morale in [
        ("Pulse survey 1: before the move", -470, -456, 41, 45),
        ("Pulse survey 2", -380, -366, 38, 43),
        ("Pulse survey 3: building tours", -290, -276, 44, 47),
        ("Pulse survey 4: after the reception opened", -140, -126, 52, 63),
        ("Pulse survey 5", -50, -36, 55, 68),
        ("Pulse survey 6", -5, 4, 29, 70),
    ]:
        _round(project, title, opens, closes, n, morale)


def _braintree() -> None:
    project = _project("Braintree")
    if project is None:
        return
    _milestone(project, "other", "Better Working Together launched", _d(-280),
               "Joint working across council, county, health and police staff; some staff directly affected "
               "put up significant resistance (FOSS paper).")
    # Essex Police (2 staff) and the county practitioners are a little warier than the rest.
    shift = {"Essex Police": -8.0, "Essex County Council": -4.0}
    for title, opens, closes, n, morale in [
        ("Team pulse: spring", -400, -386, 15, 62),
        ("Team pulse: summer", -310, -296, 16, 57),
        ("Team pulse: Better Working Together", -230, -216, 17, 38),
        ("Team pulse: first weeks in one office", -140, -126, 16, 34),
        ("Team pulse: settling in", -60, -46, 15, 51),
        ("Team pulse: review", -20, -8, 16, 60),
    ]:
        _round(project, title, opens, closes, n, morale, shift)


def _kent() -> None:
    project = _project("Kent Gateway")
    if project is None:
        return
    _round(project, "Gateway three months on", -110, -96, 30, 58, codes=42)
    _round(project, "Gateway six months on", -12, 5, 19, 64, codes=42)


def load(ctx: dict) -> None:
    _bury()
    _braintree()
    _kent()
    db.session.flush()
