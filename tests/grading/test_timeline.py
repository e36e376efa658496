"""The issue's timeline shows every change, with who, when and why, newest first."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from fossdash.grading import timeline
from tests.grading.helpers import issue, issue_url
from tests.pages import shown_version


def _items(page: str) -> list[str]:
    """Timeline item texts, in page order, whitespace squeezed."""
    part = page.split('class="moj-timeline"', 1)[1]
    chunks = part.split('class="moj-timeline__item"')[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in chunks]


def test_every_change_is_on_the_timeline_newest_first(app, world, login):
    hr, union, pm = login(world.users["hr"]), login(world.users["union_rep"]), login(world.users["programme_manager"])
    i = issue(world)
    row = next(r for r in i.rows if r.id == world.ids["row_id"])
    steps = [
        (hr, "edit", {"role_title": "Contact centre adviser", "description": "Changed", "staff_group_ids": [],
                      "version": str(i.version)}),
        (hr, f"agencies/{row.id}/edit", {"current_grade": "Grade D", "pay_min": "20000", "pay_max": "23000",
                                         "weekly_hours": "39", "annual_leave_days": "24", "reason": "New scale",
                                         "version": str(row.version)}),
        (hr, "move", {"to_status": "hr_review", "reason": "Starting the review"}),
        (hr, "evaluation", {"knowledge": "3", "version": ""}),
        (hr, "move", {"to_status": "union_consultation", "reason": "Skipping evaluation: roles identical"}),
        (union, "union-position", {"position": "supports_with_conditions", "conditions": "Keep our leave"}),
        (hr, "decision", {"new_grade": "Scale 5", "pay_min": "21000", "pay_max": "23000", "weekly_hours": "37",
                          "effective_date": ["1", "4", "2027"], "pay_protection_months": "12"}),
        (pm, "comments", {"body": "Training starts in May"}),
        (hr, "move", {"to_status": "proposal", "reason": "Proposal sent to staff"}),
        (hr, f"agencies/{row.id}/remove", {}),
    ]
    for c, path, data in steps:
        current = issue(world)
        data = dict(data)
        if path in ("move",):
            data["version"] = str(current.version)
        if path == "union-position":
            data["version"] = str(current.position.version)
        if path.endswith("/remove"):  # as the confirm page sends it
            data["version"] = shown_version(c.get(issue_url(world, path)).text)
        resp = c.post(issue_url(world, path), data=data)
        assert resp.status_code == 302, (path, resp.status_code, resp.text[:2000])

    page = login(world.users["executive"]).get(issue_url(world)).text
    items = _items(page)
    hr_name, union_name, pm_name = (world.users[w].name for w in ("hr", "union_rep", "programme_manager"))
    expected = [  # newest first
        ("Agency removed: Grading world police", hr_name),
        ("Moved from union consultation to proposal", hr_name, "Proposal sent to staff"),
        ("Comment", pm_name, "Training starts in May"),
        ("Decision recorded", hr_name, "New grade: Scale 5", "Takes effect: 1 April 2027",
         "Pay protection (months): 12"),
        ("Union position: Supports with conditions", union_name, "Keep our leave"),
        ("Moved from HR review to union consultation", hr_name, "Skipping evaluation: roles identical"),
        ("Job evaluation recorded", hr_name, "Knowledge: level 3"),
        ("Moved from raised to HR review", hr_name, "Starting the review"),
        ("Grading world police: terms changed", hr_name, "Current grade: Police staff C → Grade D",
         "Pay to (a year): £22,000 → £23,000", "New scale"),
        ("Staff group removed: Grading world council advisers", hr_name),
        ("Issue details changed", hr_name, "Role: Customer service adviser → Contact centre adviser",
         "Description changed to: Changed"),
    ]
    found = 0
    for want in expected:
        match = next((n for n, text in enumerate(items) if want[0] in text), None)
        assert match is not None, f"{want[0]!r} not on the timeline:\n" + "\n".join(items)
        assert match >= found, f"{want[0]!r} out of order"
        found = match
        for part in want[1:]:
            assert part in items[match], f"{part!r} missing from {items[match]!r}"
    # The world's own history: raised, agencies added, the comment, at the bottom.
    assert "Grading issue raised" in items[-1] or any("Grading issue raised" in t for t in items[-6:])
    assert any("Please check the police staff scale points." in t for t in items)
    assert 'datetime="' in page and "moj-timeline__byline" in page


@dataclass
class Event:
    id: int
    entity: str
    entity_id: str
    action: str
    changes: dict
    at: datetime = datetime(2027, 1, 1, 9, 0)
    actor: str = "hr@example.org"
    actor_id: int | None = 1
    note: str = ""


def test_formatting_is_pure_and_uses_the_records_own_who_and_when():
    names = timeline.Names(users={1: "Helen (HR)", 2: "Uzma (union)"}, agencies={5: "Police"}, staff_groups={})
    events = [
        Event(1, "grading_issue", "9", "create", {"role_title": [None, "Adviser"], "raised_by_id": [None, 1],
                                                   "status_changed_at": [None, "2026-12-01T09:00:00"],
                                                   "description": [None, "Why"]}),
        Event(2, "grading_agency_row", "3", "create", {"issue_id": [None, 9], "agency_id": [None, 5],
                                                        "weekly_hours": [None, "39.00"]}),
        Event(3, "grading_agency_row", "3", "update", {"pay_min": ["19000.00", "19500.50"]}, note="Pay award"),
        Event(4, "grading_transition", "1", "create", {"issue_id": [None, 9], "from_status": [None, "raised"],
                                                        "to_status": [None, "hr_review"], "reason": [None, "Go"],
                                                        "actor_id": [None, 2], "at": [None, "2026-12-05T10:00:00"]}),
        Event(5, "grading_issue", "9", "update", {"status": ["raised", "hr_review"]}),
        Event(6, "grading_union_position", "4", "create", {"position": [None, "pending"]}),
    ]
    items = timeline.items(events, names)
    titles = [i.title for i in items]
    assert titles == ["Police: terms changed", "Agency added: Police", "Moved from raised to HR review",
                      "Grading issue raised"]
    assert items[0].lines == ["Pay from (a year): £19,000 → £19,500.50"] and items[0].body == "Pay award"
    assert items[1].lines == ["Weekly hours: 39"]
    move = items[2]
    assert (move.by, move.at, move.body) == ("Uzma (union)", datetime(2026, 12, 5, 10, 0), "Go")
    raised = items[3]
    assert (raised.by, raised.at, raised.lines, raised.body) == ("Helen (HR)", datetime(2026, 12, 1, 9, 0),
                                                                 ["Role: Adviser"], "Why")
