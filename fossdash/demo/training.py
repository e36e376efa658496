"""Demo training plans from the FOSS paper: Northumbria 101's ten consecutive days of joint police
and council training, in cohorts; Rushcliffe First Contact's intensive training on the common
checklist (and a refresher for new visiting staff); Tameside's team-building workshops at the
outset and joint training for the one team made from two; Kent Gateway's joint training before and
after the move to the open-plan Ashford Gateway.

From the paper: the ten consecutive days, that training was joint between agencies, Rushcliffe's
intensive training on the checklist, Tameside's team-building workshops; at Kent, that staff moved from behind screens to an open-plan
office and first raised concerns about security, and that officers had to adjust to new ways of
working (the visit to a live Gateway before a move is on Kent's communication plan). Everything else (titles,
dates, places, capacities, every count) is invented, flagged illustrative and labelled on the
pages. Dates are set from today, so Northumbria has cohorts done, one under way and more to come,
and one past cohort with low attendance. Idempotent: a course is matched by project and title and
left alone if it exists.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.projects.models import Agency, Project, StaffGroup
from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _project(word: str) -> Project | None:
    return db.session.scalar(select(Project).where(Project.name.contains(word)))


def _agency(name: str) -> Agency | None:
    return db.session.scalar(select(Agency).filter_by(name=name))


def _course(project: Project, title: str, **values) -> TrainingCourse | None:
    """The course, new (None if it is already there: nothing is added twice)."""
    if db.session.scalar(select(TrainingCourse).filter_by(project_id=project.id, title=title)) is not None:
        return None
    provider, outside = values.pop("provider", None), values.pop("outside", "")
    agency = _agency(provider) if provider else None
    course = TrainingCourse(project_id=project.id, title=title, illustrative=True,
                            provider_agency_id=agency.id if agency else None,
                            provider_name="" if agency else outside, **values)
    db.session.add(course)
    for g in sorted(project.staff_groups, key=lambda g: g.id):
        course.targets.append(TrainingTarget(project_id=project.id, staff_group_id=g.id, illustrative=True))
    db.session.flush()
    return course


def _session(course: TrainingCourse, starts_on: date, ends_on: date, place: str, capacity: int, trainer: str,
             counts: dict[int, tuple[int, int | None, int | None]]) -> None:
    s = TrainingSession(project_id=course.project_id, course=course, starts_on=starts_on, ends_on=ends_on,
                        place=place, capacity=capacity, trainer=trainer, illustrative=True)
    for gid, (planned, attended, completed) in counts.items():
        if planned or attended:
            s.attendance.append(TrainingAttendance(project_id=course.project_id, staff_group_id=gid,
                                                   planned=planned, attended=attended, completed=completed,
                                                   illustrative=True))
    db.session.add(s)


def _spread(groups: list[StaffGroup], cohorts: int) -> list[dict[int, int]]:
    """Each group's headcount shared out over the cohorts as evenly as it goes (mixed cohorts:
    joint training puts police and council staff side by side)."""
    out: list[dict[int, int]] = [{} for _ in range(cohorts)]
    for n, g in enumerate(groups):
        each, extra = divmod(g.headcount or 0, cohorts)
        for i in range(cohorts):
            out[i][g.id] = each + (1 if (i + n) % cohorts < extra else 0)
    return out


def _northumbria(today: date) -> None:
    project = _project("Northumbria")
    if project is None:
        return
    course = _course(
        project, "101 joint contact centre training", provider="Northumbria Police", days=10, consecutive=True,
        joint=True,
        description=("Ten consecutive days for every contact centre adviser, police and council staff trained "
                     "together: the 101 systems, each partner’s services, and handling calls for all of them.\n"
                     "The FOSS paper’s lesson from Northumbria 101: do not underestimate the time needed to train "
                     "staff properly."))
    if course is None:
        return
    groups = sorted(project.staff_groups, key=lambda g: g.id)
    first = _monday(today - timedelta(days=30))
    plans = _spread(groups, 8)
    police = next((g.id for g in groups if "Police" in g.name), None)
    for i, planned in enumerate(plans):
        starts = first + timedelta(days=14 * i)
        ends = starts + timedelta(days=11)  # Monday to the Friday of the next week: ten working days
        counts: dict[int, tuple[int, int | None, int | None]] = {}
        for gid, p in planned.items():
            if ends < today:
                attended = p
                if i == 1 and gid == police:
                    attended = max(p - 5, 0)  # the week the police could not release its staff
                elif i == 1 and p:
                    attended = p - 1
                completed = attended - (1 if i == 0 and gid == police and attended else 0)
                counts[gid] = (p, attended, completed)
            elif starts <= today:
                counts[gid] = (p, p, None)  # under way: attended so far, completed when it ends
            else:
                counts[gid] = (p, None, None)
        _session(course, starts, ends, "Northumbria Police training centre, Ponteland" if i % 2 == 0
                 else "Newcastle Civic Centre, training suite", 20, "101 contact centre trainers", counts)


def _rushcliffe(today: date) -> None:
    project = _project("Rushcliffe")
    if project is None:
        return
    groups = sorted(project.staff_groups, key=lambda g: g.id)
    course = _course(
        project, "First Contact checklist: intensive joint training", provider="Rushcliffe Borough Council", days=2,
        consecutive=True, joint=True,
        description=("Two intensive days on the common, agreed checklist of questions every partner asks when "
                     "visiting an older person, and on referring to the other partners’ services.\n"
                     "The paper: early challenges centred on gaining the commitment of staff from all partners; "
                     "intensive and carefully thought out training helped."))
    if course is not None:
        for i, planned in enumerate(_spread(groups, 3)):
            starts = _monday(today - timedelta(days=500 - 30 * i)) + timedelta(days=1)
            counts = {gid: (p, p, p) for gid, p in planned.items()}
            _session(course, starts, starts + timedelta(days=1), "Rushcliffe Civic Centre", 14,
                     "First Contact co-ordinator", counts)
    refresher = _course(
        project, "First Contact refresher for new visiting staff", provider="Rushcliffe Borough Council", days=1,
        consecutive=True, joint=True, description="The checklist and the referral routes, for staff who joined since.")
    if refresher is not None:
        starts = _monday(today + timedelta(days=45)) + timedelta(days=2)
        counts = {gid: (1, None, None) for gid in [g.id for g in groups][:4]}
        _session(refresher, starts, starts, "Rushcliffe Civic Centre", 10, "First Contact co-ordinator", counts)


def _tameside(today: date) -> None:
    project = _project("Tameside")
    if project is None:
        return
    groups = sorted(project.staff_groups, key=lambda g: g.id)
    workshops = _course(
        project, "One team from two: team-building workshops", outside="North West Employers (illustrative)",
        days=3, consecutive=False, joint=True,
        description=("Three workshop days over six weeks for council and Pensions Service staff together, at the "
                     "outset. The paper: the biggest risk was mutual mistrust and suspicion about creating one team "
                     "from two, and the team-building workshops proved invaluable."))
    if workshops is not None:
        starts = _monday(today - timedelta(days=560))
        counts = {g.id: (g.headcount, g.headcount, g.headcount) for g in groups}
        _session(workshops, starts, starts + timedelta(days=39), "Tameside One Stop Centre, Ashton", 24,
                 "External facilitator", counts)
    joint = _course(
        project, "Joint benefits training for the new team", provider="The Pensions Service", days=5,
        consecutive=False, joint=True,
        description=("Each side teaches the other: council benefits and welfare rights, and Pension Credit and "
                     "attendance allowance, one day a week for five weeks. Training on a multi-agency basis is a "
                     "valuable partnership-building measure."))
    if joint is not None:
        starts = _monday(today - timedelta(days=530))
        counts = {g.id: (g.headcount, g.headcount, max(g.headcount - 1, 0)) for g in groups}
        _session(joint, starts, starts + timedelta(days=32), "Tameside One Stop Centre, Ashton", 24,
                 "Pensions Service and council trainers", counts)


def _counts(planned: dict[int, int], starts: date, ends: date, today: date, missed: int = 0,
            not_completed: int = 0) -> dict[int, tuple[int, int | None, int | None]]:
    """Counts for a session as they stand today: done (the first group `missed` fewer attended and
    `not_completed` fewer completed), under way (attended so far) or to come (planned only)."""
    out: dict[int, tuple[int, int | None, int | None]] = {}
    for n, (gid, p) in enumerate(planned.items()):
        if ends < today:
            attended = max(p - (missed if n == 0 else 0), 0)
            out[gid] = (p, attended, max(attended - (not_completed if n == 0 else 0), 0))
        elif starts <= today:
            out[gid] = (p, p, None)
        else:
            out[gid] = (p, None, None)
    return out


def _kent(today: date) -> None:
    """Kent Gateway, Ashford: joint training before the move (the brand and every partner's
    services; safety in an open-plan office), then cross-skilling in cohorts since the opening,
    with one cohort still to come: a session in each quarter of the last year."""
    project = _project("Kent")
    if project is None:
        return
    groups = sorted(project.staff_groups, key=lambda g: g.id)
    joint = _course(
        project, "One Gateway: the brand and every partner’s services", provider="Kent County Council", days=3,
        consecutive=False, joint=True,
        description=("Three days for the front office staff of every agency together, before the move: working "
                     "under the single Gateway brand, what each partner does, and when to pass a customer on.\n"
                     "The paper: it was new to the service deliverers, new to the public and new to front line "
                     "staff; officers had to adjust to new ways of working. Joint training between agencies also "
                     "builds trust and rapport."))
    if joint is not None:
        for i, planned in enumerate(_spread(groups, 3)):
            starts = _monday(today - timedelta(days=300 - 25 * i)) + timedelta(days=1)
            _session(joint, starts, starts + timedelta(days=2), "Ashford Civic Centre, committee rooms", 16,
                     "Gateway training team", _counts(planned, starts, starts + timedelta(days=2), today,
                                                      missed=1 if i == 1 else 0))
    safety = _course(
        project, "Working in the open: personal safety at the Gateway front desk", provider="Kent Police", days=1,
        consecutive=True, joint=True,
        description=("One day before the move: the panic alarms, the quiet room, and calming a difficult "
                     "conversation at an open desk.\nThe paper: staff moved from working behind screens to an "
                     "open-plan office and at first raised concerns about security."))
    if safety is not None:
        for i, planned in enumerate(_spread(groups, 2)):
            starts = _monday(today - timedelta(days=228 - 7 * i)) + timedelta(days=2)
            _session(safety, starts, starts, "Ashford Gateway (before opening)", 24, "Kent Police crime reduction "
                     "officer", _counts(planned, starts, starts, today))
    cross = _course(
        project, "Cross-skilling at the Gateway: answering for each other", provider="Ashford Borough Council",
        days=2, consecutive=False, joint=True,
        description=("Two days, in mixed cohorts after the opening: each agency’s advisers teach the others the "
                     "enquiries they can now answer at the first desk (council tax, blue badges, Jobcentre Plus "
                     "appointments, lost property), so that customers are passed on less often."))
    if cross is not None:
        for i, planned in enumerate(_spread(groups, 5)):
            # Every 38 days from 150 days ago, the last one next week or the week after: so the
            # current quarter and each of the two before it always have a session.
            starts = _monday(today - timedelta(days=150 - 38 * i if i < 4 else -9)) + timedelta(days=1)
            ends = starts + timedelta(days=7)  # one day a week for two weeks
            _session(cross, starts, ends, "Ashford Gateway, training room", 12, "Gateway senior advisers",
                     _counts(planned, starts, ends, today, missed=2 if i == 2 else 0, not_completed=1 if i == 1
                             else 0))


def load(ctx: dict) -> None:
    today = date.today()
    _northumbria(today)
    _kent(today)
    _rushcliffe(today)
    _tameside(today)
    db.session.flush()
