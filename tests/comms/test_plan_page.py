"""The plan page as people read it, on a frozen day (Saturday 10 March 2007): overdue actions first
and tagged in words; every other month folded under its name with what is in it, this month and
the next opened; filters folded away until used; three columns, so a phone needs no sideways scroll."""
from __future__ import annotations

from datetime import date

import lxml.html
import pytest

TODAY = date(2007, 3, 10)


@pytest.fixture
def plan_page(world, login, db, monkeypatch):
    from fossdash.comms import service
    from fossdash.comms.models import CommsAction

    monkeypatch.setattr(service, "today", lambda: TODAY)
    pid = world.project.id

    def add(title, due, done=None, technique="newsletter", audience="all_staff"):
        db.session.add(CommsAction(project_id=pid, title=title, technique=technique, audience=audience,
                                   owner="Comms officer", due_on=due, done_on=done, feedback=""))

    # The world's all-staff briefing is due 1 March 2007 and not done: overdue on 10 March.
    add("January newsletter", date(2007, 1, 31), date(2007, 1, 30))  # done on time
    add("February forum", date(2007, 2, 20), date(2007, 2, 27), technique="partnership_forum",
        audience="partners")  # done late
    add("Team meetings round", date(2007, 3, 14), technique="team_meetings")  # due within 7 days
    add("April newsletter", date(2007, 4, 30))  # planned, next month
    add("Site visit", date(2007, 6, 5), technique="site_visit", audience="managers")  # planned, later
    db.session.commit()

    def get(query=""):
        resp = login(world.users["executive"]).get(f"/projects/{pid}/communication/{query}")
        assert resp.status_code == 200
        return lxml.html.fromstring(resp.get_data(as_text=True))
    return get


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _details(doc, summary: str):
    return next(d for d in doc.xpath("//details") if summary in _text(d.xpath(".//summary")[0]))


def _sections(doc) -> list[tuple[str, str, bool, list[str]]]:
    """(month, summary, opened, action titles) for each month of the plan."""
    out = []
    for s in doc.xpath(f"//*[@id='plan-months']/div[{_cls('govuk-accordion__section')}]"):
        out.append((_text(s.xpath(f".//*[{_cls('govuk-accordion__section-button')}]")[0]),
                    _text(s.xpath(f".//*[{_cls('govuk-accordion__section-summary')}]")[0]),
                    "govuk-accordion__section--expanded" in s.get("class"),
                    [_text(a) for a in s.xpath(".//table//a")]))
    return out


def test_overdue_first_then_months_folded_except_this_one_and_the_next(plan_page):
    doc = plan_page()
    overdue = doc.get_element_by_id("overdue")
    assert _text(overdue) == "Overdue 1 action not done by their due date"
    table = overdue.getnext().xpath(".//table")[0]
    assert [_text(a) for a in table.xpath(".//a")] == ["Chief executive’s all-staff briefing"]
    assert _text(table.xpath(f".//strong[{_cls('govuk-tag')}]")[0]) == "Overdue"  # words, not colour alone
    assert _sections(doc) == [
        ("January 2007", "1 action: 1 done on time", False, ["January newsletter"]),
        ("February 2007", "1 action: 1 done late", False, ["February forum"]),
        ("March 2007", "1 action: 1 due within 7 days", True, ["Team meetings round"]),
        ("April 2007", "1 action: 1 planned", True, ["April newsletter"]),
        ("June 2007", "1 action: 1 planned", False, ["Site visit"]),
    ]


def test_each_action_is_three_columns_with_its_audience_and_owner_under_the_title(plan_page):
    doc = plan_page()
    tables = doc.xpath("//h2[@id='plan']/following::table")[:-1]  # (the last is the chart's)
    assert len(tables) == 6
    for table in tables:
        assert [_text(th) for th in table.xpath("./thead//th")] == ["Action", "Due", "Status"]
    forum = next(tr for tr in doc.xpath("//tbody/tr") if "February forum" in _text(tr))
    assert [_text(td) for td in forum.xpath("./td|./th")] == [
        "February forum Partnership forum, for partners. Owner: Comms officer",
        "20 Feb 2007 done 27 Feb 2007", "Done late"]


def test_filters_stay_folded_until_used_and_then_every_month_opens(plan_page):
    assert _details(plan_page(), "Filter the actions").get("open") is None
    doc = plan_page("?technique=newsletter")
    filters = _details(doc, "Filter the actions")
    assert filters.get("open") is not None
    assert _text(filters.xpath(".//summary")[0]) == "Filter the actions: technique: newsletter"
    assert [(m, opened, titles) for m, _s, opened, titles in _sections(doc)] == [
        ("January 2007", True, ["January newsletter"]), ("April 2007", True, ["April newsletter"])]
    assert not doc.xpath("//*[@id='overdue']")
