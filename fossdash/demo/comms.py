"""Demo communication plans, from the seed's "Communications" and the case studies.

Staffordshire Moorlands: the chief executive's three all-staff briefings, a partnership forum for
each one-stop shop (Leek, Biddulph, Cheadle; Age Concern among their members) and team meetings
cut from up to seven people to three or four. Kent Gateway: staff spend time at a live Gateway
before they move, instead of "tell, train and explain"; a joint briefing by the chief executives.
The techniques and who gave them are the paper's; every date, owner, count of people reached and
piece of feedback is invented, so every action is marked illustrative (the plan page says so).
Some actions are done late and some are overdue, so the plan shows every status. Dates are
relative to the day the demo is loaded (as the projects demo's milestones are). Idempotent: an
action is matched by project and title. Projects are found by a word in their name.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from fossdash.comms.models import CommsAction, CommsActionConcern, CommsSettings
from fossdash.extensions import db


def _d(days: int | None) -> date | None:
    return None if days is None else date.today() + timedelta(days=days)


# (project keyword, title, technique, audience, audience's agency or staff group (a word in its
#  name), owner, due (days from today), done (days from today, or None), people reached, feedback,
#  words of the demo concerns it answers)
ACTIONS = [
    # Staffordshire Moorlands one-stop shops
    ("Staffordshire", "Chief executive’s first all-staff briefing", "all_staff_briefing", "all_staff", None,
     "Chief executive", -420, -420, 112, "Staff asked whether back-office posts would go; most questions were "
     "about which services the one-stop shops would take on first.", []),
    ("Staffordshire", "Chief executive’s second all-staff briefing", "all_staff_briefing", "all_staff", None,
     "Chief executive", -380, -373, 98, "Moved a week because of the budget meeting. Fewer questions; staff "
     "wanted dates for the Leek opening.", []),
    ("Staffordshire", "Chief executive’s third all-staff briefing", "all_staff_briefing", "all_staff", None,
     "Chief executive", -330, -330, 121, "Back-office staff recruited to the front office spoke about their "
     "first weeks. Much warmer than the first briefing.", ["Back-office staff are worried"]),
    ("Staffordshire", "Small team meetings at Leek one-stop shop, three or four at a time", "team_meetings",
     "staff_group", "Moorlands customer services", "One-stop shop manager, Leek", -250, -250, 16,
     "Everyone spoke at least once; two ideas for the queue taken up.", ["Team meetings are so big"]),
    ("Staffordshire", "Leek one-stop shop partnership forum", "partnership_forum", "partners", None,
     "Head of customer services", -200, -200, 14, "Age Concern asked for a quiet interview room for older "
     "customers.", []),
    ("Staffordshire", "Briefing for Jobcentre Plus advisers on targets in the one-stop shops", "manager_briefing",
     "agency", "Jobcentre Plus", "Jobcentre Plus district manager", -160, -163, 6,
     "Advisers keep their own performance indicators; the one-stop shop reports both.",
     ["Jobcentre Plus advisers work to our targets"]),
    ("Staffordshire", "Biddulph one-stop shop partnership forum", "partnership_forum", "partners", None,
     "Head of customer services", -140, -131, 11, "Held late: the room was double-booked.", []),
    ("Staffordshire", "Staff newsletter: Cheadle opening plans", "newsletter", "all_staff", None,
     "Communications lead", -12, None, None, "", []),
    ("Staffordshire", "Cheadle one-stop shop partnership forum", "partnership_forum", "partners", None,
     "Head of customer services", -5, None, None, "", []),
    ("Staffordshire", "Feedback session for Cheadle staff before the opening", "feedback_session", "staff_group",
     "County council information officers", "One-stop shop manager, Cheadle", 4, None, None, "",
     ["share the same waiting area at Cheadle"]),
    ("Staffordshire", "Rumour-busting page: who uses the Cheadle waiting area", "rumour_busting", "all_staff",
     None, "Communications lead", 30, None, None, "", ["share the same waiting area at Cheadle"]),
    ("Staffordshire", "Chief executive’s briefing before Cheadle opens", "all_staff_briefing", "all_staff", None,
     "Chief executive", 75, None, None, "", []),
    # Kent Gateway, Ashford
    ("Kent", "Joint briefing by the district and county chief executives", "all_staff_briefing", "all_staff",
     None, "Chief executives of Kent County Council and Ashford Borough Council", -240, -240, 38,
     "Staff asked who their manager would be. The county giving up its logo first was noticed.",
     ["They're after our jobs"]),
    ("Kent", "Ashford Borough Council staff visit a live Gateway before the move", "site_visit", "staff_group",
     "Ashford Borough Council customer service", "Gateway manager", -230, -226, 18,
     "Seeing the open-plan office working settled most worries about safety; two asked for the panic alarms "
     "to be shown again on the first day.", ["who keeps us safe"]),
    ("Kent", "Joint workshop for all partners’ front counter staff", "joint_workshop", "all_staff", None,
     "Gateway manager", -220, -221, 41, "Staff of four agencies met for the first time; a shared list of "
     "who answers what.", []),
    ("Kent", "Gateway newsletter: the first weeks in the open-plan office", "newsletter", "all_staff", None,
     "Programme manager", -150, -150, 42, "Three replies asking for the lunchtime rota to be published a week "
     "ahead.", []),
    ("Kent", "Feedback session after three months at the Gateway", "feedback_session", "all_staff", None,
     "Gateway manager", -110, -101, 27, "Held late: the first date clashed with the council tax billing peak. "
     "Staff said the friendlier relationship with customers had taken away the ‘them and us’ feeling; "
     "lunchtime queues are the worry now.", []),
    ("Kent", "Rumour-busting page on the Gateway intranet", "rumour_busting", "all_staff", None,
     "Programme manager", -95, -88, None, "Published a week late, after the partners agreed the first answers.",
     ["take-over by the county"]),
    ("Kent", "Briefing for Jobcentre Plus advisers on Gateway procedures", "manager_briefing", "agency",
     "Jobcentre Plus", "Jobcentre Plus office manager", -80, -80, 7, "Advisers asked which enquiries they now "
     "answer for the council at the first desk.", []),
    ("Kent", "Kent Police front counter staff join the extended programme team", "staff_representative",
     "agency", "Kent Police", "Programme manager", -60, None, None, "", []),
    ("Kent", "Team meeting on the Gateway’s opening hours", "team_meetings", "all_staff", None,
     "Gateway manager", -2, None, None, "", ["opening hours"]),
    ("Kent", "Staff of the next Gateway spend time at Ashford Gateway", "site_visit", "partners", None,
     "Gateway manager", 21, None, None, "", []),
    ("Kent", "Gateway newsletter before the next roll-out", "newsletter", "all_staff", None, "Programme manager",
     6, None, None, "", []),
]
LEADS = {"Staffordshire": ("Dee Harper (illustrative name)", "Communications officer, Staffordshire Moorlands "
                                                            "District Council")}


def _projects():
    from fossdash.projects.models import Project

    return list(db.session.scalars(select(Project).order_by(Project.name)))


def _find(projects, keyword: str):
    return next((p for p in projects if keyword.lower() in p.name.lower()), None)


def _audience(project, audience: str, word: str | None):
    if not word:
        return None, None
    if audience == "agency":
        found = next((p.agency for p in project.partnerships if word.lower() in p.agency.name.lower()), None)
        return (found.id if found else None), None
    group = next((g for g in project.staff_groups if word.lower() in g.name.lower()), None)
    return None, (group.id if group else None)


def _concern_ids(project, words: list[str]) -> list[int]:
    from fossdash.concerns.models import Concern

    out = []
    for word in words:
        found = db.session.scalar(select(Concern.id).where(Concern.project_id == project.id,
                                                           Concern.text.contains(word)).limit(1))
        if found is not None:
            out.append(found)
    return out


def load(ctx: dict) -> None:
    projects = _projects()
    for (keyword, title, technique, audience, who, owner, due, done, reached, feedback, answers) in ACTIONS:
        project = _find(projects, keyword)
        if project is None or db.session.scalar(
                select(CommsAction.id).where(CommsAction.project_id == project.id, CommsAction.title == title)):
            continue
        agency_id, group_id = _audience(project, audience, who)
        if audience == "agency" and agency_id is None or audience == "staff_group" and group_id is None:
            audience = "all_staff"
        action = CommsAction(project_id=project.id, title=title, technique=technique, audience=audience,
                             agency_id=agency_id, staff_group_id=group_id, owner=owner, due_on=_d(due),
                             done_on=_d(done), people_reached=reached, feedback=feedback, illustrative=True)
        for concern_id in _concern_ids(project, answers):
            action.concern_links.append(CommsActionConcern(concern_id=concern_id, project_id=project.id))
        db.session.add(action)
    for keyword, (name, role) in LEADS.items():
        project = _find(projects, keyword)
        if project is not None and db.session.scalar(
                select(CommsSettings.id).where(CommsSettings.project_id == project.id)) is None:
            db.session.add(CommsSettings(project_id=project.id, lead_name=name, lead_role=role, illustrative=True))
    db.session.flush()
