"""The portfolio page: who sees which projects, what each heatmap cell says, the verdicts, sorting
and filters without JavaScript, and the evidence gathered for every project at once agreeing with
the per-project providers the project dashboard uses."""
from __future__ import annotations

import re
from datetime import date

import pytest

TODAY = date(2027, 2, 1)


@pytest.fixture
def frozen(monkeypatch):
    from fossdash.portfolio import views

    monkeypatch.setattr(views, "_today", lambda: TODAY)
    return TODAY


def _assess(db, project, on, framework="foss", scores=None):
    from fossdash.metrics import readiness as rules
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    a = ReadinessAssessment(project_id=project.id, assessed_on=on, framework=framework, assessor="Programme manager",
                            summary="")
    for i, dim in enumerate(rules.DIMENSIONS[framework]):
        if dim in (scores or {}):
            a.scores.append(ReadinessScore(project_id=project.id, dimension=dim, position=i, score=scores[dim], note=""))
    db.session.add(a)
    db.session.commit()
    return a


def _actions(db, project, on_time: int, late: int):
    """`on_time` actions done by their due date and `late` ones overdue, all due in January 2027."""
    from fossdash.comms.models import CommsAction

    for i in range(on_time + late):
        db.session.add(CommsAction(project_id=project.id, title=f"Briefing {i}", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=date(2027, 1, 10),
                                   done_on=date(2027, 1, 9) if i < on_time else None, feedback=""))
    db.session.commit()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _rows(html: str) -> list[str]:
    body = html.split('id="heatmap"', 1)[1].split("</table>", 1)[0]
    return [_text(r) for r in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)][1:]


def test_executives_see_every_project_members_only_their_own(world, app):
    from tests.conftest import signed_in_client

    everyone = signed_in_client(app, world.users["executive"]).get("/portfolio/").get_data(as_text=True)
    assert "Alpha one-stop shop" in everyone and "Bravo contact centre" in everyone
    for who in ("programme_manager", "hr", "union_rep"):
        mine = signed_in_client(app, world.users[who]).get("/portfolio/").get_data(as_text=True)
        assert "Alpha one-stop shop" in mine and "Bravo contact centre" not in mine, who
    theirs = signed_in_client(app, world.users["outsider"]).get("/portfolio/trends").get_data(as_text=True)
    assert "Bravo contact centre" in theirs and "Alpha one-stop shop" not in theirs


def test_a_cell_says_the_rag_word_the_score_and_the_evidence_and_flags_divergence(app, db, make, login, frozen):
    kent = make.project("Kent Gateway", stage="live", go_live_date=date(2027, 3, 15))
    _assess(db, kent, date(2027, 1, 20), scores={"communication": 4, "leadership": 3, "training": 1})
    _actions(db, kent, on_time=1, late=2)  # 1 of 3 on time: 33.3, red, under 50 beside a green 4
    html = login("executive").get("/portfolio/").get_data(as_text=True)
    (row,) = [r for r in _rows(html) if "Kent Gateway" in r]
    assert "Amber 3" in row  # leadership
    assert "Green 4 out of 5 self-assessed Evidence 33 out of 100, (red)" in row  # communication
    assert "Red 1" in row  # training
    assert "Not assessed" in row  # the dimensions the assessment left out
    assert "Flagged" in row and ("Communication is self-assessed green (4 of 5) but its evidence is 33.3 out of 100, "
                               "under 50") in row
    # The evidence index is the one component with evidence; its working links to the records.
    assert "Red 33" in row
    assert "1 of 3 actions done by their due date" in _text(html)
    # The verdict an executive can act on: go-live on 15 March is 6 weeks from 1 February.
    assert "Kent Gateway: communication actions on time 33% with go-live in 6 weeks" in _text(html)


def test_sorting_by_links_announces_the_order_and_keeps_no_evidence_last(app, db, make, login, frozen):
    low, high = make.project("Aaa low"), make.project("Bbb high")
    make.project("Ccc none")
    _actions(db, low, on_time=1, late=4)  # 20
    _actions(db, high, on_time=4, late=1)  # 80
    client = login("executive")

    def order(url):
        html = client.get(url).get_data(as_text=True)
        names = [n for r in _rows(html) for n in ("Aaa low", "Bbb high", "Ccc none") if r.startswith(" " + n)]
        return names, html

    names, html = order("/portfolio/?sort=index&order=asc")
    assert names == ["Aaa low", "Bbb high", "Ccc none"]
    assert "sorted by evidence index, lowest first" in html
    assert re.search(r'aria-sort="ascending">\s*<a[^>]*sort=index&amp;order=desc', html)
    names, html = order("/portfolio/?sort=index&order=desc")
    assert names == ["Bbb high", "Aaa low", "Ccc none"]
    assert "sorted by evidence index, highest first" in html and "sorted descending; select to sort ascending" in html
    names, _ = order("/portfolio/?sort=name&order=desc")
    assert names == ["Ccc none", "Bbb high", "Aaa low"]
    names, _ = order("/portfolio/?sort=nonsense")  # unknown: by name
    assert names == ["Aaa low", "Bbb high", "Ccc none"]


def test_filters_by_stage_and_type_keep_the_sort(app, db, make, login, frozen):
    make.project("Live shop", stage="live", type="one_stop_shop")
    make.project("Live centre", stage="live", type="contact_centre")
    make.project("Design shop", stage="design", type="one_stop_shop")
    client = login("executive")
    html = client.get("/portfolio/?stage=live&sort=name&order=desc").get_data(as_text=True)
    rows = _rows(html)
    assert [r.split()[0:2] for r in rows] == [["Live", "shop"], ["Live", "centre"]]
    assert "2 of 3 projects, stage live, sorted by project, Z to A" in _text(html)
    assert 'name="sort" value="name"' in html and 'name="order" value="desc"' in html
    html = client.get("/portfolio/?stage=live&type=contact_centre").get_data(as_text=True)
    assert [r.split()[0:2] for r in _rows(html)] == [["Live", "centre"]]
    html = client.get("/portfolio/?stage=scoping").get_data(as_text=True)
    assert "No projects match these filters" in html


def test_barrier_and_verdict_from_the_latest_adkar_assessment(app, db, make, login, frozen):
    braintree = make.project("Braintree Children's Trust", go_live_date=None)
    _assess(db, braintree, date(2026, 10, 1), "adkar", {"awareness": 4, "desire": 4, "knowledge": 2})
    _assess(db, braintree, date(2027, 1, 5), "adkar", {"awareness": 4, "desire": 2, "knowledge": 3})
    _assess(db, braintree, date(2027, 3, 1), "adkar", {"awareness": 1})  # after today: not yet
    html = _text(login("executive").get("/portfolio/").get_data(as_text=True))
    assert "Braintree Children’s Trust: ADKAR barrier at desire (2 of 5)" in html.replace("'", "’") or \
        "Braintree Children&#39;s Trust: ADKAR barrier at desire (2 of 5)" in html
    # Its row says it was assessed on ADKAR, not "not assessed" (it has no FOSS assessment).
    assert "ADKAR assessed 5 January 2027, not on the key points" in html


def test_batched_evidence_matches_the_project_dashboards_providers(app, db):
    """Every component for every project at several dates: one query per component for all
    projects (metrics.portfolio) gives the counts the per-project providers give."""
    from fossdash.metrics import portfolio as batch
    from fossdash.metrics import readiness_data as single
    from fossdash.portfolio.seed import Sizes, seed
    from fossdash.projects.models import Project

    ids = seed(Sizes(projects=3, agencies=6, concerns=300, answers=600, sessions=30, actions=60,
                     rounds_per_project=2), TODAY)
    projects = [db.session.get(Project, pid) for pid in ids]
    k = {p.id: p.anonymity_k for p in projects}
    for at in (TODAY, date(2026, 9, 30), date(2026, 3, 31)):
        counts = batch.counts_at(ids, at, k=k)
        for p in projects:
            expected = {name: provider(p, at, 10) for name, provider in single.PROVIDERS.items()}
            assert counts[p.id] == expected, (p.name, at)
    assert any(c is not None for per in batch.counts_at(ids, TODAY, k=k).values() for c in per.values())
    # Several dates at once (the trends page: concerns read once for all) give the same components.
    dates = [date(2026, 3, 31), date(2026, 9, 30), TODAY]
    many = batch.components_at_dates(ids, dates, {ids[0]: 20}, k)
    for at in dates:
        assert many[at] == batch.components_at(ids, at, {ids[0]: 20}, k), at


def test_concerns_answered_in_time_by_hand(app, db, make):
    """Target 10 days, read on 1 February: raised 1 Jan answered 8 Jan (in time); raised 1 Jan
    answered 20 Jan (late); raised 1 Jan unanswered (due, not in time); raised 28 Jan unanswered
    (not due yet); raised 2 Jan answered 3 Feb (not answered by the date: due, not in time)."""
    from fossdash.concerns.models import Concern
    from fossdash.metrics import portfolio as batch

    p = make.project()
    for raised, answered in [((1, 1), (1, 8)), ((1, 1), (1, 20)), ((1, 1), None), ((1, 28), None), ((1, 2), (2, 3))]:
        db.session.add(Concern(project_id=p.id, category="job_security", channel="meeting", text="Jobs?",
                               raised_on=date(2027, *raised), answered_on=date(2027, *answered) if answered else None))
    db.session.commit()
    assert batch.counts_at([p.id], TODAY)[p.id]["concerns"] == {"answered_in_time": 1, "due": 4}
    assert batch.counts_at([p.id], TODAY, target_days={p.id: 20})[p.id]["concerns"] == {"answered_in_time": 2, "due": 4}
    assert batch.counts_at([p.id], date(2026, 12, 31))[p.id]["concerns"] is None  # no evidence, not 0


def test_trends_hide_a_round_under_k_and_show_the_index_per_quarter(app, db, make, login, monkeypatch):
    from fossdash.portfolio import views
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    monkeypatch.setattr(views, "_today", lambda: TODAY)
    p = make.project("Tameside", anonymity_k=5)
    make.staff_group(p, headcount=20)
    _actions(db, p, on_time=3, late=1)  # 75 from January 2027
    few = SurveyRound(project_id=p.id, title="Autumn pulse", opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 14))
    many = SurveyRound(project_id=p.id, title="Winter pulse", opens_on=date(2027, 1, 1), closes_on=date(2027, 1, 14))
    db.session.add_all([few, many])
    db.session.flush()
    for i in range(4):
        db.session.add(SurveyAnswer(project_id=p.id, round_id=few.id, answered_on=date(2026, 10, 2),
                                    q1=1, q2=1, q3=1, q4=1, q5=1))
    for i in range(6):  # all 4s: morale (4 - 1) x 25 = 75
        db.session.add(SurveyAnswer(project_id=p.id, round_id=many.id, answered_on=date(2027, 1, 2),
                                    q1=4, q2=4, q3=4, q4=4, q5=4))
    db.session.commit()
    html = login("executive").get("/portfolio/trends").get_data(as_text=True)
    text = _text(html)
    assert "Tameside Autumn pulse 14 October 2026 [x] [x]" in text
    assert "Tameside Winter pulse 14 January 2027 6 75" in text
    # Evidence index per quarter: Oct–Dec 2026 has no evidence; Jan–Mar 2027 (read on 1 February)
    # has comms 75, morale 75 and participation 6 of 20 = 30: (75 + 75 + 30) / 3 = 60.
    assert re.search(r"Tameside( No evidence){5} 60\b", text)
    # One project shown: its milestones are marked (none here, so no key), and the charts' data is there.
    assert 'id="portfolio-index-data"' in html and 'id="portfolio-morale-data"' in html


def test_the_portfolio_changes_nothing(world, app):
    from tests.conftest import signed_in_client

    client = signed_in_client(app, world.users["executive"])
    assert client.post("/portfolio/").status_code == 405
    main = client.get("/portfolio/").get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]
    assert 'method="post"' not in main.lower()


def test_trends_for_one_project_mark_its_milestones_and_respect_access(world, app, make):
    from tests.conftest import signed_in_client

    make.milestone(world.project, on=date.today(), kind="go_live", title="Systems go live")
    client = signed_in_client(app, world.users["executive"])
    text = _text(client.get(f"/portfolio/trends?project={world.project.id}").get_data(as_text=True))
    assert "Alpha one-stop shop, with its milestones marked on the charts" in text
    assert "Milestones (dashed lines) Systems go live" in text
    assert "Bravo contact centre Jul" not in text  # only the one project's rows
    # Someone who may not read Bravo asking for it gets none of it.
    pm = signed_in_client(app, world.users["programme_manager"])
    html = pm.get(f"/portfolio/trends?project={world.other.id}").get_data(as_text=True)
    assert "Bravo contact centre" not in html and "No projects match these filters" in html


def test_what_to_act_on_lists_red_first_then_amber_then_no_evidence_then_on_track(app, db, make, login, frozen):
    green, amber, red = make.project("A on track"), make.project("B middling"), make.project("C weak")
    make.project("D nothing yet")
    _actions(db, green, on_time=9, late=1)  # 90
    _actions(db, amber, on_time=6, late=4)  # 60
    _actions(db, red, on_time=1, late=9)  # 10
    html = login("executive").get("/portfolio/").get_data(as_text=True)
    listed = html.split("app-portfolio-verdicts", 1)[1].split("</ul>", 1)[0]
    order = [name for name in re.findall(r">([A-D] [a-z ]+):", listed)]
    assert order == ["C weak", "B middling", "D nothing yet", "A on track"]
    assert "A on track: on track, evidence index 90 out of 100" in listed


def test_each_project_s_row_says_its_status_as_the_list_to_act_on_does(app, db, make, login, frozen):
    """A project can be red for its weakest evidence while its evidence index is amber: the table's
    Status column gives the same verdict as "What to act on", so the two never disagree unseen."""
    red = make.project("C weak")
    _actions(db, red, on_time=1, late=9)  # 10
    html = login("executive").get("/portfolio/").get_data(as_text=True)
    table = html.split('id="heatmap"', 1)[1].split("</table>", 1)[0]
    assert ">Status</th>" in table
    row = _text(table.split(">C weak</a>", 1)[1].split("</tr>", 1)[0])
    assert row.strip().startswith("Design, one-stop shop; not assessed Red Communication actions on time 10% with "
                                  "go-live in 8 weeks 1 April 2027 Red 10")  # status, next go-live, evidence index


def test_illustrative_assessments_are_labelled(app, db, make, login, frozen):
    p = make.project("Demo shop")
    a = _assess(db, p, date(2027, 1, 10), scores={"leadership": 4})
    html = login("executive").get("/portfolio/").get_data(as_text=True)
    assert "Illustrative" not in _text(html)
    a.illustrative = True
    db.session.commit()
    text = _text(login("executive").get("/portfolio/").get_data(as_text=True))
    assert "Project details and self-assessments marked “Illustrative” below are illustrative" in text
    assert "Demo shop Design, one-stop shop; assessed 10 January 2027 Illustrative" in text
