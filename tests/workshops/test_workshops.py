"""The workshop as a facilitator and a reader meet it: capture during the day, two facilitators at
once, merging, guesses and surprises, mood, actions and the attention list, report and export."""
from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

from openpyxl import load_workbook


def _text(resp) -> str:
    html = resp.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").split())


def _new_workshop(pm, pid, **kw) -> int:
    data = {"title": "Tenants and officers", "held_on": ["14", "6", "2007"], "place": "Newcastle",
            "facilitator": "Opinion Leader Research", "service": "Housing", "high": "0.6", "low": "0.3",
            "g1_name": "Tenants", "g1_participants": "15", "g1_recruitment": "Paid a small incentive",
            "g1_scoring": "votes", "g2_name": "Housing officers", "g2_participants": "10",
            "g2_recruitment": "Released by their employer", "g2_scoring": "votes"}
    data.update(kw)
    r = pm.post(f"/projects/{pid}/workshops/new", data=data)
    assert r.status_code == 302, _text(r)[:2000]
    return int(re.search(r"/workshops/(\d+)/", r.headers["Location"]).group(1))


def _groups(db, wid):
    from fossdash.workshops.models import Workshop

    db.session.expire_all()
    w = db.session.get(Workshop, wid)
    return w, w.group(1), w.group(2)


def _version(pm, url) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', pm.get(url).get_data(as_text=True)).group(1)


def _capture(pm, pid, group, version, lines="", **scores):
    data = {"version": version, "lines": lines, **{k: str(v) for k, v in scores.items()}}
    return pm.post(f"/projects/{pid}/workshops/groups/{group.id}/capture", data=data)


def _ids(db, wid) -> dict[str, int]:
    from fossdash.workshops.models import WorkshopPriority

    return {p.title: p.id for p in db.session.scalars(db.select(WorkshopPriority).filter_by(workshop_id=wid))}


def _score_both(pm, db, pid, wid, tenants: dict[str, int], officers: dict[str, int]) -> dict[str, int]:
    w, g1, g2 = _groups(db, wid)
    ids = _ids(db, wid)
    for group, values in ((g1, tenants), (g2, officers)):
        url = f"/projects/{pid}/workshops/groups/{group.id}/capture"
        r = _capture(pm, pid, group, _version(pm, url), **{f"p{ids[t]}": v for t, v in values.items()})
        assert r.status_code == 302
    return ids


def test_capture_priorities_then_scores_and_read_what_is_shared(world, login, db):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    url = f"/projects/{pid}/workshops/groups/{g1.id}/capture"
    r = _capture(pm, pid, g1, _version(pm, url),
                 lines="Knowing when repairs will be done\n- Anti-social behaviour\n\nknowing when repairs will be done")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/groups/{g1.id}/capture#scores")
    url2 = f"/projects/{pid}/workshops/groups/{g2.id}/capture"
    r = _capture(pm, pid, g2, _version(pm, url2), lines="Speed of repairs")
    assert r.status_code == 302
    ids = _ids(db, wid)
    assert sorted(ids) == ["Anti-social behaviour", "Knowing when repairs will be done", "Speed of repairs"]
    before = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    assert "Tenants have not scored any priority yet: nothing can be shared or divergent until they do." in before
    assert "The chart shows once both groups have scored the priorities." in before
    # Votes: tenants 10, 8, 2 -> 1.00, 0.80, 0.20; officers 9, 1, 10 -> 0.90, 0.10, 1.00.
    _score_both(pm, db, pid, wid,
                {"Knowing when repairs will be done": 10, "Anti-social behaviour": 8, "Speed of repairs": 2},
                {"Knowing when repairs will be done": 1, "Anti-social behaviour": 9, "Speed of repairs": 10})
    page = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    shared = page[page.index("What both groups share"):page.index("Where they differ")]
    assert "Anti-social behaviour" in shared and "Tenants 0.80, Housing officers 0.90" in shared
    assert "Speed of repairs" not in shared and "Knowing when" not in shared
    assert "shared when both tenants and housing officers scored it 0.60 or more" in shared
    differ = page[page.index("Where they differ"):page.index("What surprised them")]
    assert "Knowing when repairs will be done : high for Tenants (1.00), low for Housing officers (0.10)" in differ
    assert "Speed of repairs : high for Housing officers (1.00), low for Tenants (0.20)" in differ


def test_two_facilitators_scoring_the_same_group_lose_nothing(world, login, db):
    from fossdash.workshops.models import WorkshopScore

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    pm2 = login(world.users["admin"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    url = f"/projects/{pid}/workshops/groups/{g1.id}/capture"
    assert _capture(pm, pid, g1, _version(pm, url), lines="Repairs\nWardens").status_code == 302
    ids = _ids(db, wid)
    first, second = _version(pm, url), _version(pm2, url)
    assert first == second
    assert _capture(pm, pid, g1, first, **{f"p{ids['Repairs']}": 7, f"p{ids['Wardens']}": 3}).status_code == 302
    # The second facilitator typed from the same page: told, nothing of theirs saved, nothing lost.
    r = _capture(pm2, pid, g1, second, **{f"p{ids['Repairs']}": 5, f"p{ids['Wardens']}": 3})
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "Someone else saved scores for tenants while you were typing" in _text(r)
    assert re.search(rf'name="p{ids["Repairs"]}"[^>]*value="5"', html)  # what they typed, kept in the form
    assert "Saved a moment ago by someone else: 7" in _text(r)
    db.session.expire_all()
    stored = {s.priority_id: s.value for s in db.session.scalars(db.select(WorkshopScore).filter_by(workshop_id=wid))}
    assert stored == {ids["Repairs"]: 7, ids["Wardens"]: 3}
    # Saving again from the re-shown form (it carries the new version) keeps their 5.
    fresh = re.search(r'name="version"[^>]*value="(\d+)"', html).group(1)
    assert _capture(pm2, pid, g1, fresh, **{f"p{ids['Repairs']}": 5, f"p{ids['Wardens']}": 3}).status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkshopScore, (ids["Repairs"], 1)).value == 5
    # Scoring the other group at the same time is no clash at all.
    url2 = f"/projects/{pid}/workshops/groups/{g2.id}/capture"
    v2a, v1 = _version(pm, url2), _version(pm2, url)
    assert _capture(pm, pid, g2, v2a, **{f"p{ids['Repairs']}": 4}).status_code == 302
    assert _capture(pm2, pid, g1, v1, **{f"p{ids['Repairs']}": 6, f"p{ids['Wardens']}": 3}).status_code == 302


def test_forged_or_invalid_capture_saves_nothing(world, login, db):
    from fossdash.workshops.models import WorkshopPriority, WorkshopScore

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    group_id, priority_id = world.ids["group_id"], world.ids["priority_id"]
    before = db.session.scalar(db.select(db.func.count()).select_from(WorkshopScore))
    r = pm.post(f"/projects/{pid}/workshops/groups/{group_id}/capture", data={})
    assert r.status_code == 409
    r = pm.post(f"/projects/{pid}/workshops/groups/{group_id}/capture",
                data={"version": _version(pm, f"/projects/{pid}/workshops/groups/{group_id}/capture"),
                      "lines": "A new one", f"p{priority_id}": "lots"})
    assert r.status_code == 200 and "There is a problem" in _text(r)
    assert "must be a whole number" in _text(r)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkshopScore)) == before
    assert db.session.scalar(db.select(WorkshopPriority).filter_by(title="A new one")) is None
    for who in ("hr", "union_rep", "executive"):
        r = login(world.users[who]).post(f"/projects/{pid}/workshops/groups/{group_id}/capture",
                                         data={"version": "1", f"p{priority_id}": "3"})
        assert r.status_code == 403


def test_rank_scoring_and_thresholds_validated(world, login, db):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{pid}/workshops/new", data={
        "title": "T", "held_on": ["1", "2", "2007"], "high": "0.5", "low": "0.5", "g1_name": "A", "g1_scoring": "rank",
        "g2_name": "B", "g2_scoring": "votes"})
    assert r.status_code == 200 and "Low score must be less than the high score" in _text(r)
    wid = _new_workshop(pm, pid, g1_scoring="rank")
    w, g1, g2 = _groups(db, wid)
    url = f"/projects/{pid}/workshops/groups/{g1.id}/capture"
    _capture(pm, pid, g1, _version(pm, url), lines="One\nTwo\nThree")
    ids = _ids(db, wid)
    r = _capture(pm, pid, g1, _version(pm, url), **{f"p{ids['One']}": 4})
    assert r.status_code == 200 and "Rank of “One” must be a number from 1 to 3" in _text(r)


def test_merged_priorities_count_once_and_keep_both_scores(world, login, db):
    from fossdash.workshops.models import WorkshopPriority, WorkshopScore

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    _capture(pm, pid, g1, _version(pm, f"/projects/{pid}/workshops/groups/{g1.id}/capture"), lines="Wardens on estates\nRepairs")
    _capture(pm, pid, g2, _version(pm, f"/projects/{pid}/workshops/groups/{g2.id}/capture"), lines="Anti-social behaviour")
    ids = _score_both(pm, db, pid, wid, {"Wardens on estates": 10, "Repairs": 5, "Anti-social behaviour": 4},
                      {"Wardens on estates": 2, "Repairs": 1, "Anti-social behaviour": 8})
    asb = db.session.get(WorkshopPriority, ids["Anti-social behaviour"])
    r = pm.post(f"/projects/{pid}/workshops/priorities/{asb.id}/edit",
                data={"version": str(asb.version), "title": asb.title, "raised_by": "2",
                      "merged_into_id": str(ids["Wardens on estates"])})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkshopScore).filter_by(priority_id=asb.id)) == 2
    page = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    shared = page[page.index("What both groups share"):page.index("Where they differ")]
    # Tenants' higher is wardens' 1.00; officers' higher is ASB's 8 of 8 = 1.00: shared, once.
    assert "Wardens on estates (the same as: Anti-social behaviour) Tenants 1.00, Housing officers 1.00" in shared
    table = page[page.index("All priorities"):]
    assert "The same as “Wardens on estates”: counted once, with the higher score." in table


def test_guesses_make_the_surprise_sentence(world, login, db):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    _capture(pm, pid, g1, _version(pm, f"/projects/{pid}/workshops/groups/{g1.id}/capture"),
             lines="Knowing when repairs will be done")
    _capture(pm, pid, g2, _version(pm, f"/projects/{pid}/workshops/groups/{g2.id}/capture"), lines="Speed of repairs")
    ids = _score_both(pm, db, pid, wid, {"Knowing when repairs will be done": 12, "Speed of repairs": 3},
                      {"Knowing when repairs will be done": 2, "Speed of repairs": 9})
    url = f"/projects/{pid}/workshops/groups/{g2.id}/guesses"
    r = pm.post(url, data={"version": _version(pm, url), "guess_1": str(ids["Speed of repairs"]), "guess_2": "",
                           "guess_3": ""})
    assert r.status_code == 302
    page = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    assert ("Housing officers expected tenants to put speed of repairs first; tenants put knowing when repairs "
            "will be done first.") in page
    assert "Tenants made no guesses about what housing officers would put first." in page
    # A stale guesses form is refused, its choices kept.
    old = _version(pm, url)
    pm.post(url, data={"version": old, "guess_1": str(ids["Speed of repairs"])})
    r = pm.post(url, data={"version": old, "guess_1": str(ids["Knowing when repairs will be done"])})
    assert r.status_code == 409 and "Someone else saved guesses" in _text(r)


def test_mood_change_per_group(world, login, db):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    url = f"/projects/{pid}/workshops/groups/{g1.id}/mood"
    # Start: 5 answered 2 -> 2.0; end: 4 answered 4 and 1 answered 5 -> 4.2.
    data = {"version": _version(pm, url), "start_respect_2": "5", "end_respect_4": "4", "end_respect_5": "1"}
    assert pm.post(url, data=data).status_code == 302
    page = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    assert "Tenants: respect rose from 2.0 to 4.2 out of 5 (up 2.2)." in page
    assert "Tenants: trust not recorded." in page
    r = pm.post(url, data={"version": _version(pm, url), "start_respect_2": "-1"})
    assert r.status_code == 200 and "There is a problem" in _text(r)
    # Fewer answers than the project's threshold (k = 5): no mean is shown, it would give answers away.
    url2 = f"/projects/{pid}/workshops/groups/{g2.id}/mood"
    assert pm.post(url2, data={"version": _version(pm, url2), "start_trust_1": "2", "start_trust_2": "1",
                               "end_trust_4": "3"}).status_code == 302
    page = _text(pm.get(f"/projects/{pid}/workshops/{wid}/"))
    assert "Housing officers: trust not shown: fewer than 5 answered at the start and the end of the day." in page
    assert "1.3" not in page[page.index("Did the day build respect"):page.index("All priorities")]


def test_editing_a_workshop_shows_and_renames_its_groups(world, login, db):
    pid = world.project.id
    pm = login(world.users["programme_manager"])
    page = pm.get(f"/projects/{pid}/workshops/new").get_data(as_text=True)
    assert re.search(r'name="g1_name"[^>]*value="Service users"', page)
    assert re.search(r'name="g2_name"[^>]*value="Frontline staff"', page) and 'value="0.6"' in page
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    url = f"/projects/{pid}/workshops/{wid}/edit"
    html = pm.get(url).get_data(as_text=True)
    assert re.search(r'name="g2_name"[^>]*value="Housing officers"', html)
    r = pm.post(url, data={"version": _version(pm, url), "title": w.title, "held_on": ["14", "6", "2007"],
                           "high": "0.7", "low": "0.2", "g1_name": "Residents", "g1_scoring": "rank",
                           "g2_name": "Housing officers", "g2_scoring": "votes", "g1_participants": "15",
                           "g2_participants": "10"})
    assert r.status_code == 302
    w, g1, g2 = _groups(db, wid)
    assert (g1.name, g1.scoring, float(w.high)) == ("Residents", "rank", 0.7)


def test_overdue_actions_reach_the_attention_list(world, login, db, app):
    from fossdash import domains
    from fossdash.workshops.models import WorkshopAction

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = world.ids["workshop_id"]
    late = date.today() - timedelta(days=3)
    r = pm.post(f"/projects/{pid}/workshops/{wid}/actions/new", data={
        "title": "Wardens pilot", "priority_id": "", "owner": "Estates manager",
        "due_on": [str(late.day), str(late.month), str(late.year)], "status": "in_progress"})
    assert r.status_code == 302
    items = [i for i in domains.attention(world.project, date.today()) if i.endpoint.startswith("workshops.")]
    # The world's own action (due 2007, not started) is overdue too; both are of one workshop.
    assert len(items) == 1 and items[0].count == 2
    assert items[0].endpoint == "workshops.show" and items[0].params["workshop_id"] == wid
    assert items[0].text == "2 actions are agreed at a workshop and overdue"
    assert f'href="/projects/{pid}/workshops/{wid}/#actions">2 actions are agreed' in pm.get(
        f"/projects/{pid}/").get_data(as_text=True)
    home = _text(pm.get(f"/projects/{pid}/"))
    assert "2 actions are agreed at a workshop and overdue" in home
    assert "Latest: Tenants and officers , 14 June 2007." in home and "Agreed actions: 2 still open, 2 overdue ." in home
    action = db.session.scalar(db.select(WorkshopAction).filter_by(title="Wardens pilot"))
    r = pm.post(f"/projects/{pid}/workshops/actions/{action.id}/edit", data={
        "version": str(action.version), "title": "Wardens pilot", "priority_id": "", "owner": "Estates manager",
        "due_on": [str(late.day), str(late.month), str(late.year)], "status": "done"})
    assert r.status_code == 302
    items = [i for i in domains.attention(world.project, date.today()) if i.endpoint.startswith("workshops.")]
    assert items[0].count == 1 and items[0].text == "1 action is agreed at a workshop and overdue"


def test_readers_read_and_only_managers_see_capture(world, login):
    pid, wid = world.project.id, world.ids["workshop_id"]
    for who in ("hr", "union_rep", "executive"):
        page = _text(login(world.users[who]).get(f"/projects/{pid}/workshops/{wid}/"))
        assert "What both groups share" in page and "Capture the day" not in page and "Add a quote" not in page
    assert "Capture the day" in _text(login(world.users["programme_manager"]).get(f"/projects/{pid}/workshops/{wid}/"))


def _sheet(wb, name) -> list[tuple]:
    rows = list(wb[name].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] in ("Number", "Finding", "Kind", "Group", "Quote",
                                                                  "Action"))
    return [r for r in rows[head + 1:] if any(v is not None for v in r)]


def test_report_and_export_match_the_page(app, login, make, db):
    from fossdash.demo import workshops as demo
    from fossdash.workshops.models import Workshop

    pm = make.user("programme_manager")
    demo.load({"users": {"pm@fossdash.example": pm}})
    db.session.commit()
    w = db.session.scalar(db.select(Workshop).filter_by(title=demo.TITLE))
    c = login(pm)
    base = f"/projects/{w.project_id}/workshops/{w.id}"
    page, report = _text(c.get(base + "/")), c.get(base + "/report")
    assert report.status_code == 200
    html = report.get_data(as_text=True)
    assert 'media="print"' in html and "govuk-service-navigation" not in html and "app-project__nav" not in html
    report = _text(report)
    wb = load_workbook(BytesIO(c.get(base + "/export.xlsx").data))
    assert wb.sheetnames == ["Priorities", "Shared and divergent", "Surprises", "Mood", "Quotes", "Agreed actions"]

    def section(text, start, end):
        return text[text.index(start):text.index(end)]

    findings = _sheet(wb, "Shared and divergent")
    shared = [r[1] for r in findings if r[0] == "Shared"]
    assert shared == ["Anti-social behaviour: wardens on every estate", "Misuse of the allocations priority system",
                      "National targets insensitive to local needs", "Quality and consistency of repairs"]
    for text in (page, report):
        block = section(text, "What both groups share", "Where they differ")
        assert [t for t in shared if t in block] == shared
        assert [t for t in shared if block.index(t) >= 0] == sorted(shared, key=block.index)
    for kind, title, s1, s2, holder in findings:
        if kind == "Divergent":
            for text in (page, report):
                assert f"{title} : high for {holder} ({max(s1, s2):.2f})" in section(text, "Where they differ",
                                                                                   "What surprised them")
    surprises = [r[1] for r in _sheet(wb, "Surprises") if r[0] == "Surprise"]
    assert surprises[0] == ("Housing officers expected tenants to put speed of repairs first; tenants put knowing "
                            "when repairs will be done first.")
    for text in (page, report):
        assert [s for s in surprises if s.replace("'", "'") in text] == surprises
    mood = _sheet(wb, "Mood")
    assert [m[:2] for m in mood] == [("Tenants", "Respect"), ("Tenants", "Trust"), ("Housing officers", "Respect"),
                                    ("Housing officers", "Trust")]
    for m in mood:
        assert m[7] in page and m[7] in report
    quotes = _sheet(wb, "Quotes")
    assert len(quotes) == len(demo.QUOTES)
    for q in quotes:
        assert f"“{q[0]}”" in page and f"“{q[0]}”" in report and f"({q[1]})" in report
    for a in _sheet(wb, "Agreed actions"):
        assert a[0] in section(page, "Agreed actions", "The priorities side by side") and a[0] in report
        assert a[4] in ("Done", "Overdue", "Not started", "In progress")
    priorities = _sheet(wb, "Priorities")
    assert len(priorities) == 7  # eight listed, one merged into another: counted once
    for number, title, *_rest in priorities:
        assert f"{number}. {title}" in page  # the chart's table numbers them the same way


def test_newcastle_demo(app, make, db):
    from fossdash.demo import workshops as demo
    from fossdash.workshops.models import Workshop
    from fossdash.workshops.service import report

    pm = make.user("programme_manager")
    demo.load({"users": {"pm@fossdash.example": pm}})
    demo.load({"users": {"pm@fossdash.example": pm}})  # idempotent
    db.session.commit()
    found = db.session.scalars(db.select(Workshop).filter_by(title=demo.TITLE)).all()
    assert len(found) == 1 and found[0].illustrative and found[0].project.name.startswith("Your Homes Newcastle")
    w = found[0]
    assert [(g.name, g.participants) for g in w.groups] == [("Tenants", 15), ("Housing officers", 10)]
    seed = open("/work/shared/seeds/000_bc7ccc6896d746fb.txt", encoding="utf-8").read()
    for q in w.quotes:
        assert q.text in seed, q.text  # verbatim
        assert f"({q.speaker})" in seed
    r = report(w.id, date.today())
    assert ("Housing officers expected tenants to put speed of repairs first; tenants put knowing when repairs will "
            "be done first.") in r.result.surprises
    assert len(r.overdue) == 2


def test_workshop_page_queries_do_not_grow_with_its_size(world, login, db, app):
    from sqlalchemy import event

    from fossdash.workshops.models import (
        WorkshopAction,
        WorkshopPriority,
        WorkshopQuote,
        WorkshopScore,
    )

    pid = world.project.id
    pm = login(world.users["programme_manager"])

    def grow(wid, n):
        for i in range(n):
            p = WorkshopPriority(project_id=pid, workshop_id=wid, title=f"Priority {wid}-{i}", raised_by=1 + i % 2)
            db.session.add(p)
            db.session.flush()
            db.session.add_all([WorkshopScore(priority_id=p.id, position=pos, value=i + pos, workshop_id=wid,
                                              project_id=pid) for pos in (1, 2)])
            db.session.add(WorkshopQuote(project_id=pid, workshop_id=wid, text=f"Said {i}", speaker="Tenant",
                                         priority_id=p.id))
            db.session.add(WorkshopAction(project_id=pid, workshop_id=wid, title=f"Do {i}", owner="X",
                                          due_on=date(2030, 1, 1), priority_id=p.id))
        db.session.commit()

    counts = []
    for n in (3, 30):
        wid = _new_workshop(pm, pid, title=f"Size {n}")
        grow(wid, n)
        seen = []

        def count(*_a, **_k):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert pm.get(f"/projects/{pid}/workshops/{wid}/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


def test_deleting_a_priority_or_a_workshop_takes_what_hangs_on_it(world, login, db):
    from fossdash.workshops.models import (
        Workshop,
        WorkshopGuess,
        WorkshopMood,
        WorkshopPriority,
        WorkshopScore,
    )

    pid = world.project.id
    pm = login(world.users["programme_manager"])
    wid = _new_workshop(pm, pid)
    w, g1, g2 = _groups(db, wid)
    _capture(pm, pid, g1, _version(pm, f"/projects/{pid}/workshops/groups/{g1.id}/capture"), lines="Repairs\nWardens")
    ids = _score_both(pm, db, pid, wid, {"Repairs": 3, "Wardens": 5}, {"Repairs": 4, "Wardens": 1})
    url = f"/projects/{pid}/workshops/groups/{g2.id}/guesses"
    pm.post(url, data={"version": _version(pm, url), "guess_1": str(ids["Repairs"])})
    url = f"/projects/{pid}/workshops/groups/{g1.id}/mood"
    pm.post(url, data={"version": _version(pm, url), "start_trust_3": "6"})

    def count(model, **where):
        db.session.expire_all()
        return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))

    assert (count(WorkshopScore, workshop_id=wid), count(WorkshopGuess, workshop_id=wid)) == (4, 1)
    repairs = db.session.get(WorkshopPriority, ids["Repairs"])
    url = f"/projects/{pid}/workshops/priorities/{repairs.id}/delete"
    assert pm.post(url, data={"version": str(repairs.version)}).status_code == 302
    assert (count(WorkshopScore, workshop_id=wid), count(WorkshopGuess, workshop_id=wid)) == (2, 0)
    w = db.session.get(Workshop, wid)
    assert pm.post(f"/projects/{pid}/workshops/{wid}/delete", data={"version": str(w.version)}).status_code == 302
    for model in (WorkshopScore, WorkshopGuess, WorkshopMood, WorkshopPriority):
        assert count(model, workshop_id=wid) == 0
    assert count(Workshop, id=wid) == 0


def test_a_quote_typed_as_a_formula_stays_words_in_the_export(world, login, db):
    pid, wid = world.project.id, world.ids["workshop_id"]
    pm = login(world.users["programme_manager"])
    r = pm.post(f"/projects/{pid}/workshops/{wid}/quotes/new", data={
        "text": '=HYPERLINK("http://example.invalid","click")', "speaker": "Tenant", "tag": "impact:share_expertise"})
    assert r.status_code == 302
    r = pm.post(f"/projects/{pid}/workshops/{wid}/quotes/new", data={"text": "", "speaker": "", "tag": "impact:nope"})
    assert r.status_code == 200 and "Enter what was said" in _text(r) and "Enter the speaker’s role" in _text(r)
    wb = load_workbook(BytesIO(login(world.users["executive"]).get(f"/projects/{pid}/workshops/{wid}/export.xlsx").data))
    ws = wb["Quotes"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert [r[1:] for r in _sheet(wb, "Quotes")] == [("Tenant", "Impact: Build respect"),
                                                     ("Tenant", "Impact: Share expertise")]
