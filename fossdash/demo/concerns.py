"""Demo concerns, questions and rumour-busting answers for the case-study projects.

Every case study has concerns, questions and at least one published answer, drawn from what the
paper says about it (Rushcliffe's checklist and training, Braintree's mixed-discipline supervision,
Worcestershire's workload negotiation, Bury St Edmunds' move, Staffordshire Moorlands' back office,
Tameside's one team from two, Kent's open-plan Gateway, Northumbria's training and Single Status).
A concern in the paper's own words ("we can't change the way we work") is not marked illustrative,
though its date and details are added; everything else (paraphrases, extra concerns to fill the
chart, names, answers) is marked illustrative.
Dates follow each project's milestones (the projects demo dates those relative to the day it is
loaded), and none is later than today. Idempotent: a concern is matched by project and text, the
invented batch is loaded once per project, a Q&A is matched by project and question. Projects are
found by a word in their name, so nothing breaks if a case study is missing.

How long each answer took is invented (the paper gives no response times), and differs by project:
RESPONSE_DAYS gives each project its own run of days-to-answer, used in turn for its answered
concerns, so most are answered within the readiness target (10 days) and some are late – most
often at Braintree, whose staff resisted joint working, least often at Staffordshire Moorlands.
"""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy import select

from fossdash.concerns.models import STAFF_LINK, Concern, QuestionAnswer
from fossdash.extensions import db
from fossdash.metrics.periods import Quarter, quarters_between


# (project keyword, kind, category, channel, severity, status, days before the project's first
#  milestone (negative: after it; never later than today), text, raised_by, agency kind, response,
#  actions, illustrative). Not illustrative: only a concern in the paper's own words.
SEEDED = [
    # Northumbria 101
    ("Northumbria", "question", "job_security", "briefing", "high", "answered", 100,
     "Will I lose my job when we move to the 101 centre?", None, None,
     "No. Every adviser in the contact teams moving into 101 has a post in the new centre, on terms no worse "
     "than now.", "Answer published on the staff page; covered at the next all-staff briefing.", True),
    # Named, so raised in person at a feedback session: a name is never recorded against the union
    # channel (that would record the person's union membership).
    ("Northumbria", "concern", "pay_grading", "feedback_session", "high", "responding", 70,
     "They earn more than we do for the same job.", "Carol Jennings (call handler)", "police_authority",
     "A Single Status project within the programme is comparing the grades of every partner, with HR and the "
     "unions. Nobody's pay goes down while it runs.", "Grading issue opened for customer service adviser.", True),
    ("Northumbria", "concern", "skills", "feedback_session", "medium", "answered", 40,
     "We can't change the way we work.", None, None,
     "Everyone gets ten consecutive days of training before a service migrates, and a buddy for the first weeks.",
     "Training plan shared at the feedback session.", False),
    ("Northumbria", "concern", "communication", STAFF_LINK, None, "open", 12,
     "Nobody has told us which services migrate first or when.", None, None, "", "", True),
    ("Northumbria", "question", "work_style", STAFF_LINK, None, "open", 5,
     "Is it true the police control room supervisors will manage us?", None, None, "", "", True),
    # Kent Gateway, Ashford
    ("Kent", "concern", "job_security", "team_meeting", "high", "answered", 150,
     "They're after our jobs – this looks like a take-over by the county.", "Mark Ellis (district council adviser)",
     "district_council",
     "The Gateway is a partnership: every agency keeps its own staff, and all of them – the county included – "
     "work under the one Gateway brand. The county has given up its own logo first.",
     "Joint briefing by the district and county chief executives.", True),
    ("Kent", "concern", "environment", "feedback_session", "high", "closed", 110,
     "We used to work behind screens. In an open-plan Gateway, who keeps us safe?", None, None,
     "Staff will spend time at the live Gateway before the move to see how it works. Panic alarms and a "
     "quiet room are in the design.", "Visits to the Ashford Gateway arranged for every team before roll-out.",
     True),
    ("Kent", "question", "terms", STAFF_LINK, None, "open", 30,
     "Whose opening hours will we work – the council's or the Gateway's?", None, None, "", "", True),
    # Tameside and the Pensions Service
    ("Tameside", "concern", "job_security", "workshop", "high", "answered", 40,
     "There is mutual mistrust and suspicion about the creation of one team from two.", None, None,
     "Team-building workshops for both teams together at the outset, then joint training.",
     "Two team-building workshops held; joint training planned.", False),
    ("Tameside", "question", "terms", STAFF_LINK, None, "answered", 10,
     "Whose leave rules apply when we are one team?", None, None,
     "Each of you keeps your own employer's leave year and entitlement. The team's rota is planned "
     "jointly, so cover no longer depends on which organisation you work for.",
     "Joint leave planner set up for the team.", True),
    ("Tameside", "concern", "skills", "feedback_session", "medium", "answered", -30,
     "Council officers do not know the pension credit rules, and we do not know housing benefit.", None,
     "pensions_service",
     "Joint training: each team teaches the other its own benefits, in mixed groups, before the joint team "
     "starts taking cases.", "Four joint training sessions held.", True),
    ("Tameside", "concern", "work_style", "team_meeting", "medium", "closed", -120,
     "We still have two sets of procedures for the same older person.", None, None,
     "One case procedure for the joint team, agreed at the team's own workshop.",
     "Single case procedure written and adopted.", True),
    ("Tameside", "question", "job_security", STAFF_LINK, None, "open", -480,
     "Will the Pensions Service move its local staff out of Tameside next year?", None, None, "", "", True),
    # Braintree Children's Trust
    ("Braintree", "concern", "work_style", "team_meeting", "high", "responding", 90,
     "Better Working Together is changing our jobs and we were not asked about joint working.", None, None,
     "", "Staff representatives invited onto the programme team.", True),
    ("Braintree", "question", "work_style", STAFF_LINK, None, "open", 35,
     "Who will supervise us? A manager from another profession cannot judge our casework.", None, None,
     "", "", True),
    # Worcestershire Hub
    ("Worcestershire", "concern", "workload", "workshop", "medium", "answered", 120,
     "The Hub is taking on work our professional officers do – where do customer services stop?", None, None,
     "Service by service, the professional teams and the Hub are agreeing what the Hub answers and what it "
     "passes on.", "Workload agreements drawn up for the first three services.", True),
    # Rushcliffe First Contact: gaining the commitment of staff from all partners (the paper's words
    # for its early challenge), and intensive, carefully thought out training.
    ("Rushcliffe", "concern", "work_style", "team_meeting", "medium", "answered", 60,
     "Why should we ask another agency's questions on our visits? It is not our job.", None, "nhs",
     "Every partner agreed the checklist together. Each question helps an older person get a service they "
     "may not know about, and you pass the answer on – you are not expected to deal with it yourself.",
     "Checklist training rebuilt around real visits, with a trainer from each partner.", True),
    ("Rushcliffe", "concern", "skills", "feedback_session", "high", "closed", 25,
     "We have not been trained to spot needs outside our own service.", None, "police",
     "Nobody uses the checklist before the joint training: two days, with visiting officers from every partner.",
     "Joint training for all visiting officers before referrals start.", True),
    ("Rushcliffe", "question", "workload", STAFF_LINK, None, "answered", -200,
     "Will the checklist make every visit longer?", None, None,
     "A little, at first: the checklist takes about ten minutes. In return, fewer visits are repeated "
     "by other agencies for the same person.", "", True),
    ("Rushcliffe", "concern", "communication", "survey_comment", "low", "open", -520,
     "We never hear whether the referrals we make from the checklist lead anywhere.", None, "voluntary",
     "", "", True),
    # Braintree Children's Trust: mixed-discipline supervision
    ("Braintree", "concern", "work_style", "union", "high", "answered", -20,
     "I am a qualified social worker and my supervisor is from another profession. Who signs off my cases?",
     None, "county_council",
     "Professional supervision stays within your own profession; the team leader manages the day-to-day "
     "work of the team. Both are written into the team's supervision agreement.",
     "Supervision agreement agreed with the unions and each profession's lead.", True),
    ("Braintree", "question", "job_security", STAFF_LINK, None, "open", -120,
     "Is the Children's Trust a first step to the county taking over the district's family support?",
     None, None, "", "", True),
    ("Braintree", "concern", "workload", "team_meeting", "medium", "responding", -60,
     "Referrals that do not meet anyone's threshold all land on us now.", None, "district_council",
     "", "Caseload review arranged with the local board.", True),
    # Worcestershire Hub: workload negotiated between professional and customer services
    ("Worcestershire", "concern", "workload", "team_meeting", "high", "responding", 45,
     "The Hub will give customers the wrong answer and the work will come back to us anyway.", None,
     "district_council", "", "Planning and revenues officers invited to shadow the Hub for a day.", True),
    ("Worcestershire", "concern", "skills", "workshop", "medium", "answered", 90,
     "Customer service advisers cannot learn every service of seven councils.", None, "county_council",
     "They will not have to at once: services join the Hub one at a time, with training for each before it "
     "goes live, and a named contact in the professional team.", "Training plan agreed service by service.",
     True),
    ("Worcestershire", "question", "job_security", STAFF_LINK, None, "open", 8,
     "If the Hub answers the easy enquiries, will the district councils still need their own reception staff?",
     None, None, "", "", True),
    # Bury St Edmunds Public Service Village: the move as a step change; people before bricks and mortar
    ("Bury", "concern", "work_style", "feedback_session", "medium", "answered", 80,
     "The new building is being planned around bricks and mortar, not the people who will work in it.",
     None, "district_council",
     "Staff representatives from every partner now sit on the fit-out group, and every team tours the "
     "building before the move.", "Staff representatives added to the fit-out group.", True),
    ("Bury", "concern", "environment", "briefing", "high", "responding", 45,
     "Where will we hold confidential interviews once we share an open front office with the police and "
     "the PCT?", None, "county_council", "", "Interview rooms added to the fit-out plan for review.", True),
    ("Bury", "concern", "communication", "team_meeting", "medium", "answered", 120,
     "We keep hearing different move dates from different managers.", None, None,
     "There is one move plan, on the programme's staff page. Your team's date is on it, and managers brief "
     "from the same plan.", "Move plan published on the staff page.", True),
    ("Bury", "question", "job_security", STAFF_LINK, None, "open", 10,
     "Once we are all under one roof, will the borough and the county merge our teams and cut posts?",
     None, None, "", "", True),
    # Staffordshire Moorlands: back-office staff recruited to the front office led the way
    ("Staffordshire", "concern", "job_security", "briefing", "high", "answered", 20,
     "Back-office staff are worried the one-stop shops will take their work away.", None, "district_council",
     "No post is being lost. Staff from the back office are being recruited to the new front office, and "
     "those who stay keep the specialist work.", "Covered at the chief executive's all-staff briefing.", True),
    ("Staffordshire", "question", "environment", STAFF_LINK, None, "open", -320,
     "Will Jobcentre Plus customers and council customers share the same waiting area at Cheadle?",
     None, None, "", "", True),
    # Staffordshire Moorlands
    ("Staffordshire", "concern", "communication", "team_meeting", "low", "closed", 60,
     "Team meetings are so big that nobody gets a word in.", None, None,
     "Team meetings in the one-stop shops now have three or four people, not seven.", "", True),
    ("Staffordshire", "question", "terms", "briefing", "medium", "answered", 30,
     "Will the Jobcentre Plus advisers work to our targets or theirs?", None, "jobcentre_plus",
     "Each agency keeps its own performance indicators; the one-stop shop reports both.", "", True),
]

# Published and draft rumour-busting answers: (project keyword, question, answer, published?). A
# published answer is dated the day the concern it comes from was answered, or before the first milestone.
QAS = [
    ("Northumbria", "Will I lose my job when we move to the 101 centre?",
     "No. Every adviser in the contact teams moving into 101 has a post in the new centre, on terms no worse "
     "than now. If your service migrates later, you stay where you are until it does.", True),
    ("Northumbria", "Will I have to learn every council's services at once?",
     "No. Services migrate one at a time, and you train for each one – ten consecutive days at the start – "
     "before you take its calls.", True),
    ("Northumbria", "Is it true the police control room supervisors will manage us?",
     "Draft: awaiting the new structure chart.", False),
    ("Kent", "Is the county taking over the district's front office?",
     "No. Every agency keeps its own staff. All of us, the county included, work under the one Gateway brand.",
     True),
    ("Kent", "Will the open-plan Gateway be safe?",
     "Before the move you will spend time at the Ashford Gateway to see how it works. There are panic alarms "
     "at every desk and a quiet room for difficult conversations.", True),
    ("Rushcliffe", "Do I have to ask every question on the checklist at every visit?",
     "Ask them at the first visit to an older person, and again if their circumstances change. You pass on "
     "what you find; you are not expected to deal with it yourself.", True),
    ("Braintree", "Who will supervise my casework?",
     "Your professional supervision stays within your own profession. The team leader manages the team's "
     "day-to-day work.", True),
    ("Staffordshire", "Will the one-stop shops take work from the back office?",
     "No post is being lost. Back-office staff are being recruited to the front office, and the specialist "
     "work stays with the teams that do it now.", True),
    ("Tameside", "Whose leave rules apply when we are one team?",
     "Each of you keeps your own employer's leave year and entitlement. The team plans its rota jointly.",
     True),
    ("Worcestershire", "Is the Hub taking work away from professional officers?",
     "No. The Hub answers the straightforward enquiries so that professional officers have more time for "
     "the complex ones. Each service agrees in writing what the Hub answers and what it passes on.", True),
    ("Bury", "When do we move into the Public Service Village?",
     "Staff from all partners move in the week after the building opens. Every team tours the building "
     "first, and your manager will give you your team's date from the one move plan.", True),
    ("Bury", "Will we lose our own desks?",
     "Draft: waiting for the final floor plan.", False),
    ("Tameside", "Are the Pensions Service taking us over?",
     "No. The two teams are becoming one team with one way of working, and you will train together.",
     True),
]

# Extra invented concerns to give the flagship projects a chart worth reading.
POOL = {
    "job_security": ["Will there be fewer posts once the shared service is running?",
                     "Are the other agency's staff going to get first pick of the new jobs?",
                     "Is this the first step to outsourcing the front office?"],
    "skills": ["I have never dealt with benefits enquiries – when is the training?",
               "Will the new system be ready before we have to use it?",
               "How will we keep up our specialist knowledge?"],
    "pay_grading": ["The police call handlers are on a higher grade for the same calls.",
                    "Will my grade be protected if the new role is graded lower?"],
    "workload": ["Who covers our phones while we are on training?",
                 "The back office keeps sending customers to us with nothing to tell them."],
    "work_style": ["Our new team leader is from another agency and does not know our procedures.",
                   "We are being asked to chase call targets rather than help people."],
    "environment": ["There is nowhere private to talk to a customer in the new office.",
                    "We need panic alarms at the new front desk."],
    "terms": ["Will we have to work Saturdays when the centre opens longer hours?",
              "Whose flexitime scheme will we be on?"],
    "communication": ["We heard about the move from a customer before our managers told us.",
                      "The briefings are in our busiest hours, so we cannot go."],
    "other": ["Where will we park at the new building?"],
}
# Days from raised to answered, per project (illustrative), taken in turn for each answered
# concern of the project in the order they are loaded; a project not listed uses DEFAULT_RESPONSE.
RESPONSE_DAYS = {
    "Northumbria": [4, 7, 2, 13, 6, 9, 3, 8, 17, 5],
    "Kent": [6, 3, 15, 8, 5, 22, 9, 4, 12, 7],
    "Braintree": [9, 16, 24, 6, 13],
    "Rushcliffe": [5, 3, 14, 8],
    "Tameside": [4, 12, 7, 9, 3],
    "Worcestershire": [6, 9, 18, 11],
    "Bury": [7, 4, 15, 9],
    "Staffordshire": [2, 5, 3, 8, 12],
}
DEFAULT_RESPONSE = [5, 8, 14, 3]
CHANNEL_CYCLE = ["team_meeting", STAFF_LINK, "briefing", "feedback_session", "union", "survey_comment", "workshop"]
FLAGSHIPS = ["Northumbria", "Kent"]


def _projects(ctx: dict):
    from fossdash.projects.models import Project

    found = dict(ctx.get("projects") or {})
    if not found:
        found = {p.name: p for p in db.session.scalars(select(Project))}
    return found


def _find(projects: dict, keyword: str):
    for name, project in sorted(projects.items()):
        if keyword.lower() in name.lower():
            return project
    return None


def _anchor(project) -> date:
    """The project's first milestone (demo concerns cluster before it), or today."""
    days = sorted(m.on for m in project.milestones)
    return min(days[0], date.today()) if days else date.today()


def _agency(project, kind: str | None):
    if not kind:
        return None
    for p in project.partnerships:
        if p.agency.kind == kind:
            return p.agency
    return None


def _answerer(project, ctx: dict):
    from fossdash.auth.models import ProjectMembership

    member = db.session.scalar(
        select(ProjectMembership).where(ProjectMembership.project_id == project.id,
                                        ProjectMembership.role == "programme_manager")
    )
    # A project with no programme manager among the demo accounts: answered, but by nobody who
    # could sign in (the page then says only when).
    return member.user if member is not None else None


def _has_text(project, texts) -> bool:
    return db.session.scalar(
        select(Concern.id).where(Concern.project_id == project.id, Concern.text.in_(list(texts))).limit(1)
    ) is not None


def _response_days(project, ctx: dict) -> int:
    """The next days-to-answer in the project's own run (RESPONSE_DAYS)."""
    run = next((days for word, days in RESPONSE_DAYS.items() if word.lower() in project.name.lower()),
               DEFAULT_RESPONSE)
    turns = ctx.setdefault("concern_response_turn", {})
    turn = turns.get(project.id, 0)
    turns[project.id] = turn + 1
    return run[turn % len(run)]


def _add(project, ctx, kind, category, channel, severity, status, raised_on, text, raised_by=None,
         agency=None, response="", actions="", illustrative=True) -> Concern:
    anonymous_link = channel == STAFF_LINK
    concern = Concern(
        project_id=project.id, kind=kind, category=category, channel=channel, severity=severity, status=status,
        raised_on=raised_on, text=text, raised_by=None if anonymous_link else raised_by,
        agency_id=agency.id if agency else None, response=response, actions=actions, illustrative=illustrative,
    )
    if anonymous_link:  # as the staff link stores them: the day only
        concern.created_at = concern.updated_at = datetime(raised_on.year, raised_on.month, raised_on.day)
    if response and status in ("answered", "closed"):
        who = _answerer(project, ctx)
        concern.answered_by_id = who.id if who else None
        concern.answered_on = min(raised_on + timedelta(days=_response_days(project, ctx)), date.today())
    if status == "closed":
        concern.closed_on = concern.answered_on or raised_on
    db.session.add(concern)
    return concern


def _generated(project, ctx) -> None:
    """Two years of invented concerns up to today, busier in a milestone's quarter and the one before.
    Those of the last three weeks are not answered yet, and one in five of the months before that is
    still being worked on; the rest are answered (or closed), at the project's own pace."""
    if _has_text(project, [t for texts in POOL.values() for t in texts]):
        return  # loaded before (the dates depend on the day it ran, so match by text)
    today = date.today()
    marks = sorted(m.on for m in project.milestones)
    quarters = quarters_between(Quarter.of(today.replace(year=today.year - 2)), Quarter.of(today))
    busy = {Quarter.of(m) for m in marks} | {q for q in quarters for m in marks if q.next() == Quarter.of(m)}
    categories = itertools.cycle(list(POOL))
    picks = {c: itertools.cycle(texts) for c, texts in POOL.items()}
    channels = itertools.cycle(CHANNEL_CYCLE)
    agencies = [p.agency for p in project.partnerships] or [None]
    for i, q in enumerate(quarters):
        n = 2 + (i % 3) + (4 if q in busy else 0)
        for j in range(n):
            day = q.start.replace(day=3 + 9 * j) if j < 3 else date(q.start.year, q.start.month + 1, 2 + 5 * (j - 3))
            if day > today:
                break
            category = next(categories)
            channel = next(channels)
            age = (today - day).days
            if age < 21:  # still within (or just past) the target: not answered yet
                status = "responding" if j % 2 else "open"
            elif age < 120 and (i + j) % 5 == 0:  # one in five of the last months' still being worked on
                status = "responding"
            else:
                status = "closed" if j % 3 == 0 else "answered"
            response = ("Answered at the next team briefing, and in the staff newsletter."
                        if status in ("answered", "closed") else "")
            severity = None if (channel == STAFF_LINK and status == "open") else ("low", "medium", "high")[(i + j) % 3]
            text = next(picks[category])
            _add(project, ctx, "question" if text.endswith("?") else "concern", category, channel, severity,
                 status, day, text, agency=agencies[(i + j) % len(agencies)], response=response)


def _qa(project, question: str, answer: str, published: bool) -> None:
    exists = db.session.scalar(
        select(QuestionAnswer.id).where(QuestionAnswer.project_id == project.id, QuestionAnswer.question == question)
    )
    if exists:
        return
    source = db.session.scalar(
        select(Concern).where(Concern.project_id == project.id, Concern.text == question).limit(1)
    )
    published_on = None
    if published:
        # Published with the answer to the concern it came from (a week after, if that is open).
        base = ((source.answered_on or source.raised_on + timedelta(days=8)) if source
                else _anchor(project) - timedelta(days=20))
        published_on = min(base, date.today())
    db.session.add(QuestionAnswer(
        project_id=project.id, concern_id=source.id if source else None, question=question, answer=answer,
        published=published, published_on=published_on, illustrative=True,
    ))


def _no_union_names() -> None:
    """Demo data loaded before names were refused on the union channel had one such concern (Carol
    Jennings's): take the name off any demo concern raised through the union."""
    for concern in db.session.scalars(
        select(Concern).where(Concern.channel == "union", Concern.raised_by.is_not(None),
                              Concern.illustrative.is_(True))
    ):
        concern.raised_by = None
        concern._audit_note = "Name removed: a concern raised through the union records no name"  # noqa: SLF001


def load(ctx: dict) -> None:
    projects = _projects(ctx)
    if not projects:
        return
    _no_union_names()
    for (keyword, kind, category, channel, severity, status, days_before, text, raised_by, agency_kind,
         response, actions, illustrative) in SEEDED:
        project = _find(projects, keyword)
        if project is None or _has_text(project, [text]):
            continue
        raised_on = min(_anchor(project) - timedelta(days=days_before), date.today())
        _add(project, ctx, kind, category, channel, severity, status, raised_on, text, raised_by,
             _agency(project, agency_kind), response, actions, illustrative)
    db.session.flush()
    for keyword in FLAGSHIPS:
        project = _find(projects, keyword)
        if project is not None:
            _generated(project, ctx)
    db.session.flush()
    for keyword, question, answer, published in QAS:
        project = _find(projects, keyword)
        if project is not None:
            _qa(project, question, answer, published)
    db.session.flush()
