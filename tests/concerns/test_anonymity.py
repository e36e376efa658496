"""The anonymity threshold k on the concerns register: a concern sent through the staff link never
shows the agency or staff group of a group smaller than k (list, detail, export), filtering by
agency cannot single one out, and counts broken down by agency are suppressed on the chart and
its table."""
from __future__ import annotations

import json
import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.concerns.helpers import concern

NOT_SHOWN = "Not shown (not given, or a small group)"


def _url(world, path=""):
    return f"/projects/{world.project.id}/concerns/{path}"


@pytest.fixture
def people(world, make):
    """World project Alpha (k = 5): a big agency (24 staff) with a big and a small group, a small
    agency (3 staff), and concerns from the staff link and from a meeting."""
    big = make.agency("Newcastle City Council", "unitary_council")
    small = make.agency("Kent Police", "police")
    make.partnership(world.project, big, staff_moving_in=24)
    make.partnership(world.project, small, staff_moving_in=3)
    advisers = make.staff_group(world.project, big, name="Newcastle contact advisers", headcount=22)
    supervisors = make.staff_group(world.project, big, name="Newcastle team supervisors", headcount=2)
    counter = make.staff_group(world.project, small, name="Police front counter staff", headcount=3)
    link = dict(channel="staff_link", severity=None, raised_on=date(2007, 3, 5))
    rows = {
        "link_small": concern(world.project, text="SMALL-LINK: will the police run our counter?",
                              agency_id=small.id, staff_group_id=counter.id, **link),
        "link_big": concern(world.project, text="BIG-LINK: who answers the phones at lunch?",
                            agency_id=big.id, staff_group_id=advisers.id, **link),
        "link_big_small_group": concern(world.project, text="SUPERVISOR-LINK: who signs off our rotas?",
                                        agency_id=big.id, staff_group_id=supervisors.id, **link),
        "named_small": concern(world.project, text="NAMED-SMALL: we were not asked about the counter.",
                               agency_id=small.id, staff_group_id=counter.id, raised_by="Pat Named",
                               channel="team_meeting", raised_on=date(2007, 3, 6)),
    }
    return {"big": big, "small": small, "advisers": advisers, "supervisors": supervisors, "counter": counter,
            **rows}


def _detail(client, world, c) -> str:
    return client.get(_url(world, f"{c.id}/")).get_data(as_text=True)


def _summary(page: str) -> dict[str, str]:
    keys = re.findall(r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
                      page, re.S)
    return {k: re.sub(r"\s+", " ", v) for k, v in keys}


# --- a concern from the link: agency and group only for groups of k or more -----------------------

def test_a_link_concern_from_a_small_group_shows_neither_its_agency_nor_its_group(world, login, people):
    for who in ("programme_manager", "executive", "union_rep", "admin"):
        client = login(world.users[who])
        detail = _summary(_detail(client, world, people["link_small"]))
        assert detail["Agency"] == NOT_SHOWN and detail["Staff group"] == NOT_SHOWN, who
        listing = client.get(_url(world)).get_data(as_text=True)
        c = people["link_small"]
        assert f"Concern {c.id} · through the staff link" in listing
        assert f"Concern {c.id} · Kent Police" not in listing


def test_a_link_concern_shows_what_is_big_enough_and_named_concerns_show_everything(world, login, people):
    pm = login(world.users["programme_manager"])
    big = _summary(_detail(pm, world, people["link_big"]))
    assert (big["Agency"], big["Staff group"]) == ("Newcastle City Council", "Newcastle contact advisers")
    mixed = _summary(_detail(pm, world, people["link_big_small_group"]))
    assert (mixed["Agency"], mixed["Staff group"]) == ("Newcastle City Council", NOT_SHOWN)
    named = _summary(_detail(pm, world, people["named_small"]))
    assert (named["Agency"], named["Staff group"]) == ("Kent Police", "Police front counter staff")
    listing = pm.get(_url(world)).get_data(as_text=True)
    assert f"Concern {people['link_big'].id} · Newcastle City Council · through the staff link" in listing
    assert f"Concern {people['named_small'].id} · Kent Police" in listing


def test_not_given_and_too_small_look_the_same(world, login, people):
    """Otherwise "not shown" would point to the one small group of the project."""
    blank = concern(world.project, channel="staff_link", severity=None, text="BLANK-LINK: no agency given")
    page = _detail(login(world.users["programme_manager"]), world, blank)
    assert _summary(page)["Agency"] == NOT_SHOWN and _summary(page)["Staff group"] == NOT_SHOWN
    assert "shown only where at least 5 staff could have sent it" in page


def test_the_threshold_is_the_projects_own(app, db, world, login, people):
    world.project.anonymity_k = 25  # now even the big agency (24 staff) is too small
    db.session.commit()
    detail = _summary(_detail(login(world.users["programme_manager"]), world, people["link_big"]))
    assert detail["Agency"] == NOT_SHOWN and detail["Staff group"] == NOT_SHOWN


def test_the_export_leaves_out_what_the_pages_leave_out(world, login, people):
    resp = login(world.users["programme_manager"]).get(_url(world, "export.xlsx"))
    ws = load_workbook(BytesIO(resp.data))["Concerns"]
    top = next(r[0].row for r in ws.iter_rows(min_row=1, max_row=12) if r[0].value == "Reference")
    header = [c.value for c in ws[top]]
    rows = {r[0].value: dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=top + 1)
            if r[0].value is not None}
    assert (rows[people["link_small"].id]["Agency"], rows[people["link_small"].id]["Staff group"]) == (NOT_SHOWN, NOT_SHOWN)
    assert (rows[people["link_big"].id]["Agency"], rows[people["link_big"].id]["Staff group"]) == (
        "Newcastle City Council", "Newcastle contact advisers")
    assert rows[people["link_big_small_group"].id]["Staff group"] == NOT_SHOWN
    assert rows[people["named_small"].id]["Agency"] == "Kent Police"
    everything = "\n".join(str(c.value) for row in ws.iter_rows() for c in row)
    assert "Police front counter staff" in everything  # the named concern's
    assert everything.count("Police front counter staff") == 1
    notes = [ws.cell(row=r, column=1).value for r in range(1, top)]
    assert any("only where at least 5 staff could have sent them" in (n or "") for n in notes)


# --- filtering by agency cannot single out an anonymous concern ------------------------------------

def test_filtering_by_a_small_agency_leaves_out_its_link_concerns(world, login, people):
    pm = login(world.users["programme_manager"])
    everything = pm.get(_url(world)).get_data(as_text=True)
    assert "SMALL-LINK" in everything  # still in the full register
    small = pm.get(_url(world), query_string={"agency": people["small"].id}).get_data(as_text=True)
    assert "SMALL-LINK" not in small and "NAMED-SMALL" in small
    assert "left out of this filter" in small
    big = pm.get(_url(world), query_string={"agency": people["big"].id}).get_data(as_text=True)
    assert "BIG-LINK" in big and "SUPERVISOR-LINK" in big and "left out of this filter" not in big
    # The export of the same filter agrees with the page.
    resp = pm.get(_url(world, "export.xlsx"), query_string={"agency": people["small"].id})
    texts = {c.value for row in load_workbook(BytesIO(resp.data))["Concerns"].iter_rows() for c in row}
    assert "NAMED-SMALL: we were not asked about the counter." in texts
    assert "SMALL-LINK: will the police run our counter?" not in texts


def test_the_agency_list_does_not_give_away_an_agency_only_a_small_link_concern_names(app, db, world, make, login,
                                                                                      people):
    former = make.agency("Former Partner Trust", "voluntary")  # no partnership, no staff on record
    concern(world.project, channel="staff_link", severity=None, text="FORMER-LINK", agency_id=former.id)
    pm = login(world.users["programme_manager"])
    page = pm.get(_url(world)).get_data(as_text=True)
    assert "Former Partner Trust" not in page
    concern(world.project, channel="briefing", text="FORMER-NAMED", agency_id=former.id)
    assert f'<option value="{former.id}">Former Partner Trust</option>' in pm.get(_url(world)).get_data(as_text=True)
    filtered = pm.get(_url(world), query_string={"agency": former.id}).get_data(as_text=True)
    assert "FORMER-NAMED" in filtered and "FORMER-LINK" not in filtered


# --- counts broken down by agency --------------------------------------------------------------------

def _chart(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="concerns-per-quarter-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def _table_cells(page: str) -> list[list[str]]:
    table = re.search(r'<table class="govuk-table govuk-!-font-size-16" id="concerns-per-quarter-table">(.*?)</table>',
                      page, re.S).group(1)
    body = re.search(r"<tbody.*?</tbody>", table, re.S).group(0)
    return [[re.sub(r"<.*?>|\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_the_chart_for_one_agency_hides_counts_under_k(world, login, people):
    for day in (date(2007, 3, 1), date(2007, 3, 2), date(2007, 3, 3), date(2007, 3, 4), date(2007, 3, 8)):
        concern(world.project, text="Busy quarter", category="skills", channel="briefing", raised_on=day,
                agency_id=people["big"].id)
    concern(world.project, text="Quiet one", category="pay_grading", channel="briefing", raised_on=date(2007, 3, 9),
            agency_id=people["big"].id)
    pm = login(world.users["programme_manager"])
    page = pm.get(_url(world), query_string={"agency": people["big"].id}).get_data(as_text=True)
    fig = _chart(page)
    bars = {t["name"]: t["y"] for t in fig["data"] if t["type"] == "bar"}
    # Jan to Mar 2007 for Newcastle: workload 2 (the two link concerns), skills 5, pay 1.
    assert bars["Skills and ways of working"] == [None]  # shown would give the others away
    assert bars["Pay and grading"] == [None] and bars["Workload"] == [None]
    cells = _table_cells(page)
    # The quarter's total (8) is shown: it is k or more, and the three hidden counts under it can
    # be anything that adds up to 8.
    assert cells[0][0].startswith("Jan") and cells[0][1:] == ["8", "[x]", "[x]", "[x]"]
    assert "x: hidden to protect anonymity. Either fewer than 5" in page.replace("[x]", "x")
    assert "You are looking at one agency’s concerns and questions" in page
    assert "of 8 results for agency: Newcastle City Council." in page
    # The whole project is not a breakdown: its counts are drawn as they are.
    whole = pm.get(_url(world)).get_data(as_text=True)
    assert all(None not in t["y"] for t in _chart(whole)["data"] if t["type"] == "bar")
    assert "[x]" not in whole and "You are looking at one agency" not in whole


def test_the_chart_for_a_big_agency_shows_counts_of_k_or_more(world, login, people):
    for n in range(5):
        concern(world.project, text=f"Pay {n}", category="pay_grading", channel="briefing",
                raised_on=date(2006, 11, 1 + n), agency_id=people["big"].id)
    for n in range(6):
        concern(world.project, text=f"Skills {n}", category="skills", channel="briefing",
                raised_on=date(2006, 12, 1 + n), agency_id=people["big"].id)
    page = login(world.users["programme_manager"]).get(
        _url(world), query_string={"agency": people["big"].id, "kind": "concern", "category": "pay_grading"}
    ).get_data(as_text=True)
    bars = {t["name"]: t["y"] for t in _chart(page)["data"] if t["type"] == "bar"}
    assert bars == {"Pay and grading": [5]}
    assert _table_cells(page)[0][1:] == ["5", "5"]


# --- the rule itself ------------------------------------------------------------------------------

def test_an_agencys_size_is_its_groups_and_the_staff_it_moves_in_the_smaller_where_both(app, world, make):
    from fossdash.projects.service import agency_staff_sizes

    both = make.agency("Both known")
    make.partnership(world.project, both, staff_moving_in=4)
    make.staff_group(world.project, both, headcount=30)
    groups_only = make.agency("Groups only")
    make.partnership(world.project, groups_only, staff_moving_in=None)
    make.staff_group(world.project, groups_only, headcount=3)
    make.staff_group(world.project, groups_only, headcount=3)
    unknown = make.agency("Nothing known")
    make.partnership(world.project, unknown, staff_moving_in=None)
    sizes = agency_staff_sizes(world.project)
    assert sizes[both.id] == 4 and sizes[groups_only.id] == 6 and unknown.id not in sizes


def test_the_rule_for_each_kind_of_concern(app, world, people):
    from fossdash.concerns.service import anonymity

    where = anonymity(world.project)
    assert where.k == 5
    assert not where.shows_agency(people["link_small"]) and not where.shows_staff_group(people["link_small"])
    assert where.shows_agency(people["link_big"]) and where.shows_staff_group(people["link_big"])
    assert where.shows_agency(people["link_big_small_group"]) and not where.shows_staff_group(
        people["link_big_small_group"])
    assert where.shows_agency(people["named_small"]) and where.shows_staff_group(people["named_small"])
    assert where.agency_label("briefing", None, None) is None  # nothing recorded: nothing to hide
    assert where.agency_label("staff_link", None, None) == NOT_SHOWN
    # A big group of a small agency still names the agency: hidden.
    assert not where.group_shown(None) and not where.agency_shown(None)


def test_editing_a_link_concern_neither_shows_nor_changes_its_agency_or_group(app, db, world, login, people):
    from fossdash.concerns.models import Concern
    from tests.concerns.helpers import valid_concern_form

    c = people["link_small"]
    pm = login(world.users["programme_manager"])
    form = pm.get(_url(world, f"{c.id}/edit")).get_data(as_text=True)
    assert 'name="agency_id"' not in form and 'name="staff_group_id"' not in form
    assert "The agency and staff group stay as the sender gave them." in form
    forged = valid_concern_form(text=c.text, agency_id=str(people["big"].id), staff_group_id="",
                                version=str(c.version))
    assert pm.post(_url(world, f"{c.id}/edit"), data=forged).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Concern, c.id)
    assert (saved.agency_id, saved.staff_group_id) == (people["small"].id, people["counter"].id)
