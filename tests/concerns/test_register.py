"""The concerns register: list, filter, search, sort, log, edit, answer, close; who sees the raiser."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.concerns.helpers import concern, valid_concern_form
from tests.concerns.world_part import RAISER


def _url(world, path=""):
    return f"/projects/{world.project.id}/concerns/{path}"


def _order(page: str, texts: list[str]) -> list[str]:
    found = sorted((page.index(t), t) for t in texts if t in page)
    return [t for _i, t in found]


# --- who sees the raiser ------------------------------------------------------------------------

@pytest.mark.parametrize("who,sees", [("programme_manager", True), ("hr", True), ("admin", True),
                                      ("executive", True), ("union_rep", False)])
def test_only_people_allowed_see_who_raised_a_named_concern(world, login, who, sees):
    client = login(world.users[who])
    listing = client.get(_url(world)).get_data(as_text=True)
    detail = client.get(_url(world, f"{world.ids['concern_id']}/")).get_data(as_text=True)
    assert "They&#39;re after our jobs." in listing
    assert (RAISER in listing) is sees
    assert (RAISER in detail) is sees
    assert ("Raised by" in detail) is sees


def test_a_union_rep_cannot_find_a_concern_by_who_raised_it(world, login):
    union = login(world.users["union_rep"])
    page = union.get(_url(world), query_string={"q": "Janet"}).get_data(as_text=True)
    assert "They&#39;re after our jobs." not in page and "No concerns or questions match these filters." in page
    pm = login(world.users["programme_manager"])
    assert "They&#39;re after our jobs." in pm.get(_url(world), query_string={"q": "Janet"}).get_data(as_text=True)


def test_the_history_hides_a_change_of_raiser_from_union_reps(app, db, world, login):
    pm = login(world.users["programme_manager"])
    c = concern(world.project, text="Where will we park?", raised_by=None)
    form = valid_concern_form(text="Where will we park?", raised_by="Sam Other", version=str(c.version))
    assert pm.post(_url(world, f"{c.id}/edit"), data=form).status_code == 302
    union = login(world.users["union_rep"])
    page = union.get(_url(world, f"{c.id}/")).get_data(as_text=True)
    assert "Sam Other" not in page and "Raised by" not in page
    assert "Sam Other" in pm.get(_url(world, f"{c.id}/")).get_data(as_text=True)


# --- filter, search, sort, pages ------------------------------------------------------------------

@pytest.fixture
def register(world, make):
    agency = make.agency("Kent County Council", "county_council")
    make.partnership(world.project, agency)
    rows = {
        "a": concern(world.project, text="Alpha: panic alarms at the desk", category="environment", status="open",
                     severity="high", raised_on=date(2007, 1, 10), agency_id=agency.id),
        "b": concern(world.project, text="Bravo: 100% of our calls go to voicemail", category="workload",
                     status="answered", severity="low", raised_on=date(2007, 2, 10), response="Fixed"),
        "c": concern(world.project, text="Charlie: WHO supervises us?", kind="question", category="work_style",
                     status="closed", severity="medium", raised_on=date(2007, 3, 10)),
    }
    concern(world.other, text="Bravo project: not ours", category="workload")
    return {"agency": agency, **rows}


def test_filters_narrow_the_register_and_the_chart(world, login, register):
    pm = login(world.users["programme_manager"])
    texts = ["Alpha: panic", "Bravo: 100%", "Charlie: WHO", "They&#39;re after our jobs", "Bravo project"]

    def shown(**args):
        page = pm.get(_url(world), query_string=args).get_data(as_text=True)
        return {t for t in texts if t in page}, page

    assert shown()[0] == set(texts) - {"Bravo project"}
    assert shown(category="workload")[0] == {"Bravo: 100%"}
    assert shown(status="closed")[0] == {"Charlie: WHO"}
    assert shown(agency=str(register["agency"].id))[0] == {"Alpha: panic"}
    assert shown(kind="question")[0] == {"Charlie: WHO", }
    found, page = shown(category="workload", status="open")
    assert found == set() and "No concerns or questions match these filters." in page
    # Unknown filter values are ignored, not an error.
    assert shown(category="nonsense", status="<script>", agency="x")[0] == set(texts) - {"Bravo project"}
    # The chart's table counts what the filters keep.
    _found, page = shown(category="workload")
    assert 'data-chart="concerns-per-quarter-data"' in page
    assert re.search(r"Apr\xa0to\xa0Jun\xa02007|Jan\xa0to\xa0Mar\xa02007", page)


ILLUSTRATIVE = "are illustrative: they were made up for this demonstration"  # the kit's one notice
ROW_TAG = 'govuk-tag--yellow">Illustrative</strong>'


def test_the_page_says_once_what_is_illustrative_and_tags_rows_only_when_mixed(app, db, world, login):
    pm = login(world.users["programme_manager"])
    page = pm.get(_url(world)).get_data(as_text=True)
    assert ILLUSTRATIVE not in page and ROW_TAG not in page
    concern(world.project, text="Invented for the demo.", category="workload", illustrative=True)
    # Real and invented together: one notice for the page, and the invented row tagged.
    page = pm.get(_url(world)).get_data(as_text=True)
    assert page.count(ILLUSTRATIVE) == 1 and "tagged “Illustrative” in the register" in page
    assert page.count(ROW_TAG) == 1
    assert page.index(ROW_TAG) > page.index("Invented for the demo.")
    # Only invented ones listed: the notice says so, and no row needs a tag.
    page = pm.get(_url(world), query_string={"category": "workload"}).get_data(as_text=True)
    assert "The concerns and questions listed here " + ILLUSTRATIVE in page and ROW_TAG not in page
    # Filtered down to real concerns only, the chart's figures and the rows are real again.
    page = pm.get(_url(world), query_string={"category": "job_security"}).get_data(as_text=True)
    assert ILLUSTRATIVE not in page and ROW_TAG not in page


def test_search_is_case_insensitive_and_takes_wildcards_literally(world, login, register):
    pm = login(world.users["programme_manager"])
    page = pm.get(_url(world), query_string={"q": "who SUPERVISES"}).get_data(as_text=True)
    assert "Charlie: WHO" in page and "Alpha: panic" not in page
    page = pm.get(_url(world), query_string={"q": "100%"}).get_data(as_text=True)
    assert "Bravo: 100%" in page and "Alpha: panic" not in page
    page = pm.get(_url(world), query_string={"q": "%"}).get_data(as_text=True)
    assert "Bravo: 100%" in page and "Charlie: WHO" not in page
    page = pm.get(_url(world), query_string={"q": "_"}).get_data(as_text=True)
    assert "No concerns or questions match" in page
    # The response is searched too.
    assert "Bravo: 100%" in pm.get(_url(world), query_string={"q": "fixed"}).get_data(as_text=True)


def test_sorting_by_column(world, login, register):
    pm = login(world.users["programme_manager"])
    texts = ["Alpha: panic", "Bravo: 100%", "Charlie: WHO", "They&#39;re after our jobs"]
    page = pm.get(_url(world)).get_data(as_text=True)
    assert _order(page, texts) == ["Charlie: WHO", "Bravo: 100%", "They&#39;re after our jobs", "Alpha: panic"]
    assert 'aria-sort="descending"><a class="govuk-link" href="' in page
    page = pm.get(_url(world), query_string={"sort": "raised_on", "dir": "asc"}).get_data(as_text=True)
    assert _order(page, texts) == ["Alpha: panic", "They&#39;re after our jobs", "Bravo: 100%", "Charlie: WHO"]
    # Category by its label, A to Z: Job security, Work style, Working environment, Workload.
    page = pm.get(_url(world), query_string={"sort": "category", "dir": "asc"}).get_data(as_text=True)
    assert _order(page, texts) == ["They&#39;re after our jobs", "Charlie: WHO", "Alpha: panic", "Bravo: 100%"]
    page = pm.get(_url(world), query_string={"sort": "severity", "dir": "desc"}).get_data(as_text=True)
    assert _order(page, texts)[:2] == ["They&#39;re after our jobs", "Alpha: panic"]  # both high
    assert _order(page, texts)[-1] == "Bravo: 100%"
    page = pm.get(_url(world), query_string={"sort": "status", "dir": "asc"}).get_data(as_text=True)
    assert _order(page, texts)[-2:] == ["Bravo: 100%", "Charlie: WHO"]  # answered, then closed


def test_the_register_pages_by_fifty(world, login):
    for i in range(51):
        concern(world.project, text=f"Numbered concern {i:03d}", raised_on=date(2006, 1, 1) + timedelta(days=i))
    pm = login(world.users["programme_manager"])
    first = pm.get(_url(world)).get_data(as_text=True)
    assert "Showing 1 to 50 of 53 results." in first and "Numbered concern 000" not in first
    second = pm.get(_url(world), query_string={"page": "2"}).get_data(as_text=True)
    assert "Showing 51 to 53 of 53 results." in second and "Numbered concern 000" in second
    assert pm.get(_url(world), query_string={"page": "999"}).status_code == 200


# --- log, edit, answer, close ---------------------------------------------------------------------------

def test_logging_a_concern(app, db, world, login):
    from fossdash.concerns.models import Concern

    pm = login(world.users["programme_manager"])
    form = pm.get(_url(world, "new")).get_data(as_text=True)
    assert "Log a concern or question" in form and "Rumour-busting link" not in form
    resp = pm.post(_url(world, "new"), data=valid_concern_form(raised_by="  Pat Named  "))
    assert resp.status_code == 302
    c = db.session.scalars(select(Concern).order_by(Concern.id.desc())).first()
    assert (c.text, c.category, c.channel, c.raised_on, c.severity, c.raised_by, c.status) == (
        "We can't change the way we work.", "skills", "briefing", date(2007, 2, 14), "high", "Pat Named", "open")
    page = pm.get(resp.headers["Location"]).get_data(as_text=True)
    assert f"Concern {c.id} logged." in page


@pytest.mark.parametrize("change,message", [
    ({"text": ""}, "Enter what they said"),
    ({"category": ""}, "Select a category"),
    ({"channel": "staff_link"}, "Select how it was raised from the list"),
    ({"kind": "rumour"}, "Select whether it is a concern or a question"),
    ({"category": "gossip"}, "Select a category from the list"),
    ({"severity": "urgent"}, "Select the severity"),
    ({"raised_on": None}, "Enter the date it was raised"),
    ({"raised_on": date(2099, 1, 1)}, "Date raised must be today or in the past"),
    ({"raised_by": "x" * 201}, "Raised by must be 200 characters or fewer"),
])
def test_bad_input_is_refused_with_gov_uk_errors_and_saves_nothing(app, db, world, login, change, message):
    from fossdash.concerns.models import Concern

    pm = login(world.users["programme_manager"])
    before = db.session.query(Concern).count()
    data = valid_concern_form(**change)
    if change.get("raised_on", 1) is None:
        data["raised_on"] = ["", "", ""]
    resp = pm.post(_url(world, "new"), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "There is a problem" in page and message in page
    assert "<title>Error: " in page
    assert db.session.query(Concern).count() == before


@pytest.mark.parametrize("parts,message", [
    (["31", "2", "2007"], "Date raised must be a real date"),
    (["", "2", "2007"], "Date raised must include a day"),
    (["1", "", ""], "Date raised must include a month and a year"),
    (["a", "b", "c"], "Date raised must be a real date"),
])
def test_dates_are_checked_the_gov_uk_way(world, login, parts, message):
    pm = login(world.users["programme_manager"])
    data = valid_concern_form()
    data["raised_on"] = parts
    page = pm.post(_url(world, "new"), data=data).get_data(as_text=True)
    assert message in page


@pytest.mark.parametrize("path", ["new", "{id}/edit"])
def test_a_date_posted_without_all_three_boxes_is_an_error_not_a_crash(app, db, world, login, path):
    from fossdash.concerns.models import Concern

    pm = login(world.users["programme_manager"])
    before = db.session.query(Concern).count()
    data = valid_concern_form(version="1")
    data["raised_on"] = ["14"]  # a forged or truncated post
    resp = pm.post(_url(world, path.format(id=world.ids["concern_id"])), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Date raised must include a month and a year" in page
    assert page.count('name="raised_on"') == 3  # the three boxes are shown again
    assert db.session.query(Concern).count() == before


def test_answering_with_an_unknown_status_says_so_the_gov_uk_way(app, db, world, login):
    from fossdash.concerns.models import Concern

    pm = login(world.users["programme_manager"])
    c = db.session.get(Concern, world.ids["concern_id"])
    version, response = c.version, c.response
    page = pm.post(_url(world, f"{c.id}/answer"), data={"version": str(version), "response": "Yes.",
                                                          "status": "pending"}).get_data(as_text=True)
    assert "Select a status" in page and "Not a valid choice" not in page
    db.session.expire_all()
    assert (c.version, c.response) == (version, response)


def test_a_conflicting_edit_loses_nothing(app, db, world, login):
    from fossdash.concerns.models import Concern

    c = db.session.get(Concern, world.ids["concern_id"])
    stale = str(c.version)
    first = login(world.users["programme_manager"])
    second = login(world.users["admin"])
    assert first.post(_url(world, f"{c.id}/edit"),
                      data=valid_concern_form(text="First person's words", version=stale)).status_code == 302
    clash = second.post(_url(world, f"{c.id}/edit"), data=valid_concern_form(text="Second person's words", version=stale))
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "First person&#39;s words" in page and "Second person&#39;s words" in page
    db.session.expire_all()
    assert db.session.get(Concern, c.id).text == "First person's words"
    # Saving from the conflict page (which carries the new version) keeps the second version.
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    again = second.post(_url(world, f"{c.id}/edit"), data=valid_concern_form(text="Second person's words", version=version))
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Concern, c.id).text == "Second person's words"


def test_a_concern_from_the_link_never_gains_an_author(app, db, world, login):
    from fossdash.concerns.models import Concern

    c = concern(world.project, channel="staff_link", text="Anonymous worry", severity=None)
    pm = login(world.users["programme_manager"])
    form = pm.get(_url(world, f"{c.id}/edit")).get_data(as_text=True)
    assert "Raised by (optional)" not in form and "none can be added" in form
    forged = valid_concern_form(text="Anonymous worry", raised_by="Forged Name", channel="union", version=str(c.version))
    assert pm.post(_url(world, f"{c.id}/edit"), data=forged).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Concern, c.id)
    assert saved.raised_by is None and saved.channel == "staff_link" and saved.severity == "high"


def test_answering_records_who_and_when(app, db, world, login):
    from fossdash.concerns.models import Concern

    c = db.session.get(Concern, world.ids["concern_id"])
    pm = login(world.users["programme_manager"])
    bad = pm.post(_url(world, f"{c.id}/answer"), data={"response": " ", "actions": "", "status": "answered",
                                                         "version": str(c.version)})
    assert "Enter the response before marking it answered" in bad.get_data(as_text=True)
    ok = pm.post(_url(world, f"{c.id}/answer"), data={"response": "Nobody loses their job.",
                                                        "actions": "Briefing on 3 May", "status": "answered",
                                                        "version": str(c.version)})
    assert ok.status_code == 302
    db.session.expire_all()
    c = db.session.get(Concern, c.id)
    assert (c.response, c.actions, c.status) == ("Nobody loses their job.", "Briefing on 3 May", "answered")
    assert c.answered_by_id == world.users["programme_manager"].id and c.answered_on == date.today()
    page = pm.get(_url(world, f"{c.id}/")).get_data(as_text=True)
    assert "Nobody loses their job." in page and "Answered by" in page and ">Answered<" in page


def test_closing_keeps_the_reason_in_the_history(app, db, world, login):
    from fossdash.concerns.models import Concern

    c = db.session.get(Concern, world.ids["concern_id"])
    pm = login(world.users["programme_manager"])
    assert pm.post(_url(world, f"{c.id}/close"), data={"note": "Duplicate of 12", "version": str(c.version)}).status_code == 302
    db.session.expire_all()
    c = db.session.get(Concern, c.id)
    assert c.status == "closed" and c.closed_on == date.today()
    page = pm.get(_url(world, f"{c.id}/")).get_data(as_text=True)
    assert "Duplicate of 12" in page and "Closed" in page
    # Opening the close page again just says so.
    again = pm.get(_url(world, f"{c.id}/close"))
    assert again.status_code == 302


def test_a_concern_of_another_project_is_not_found_through_this_one(world, login):
    other = concern(world.other, text="Bravo's concern")
    pm = login(world.users["programme_manager"])
    for path in (f"{other.id}/", f"{other.id}/edit", f"{other.id}/answer", f"{other.id}/close"):
        assert pm.get(_url(world, path)).status_code == 404
    assert pm.get(_url(world, "questions/new"), query_string={"concern": other.id}).status_code == 404


def test_an_empty_register_says_so_and_offers_only_what_makes_sense(world, make, login):
    project = make.project("Nothing raised yet")
    pm = make.user("programme_manager")
    make.member(project, pm)
    page = login(pm).get(f"/projects/{project.id}/concerns/").get_data(as_text=True)
    assert "No concerns or questions have been logged yet." in page
    assert "Log a concern or question" in page and f"/projects/{project.id}/concerns/staff-link" in page
    assert "Download as a spreadsheet" not in page and "Apply filters" not in page
    assert 'data-chart=' not in page


def test_the_history_gives_times_in_uk_time(app, db, world, login):
    from datetime import datetime

    from fossdash.audit import AuditEvent

    c = world.extra["concerns"]["named"]
    db.session.add(AuditEvent(at=datetime(2026, 7, 1, 13, 5), actor="pm@example.org", action="update",
                              entity="concern", entity_id=str(c.id), project_id=world.project.id,
                              changes={"status": ["open", "responding"]}, note=""))
    db.session.commit()
    page = login(world.users["programme_manager"]).get(_url(world, f"{c.id}/")).get_data(as_text=True)
    assert "1 July 2026 at 2:05pm" in page and "(UTC)" not in page  # British Summer Time
    assert 'datetime="2026-07-01T13:05:00Z"' in page


def test_the_history_names_people_not_their_email_addresses(app, db, world, login):
    from fossdash.concerns.models import Concern

    c = db.session.get(Concern, world.ids["concern_id"])
    pm_user = world.users["programme_manager"]
    pm = login(pm_user)
    assert pm.post(_url(world, f"{c.id}/close"), data={"note": "Sorted", "version": str(c.version)}).status_code == 302
    page = pm.get(_url(world, f"{c.id}/")).get_data(as_text=True)
    byline = [line for line in page.splitlines() if "moj-timeline__byline" in line]
    assert any(f"by {pm_user.name}" in line for line in byline), byline
    assert not any(pm_user.email in line for line in byline)
