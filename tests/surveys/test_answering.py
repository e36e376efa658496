"""Answering through the staff link: what is stored, the release, codes, redaction."""
from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import select

IP, UA = "203.0.113.77", "FossdashDistinctiveAgent/9.9"


def _answers(**kw):
    data = {"q1": "4", "q2": "3", "q3": "2", "q4": "5", "q5": "4", "recommend": "9",
            "comment": "More training please.", "agency_id": "", "staff_group_id": ""}
    data.update(kw)
    return data


def _post(client, world, **kw):
    r = world.extra["surveys"]["round"]
    return client.post(f"/s/{world.ids['token']}/survey/{r.id}/answer", data=_answers(**kw),
                       environ_base={"REMOTE_ADDR": IP}, headers={"User-Agent": UA})


def _everything(db) -> str:
    out = []
    for table in db.metadata.sorted_tables:
        out += [repr(tuple(row)) for row in db.session.execute(select(table)).all()]
    return "\n".join(out)


def _release():
    """What tomorrow's release moves (the round is still open)."""
    from fossdash.surveys.release import release_held

    return release_held(date.today() + timedelta(days=1))


def _release_all(world):
    """Everything held, as on the day after the round closes (its closing releases the rest)."""
    from fossdash.surveys.release import release_held

    return release_held(world.extra["surveys"]["round"].closes_on + timedelta(days=1))


def _close(db, round_):
    round_.closes_on = date.today() - timedelta(days=1)
    db.session.commit()


def test_an_answer_stores_nothing_that_identifies_and_reaches_results_next_day(app, db, world, client, caplog):
    from fossdash.audit import AuditEvent
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    caplog.set_level(logging.DEBUG)
    home = client.get(f"/s/{world.ids['token']}/").get_data(as_text=True)
    assert "Spring pulse" in home and "Answer the survey" in home
    resp = _post(client, world)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/done")
    held = db.session.scalars(select(HeldAnswer)).one()
    assert (held.q1, held.q4, held.recommend, held.comment) == (4, 5, 9, "More training please.")
    assert held.answered_on == date.today() and len(held.id) == 32
    stored = _everything(db)
    for secret in (IP, UA, "FossdashDistinctiveAgent"):
        assert secret not in stored
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.actor == "anonymous")).all()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (IP, UA, world.ids["token"]):
        assert secret not in logged
    assert _release() == (0, 0)  # a lone answer waits: releasing it would show it on its own
    for _ in range(9):
        assert _post(client, world).status_code == 302
    # 10 (2k) held: k (5) of them released together, shuffled; the newest k wait for the closing.
    assert _release() == (5, 0)
    assert len(db.session.scalars(select(HeldAnswer)).all()) == 5
    assert db.session.scalar(select(SurveyAnswer).where(SurveyAnswer.comment == "More training please.")) is not None
    release = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release")).one()
    assert "5 survey answers released" in release.note and release.actor != "anonymous"


def test_the_release_order_differs_from_the_arrival_order(app, db, world):
    from fossdash.surveys import service
    from fossdash.surveys.models import SurveyAnswer

    r = world.extra["surveys"]["round"]
    for i in range(40):
        service.submit(world.project, r, {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "recommend": 5,
                                          "comment": f"arrival {i:02d}"})
    db.session.commit()
    _release_all(world)
    released = [c for c in db.session.scalars(select(SurveyAnswer.comment)) if c and c.startswith("arrival")]
    assert sorted(released) == [f"arrival {i:02d}" for i in range(40)]
    assert released != sorted(released)  # physical order is shuffled (1 in 40! to fail)
    by_key = [c for c in db.session.scalars(select(SurveyAnswer.comment).order_by(SurveyAnswer.id))
              if c and c.startswith("arrival")]
    assert by_key != sorted(by_key)


def test_a_spent_code_and_an_unknown_code_are_refused(app, db, world, client):
    from fossdash.surveys import service
    from fossdash.surveys.models import AnswerCode

    r = world.extra["surveys"]["round"]
    code = service.make_codes(r, 3)[0]
    db.session.commit()
    assert _post(client, world, code="NOTAREALCODE").status_code == 200
    page = _post(client, world, code="NOTAREALCODE").get_data(as_text=True)
    assert "We do not recognise this code" in page
    assert _post(client, world, code=service.format_code(code).lower()).status_code == 302
    page = _post(client, world, code=code).get_data(as_text=True)
    assert "This code has already been used" in page
    columns = set(AnswerCode.__table__.columns.keys())
    assert columns == {"code", "round_id", "spent"}  # nothing to join an answer on


def test_a_redacted_comment_is_gone_from_every_table(app, db, world, login):
    from fossdash.extensions import db as _db

    r, a = world.extra["surveys"]["round"], world.extra["surveys"]["answer"]
    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/surveys/{r.id}/comments/{a.id}/redact"
    assert "The canteen is great." in pm.get(url).get_data(as_text=True)
    assert pm.post(url, data={}).status_code == 302
    _db.session.expire_all()
    assert "The canteen is great." not in _everything(_db)


def test_a_redacted_link_concern_is_gone_from_every_table(app, db, world, client, login):
    from fossdash.concerns.models import Concern

    client.post(f"/s/{world.ids['token']}/raise", data={"kind": "concern", "category": "workload",
                                                       "text": "Pat Smith in reception is bullying me."})
    _release()
    c = db.session.scalars(select(Concern).order_by(Concern.id.desc())).first()
    pm = login(world.users["programme_manager"])
    c.status = "responding"
    db.session.commit()
    assert pm.post(f"/projects/{world.project.id}/concerns/{c.id}/redact", data={}).status_code == 302
    db.session.expire_all()
    assert "Pat Smith" not in _everything(db)


def test_results_are_hidden_under_k_and_shown_at_k(app, db, world, login):
    from fossdash.surveys import service

    r = world.extra["surveys"]["round"]
    pm = login(world.users["executive"])
    page = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/").get_data(as_text=True)
    assert "Fewer than 5 answers so far" in page and "The canteen is great." not in page
    for _ in range(4):
        service.submit(world.project, r, {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "recommend": 10})
    db.session.commit()
    assert _release() == (0, 0)  # 4 held: fewer than k, so they wait for more
    page = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/").get_data(as_text=True)
    assert "Fewer than 5 answers so far" in page
    for _ in range(5):
        service.submit(world.project, r, {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "recommend": 10})
    db.session.commit()
    assert _release() == (0, 0)  # 9 held: k of them must wait for the closing, so no batch of k yet
    service.submit(world.project, r, {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "recommend": 10})
    db.session.commit()
    assert _release() == (5, 0)
    page = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/").get_data(as_text=True)
    assert "The canteen is great." in page and "Morale index" in page
    trend = pm.get(f"/projects/{world.project.id}/surveys/").get_data(as_text=True)
    assert "Morale over time" in trend


def test_the_export_is_suppressed_like_the_page(app, db, world, login):
    from io import BytesIO

    from openpyxl import load_workbook

    r = world.extra["surveys"]["round"]
    pm = login(world.users["programme_manager"])
    resp = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/export.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.data))
    values = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row]
    assert "[x]" in values and "Breakdown" not in wb.sheetnames  # 1 answer: under k


def test_release_held_command(app, db, world):
    from fossdash import audit

    runner = app.test_cli_runner()
    result = runner.invoke(args=["release-held"])
    assert result.exit_code == 0 and "Released 0 survey answers" in result.output
    # The command's name is its own rows' actor, not that of whatever the process runs next.
    assert audit._actor() == (None, "system")


def test_an_answer_writes_no_audit_row_and_the_release_one_count(app, db, world, client):
    from sqlalchemy import func

    from fossdash.audit import AuditEvent

    def audit_rows():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))

    before = audit_rows()
    for _ in range(5):
        assert _post(client, world).status_code == 302
    assert audit_rows() == before  # nothing per submission
    assert _release_all(world) == (5, 0)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > 0).order_by(AuditEvent.id)).all()[-1:]
    assert audit_rows() == before + 1 and "5 survey answers released" in events[0].note


def test_a_comment_is_published_as_a_question_and_answer_reworded_first(app, db, world, login, client):
    from fossdash.audit import AuditEvent
    from fossdash.concerns.models import QuestionAnswer

    r, a = world.extra["surveys"]["round"], world.extra["surveys"]["answer"]
    a.comment = "Is the canteen closing when we move? Jo on reception said so."
    db.session.commit()
    pm = login(world.users["programme_manager"])
    resp = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/comments/{a.id}/publish")
    assert resp.status_code == 302 and f"questions/new?comment={a.id}" in resp.headers["Location"]
    form = pm.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Jo on reception said so." in form  # the staff member's words, to be reworded before publishing
    saved = pm.post(resp.headers["Location"], data={"question": "Is the canteen closing when we move?",
                                                   "answer": "No. It stays open in the new building.",
                                                   "position": "", "publish": "y"})
    assert saved.status_code == 302
    qa = db.session.scalars(select(QuestionAnswer).order_by(QuestionAnswer.id.desc())).first()
    assert (qa.question, qa.published) == ("Is the canteen closing when we move?", True)
    staff = client.get(f"/s/{world.ids['token']}/").get_data(as_text=True)
    assert "Is the canteen closing when we move?" in staff and "Jo on reception" not in staff
    logged = " ".join(repr((e.changes, e.note)) for e in db.session.scalars(select(AuditEvent)))
    assert "Jo on reception" not in logged and "Is the canteen closing" not in logged  # staff words never logged


def test_redacting_a_comment_also_rewords_a_draft_copied_from_it(app, db, world, login):
    from fossdash.concerns.models import QuestionAnswer
    from fossdash.surveys.models import REDACTED_TEXT

    r, a = world.extra["surveys"]["round"], world.extra["surveys"]["answer"]
    pm = login(world.users["programme_manager"])
    location = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/comments/{a.id}/publish").headers["Location"]
    assert pm.post(location, data={"question": "The canteen is great.", "answer": "Thank you.",
                                   "position": ""}).status_code == 302
    assert pm.post(f"/projects/{world.project.id}/surveys/{r.id}/comments/{a.id}/redact", data={}).status_code == 302
    db.session.expire_all()
    qa = db.session.scalars(select(QuestionAnswer).order_by(QuestionAnswer.id.desc())).first()
    assert qa.question == REDACTED_TEXT and not qa.published
    assert "The canteen is great." not in _everything(db)


def test_a_comment_from_a_group_under_k_is_shown_without_its_group(app, db, world, login):
    from fossdash.surveys import service

    r = world.extra["surveys"]["round"]
    group = world.project.staff_groups[0]
    for _ in range(5):
        service.submit(world.project, r, {"q1": 4, "q2": 4, "q3": 4, "q4": 4, "q5": 4, "recommend": 8})
    service.submit(world.project, r, {"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 2, "recommend": 3,
                                      "staff_group_id": group.id, "comment": "Nobody listens to us."})
    db.session.commit()
    _release_all(world)
    page = login(world.users["executive"]).get(f"/projects/{world.project.id}/surveys/{r.id}/")
    text = page.get_data(as_text=True)
    assert "Nobody listens to us." in text
    after = text.split("Nobody listens to us.", 1)[1][:400]
    assert group.name not in after and "Staff group not shown" in after


def test_a_cut_with_no_answers_is_a_dash_not_hidden(app, db, world, login, make):
    """[x] means hidden to protect anonymity; an agency nobody answered from has nothing to average."""
    from io import BytesIO

    from openpyxl import load_workbook

    from fossdash.surveys import service

    r, a = world.extra["surveys"]["round"], world.extra["surveys"]["answer"]
    first, empty = make.agency("Answering council"), make.agency("Quiet constabulary", kind="police")
    make.partnership(world.project, first)
    make.partnership(world.project, empty)
    a.agency_id = first.id
    db.session.commit()
    db.session.refresh(world.project)
    for _ in range(6):
        service.submit(world.project, r, {"q1": 4, "q2": 4, "q3": 4, "q4": 4, "q5": 4, "recommend": 9,
                                          "agency_id": first.id})
    db.session.commit()
    _release_all(world)
    _close(db, r)  # the breakdown is shown once the round has closed
    pm = login(world.users["programme_manager"])
    page = pm.get(f"/projects/{world.project.id}/surveys/{r.id}/").get_data(as_text=True)
    by_agency = page.split("By agency", 1)[1].split("By staff group", 1)[0]
    quiet = by_agency.split("Quiet constabulary", 1)[1].split("</tr>", 1)[0]
    assert "No answers" in quiet and "[x]" not in quiet
    answering = by_agency.split("Answering council", 1)[1].split("</tr>", 1)[0]
    assert ">7<" in answering.replace(" ", "").replace("\n", "")
    wb = load_workbook(BytesIO(pm.get(f"/projects/{world.project.id}/surveys/{r.id}/export.xlsx").data))
    rows = {row[1]: row for row in wb["Breakdown"].iter_rows(values_only=True) if row[0] == "Agency"}
    assert rows["Quiet constabulary"][2:] == (0, None, None)
    assert rows["Answering council"][2] == 7 and rows["Answering council"][3] is not None


def test_the_survey_limits_are_per_round_and_address_and_per_code(app_factory):
    """A building behind one address is limited per round (SURVEY_RATE_LIMIT, not the staff link's
    10 a minute); another round or another address is not affected; a code is tried at most 5 times
    an hour from anywhere; the limiter keeps no address and no code."""
    from fossdash.extensions import db as _db
    from fossdash.extensions import limiter
    from fossdash.surveys import service
    from fossdash.surveys.models import SurveyRound
    from tests.factories import Factory
    from tests.world import build

    app = app_factory(RATELIMIT_ENABLED=True, SURVEY_RATE_LIMIT="3 per minute")
    with app.app_context():
        world = build(Factory())
        token, r = world.ids["token"], world.extra["surveys"]["round"]
        other = SurveyRound(project_id=world.project.id, title="Team pulse", opens_on=r.opens_on,
                            closes_on=r.closes_on, own_items=[])
        _db.session.add(other)
        _db.session.commit()
        client = app.test_client()

        def post(round_id, addr=IP, **kw):
            return client.post(f"/s/{token}/survey/{round_id}/answer", data=_answers(**kw),
                               environ_base={"REMOTE_ADDR": addr})

        assert [post(r.id).status_code for _ in range(4)] == [302, 302, 302, 429]
        assert post(other.id).status_code == 302  # per round
        assert post(r.id, addr="198.51.100.9").status_code == 302  # per address
        assert client.get(f"/s/{token}/survey/{r.id}/answer", environ_base={"REMOTE_ADDR": IP}).status_code == 200

        service.make_codes(other, 2)
        _db.session.commit()
        tries = [post(other.id, addr=f"198.51.100.{i}", code="WRONGCODE99").status_code for i in range(20, 26)]
        assert tries == [200] * 5 + [429]  # refused five times, then limited whatever the address
        keys = " ".join(str(k) for k in getattr(limiter.storage, "storage", {}))
        assert keys and IP not in keys and "198.51.100" not in keys and "WRONGCODE99" not in keys


def test_the_trend_shows_morale_and_enps_per_agency_by_hand(app, db, world, login, make):
    from fossdash.surveys import service

    r, a = world.extra["surveys"]["round"], world.extra["surveys"]["answer"]
    council, police = make.agency("Trend council"), make.agency("Trend police", kind="police")
    make.partnership(world.project, council)
    make.partnership(world.project, police)
    a.agency_id = council.id  # 4, 3, 2, 4, 5 and 8
    db.session.commit()
    db.session.refresh(world.project)
    for _ in range(6):
        service.submit(world.project, r, {"q1": 4, "q2": 4, "q3": 4, "q4": 4, "q5": 4, "recommend": 9,
                                          "agency_id": council.id})
    service.submit(world.project, r, {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "recommend": 0,
                                      "agency_id": police.id})
    for _ in range(5):
        service.submit(world.project, r, {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "recommend": 7})
    db.session.commit()
    _release_all(world)
    _close(db, r)  # the breakdown is shown once the round has closed
    page = login(world.users["executive"]).get(f"/projects/{world.project.id}/surveys/").get_data(as_text=True)

    def row(caption):
        table = page.split(caption, 1)[1].split("</table>", 1)[0]
        head = [h.split(">", 1)[1].split("<", 1)[0].strip() for h in table.split("<th")[1:]]
        cells = table.split("Spring pulse", 1)[1].split("</tr>", 1)[0]
        values = [c.split(">", 1)[1].split("</td>", 1)[0].strip() for c in cells.split("<td")[1:]]
        out: dict = {}
        for h, v in zip([h for h in head if h and h != "Round" and h != "Spring pulse"], values):
            out.setdefault(h, v)  # agencies come first: their "Not given", not the groups'
        return out

    # Council, 7 answers: (18 + 6 x 20) / 35 = 3.94, so 74; 6 of 7 promoters, no detractor: 86.
    # Police, 1 answer: hidden, and so is the smallest other cell ("not given", 5), or the total
    # less the rest would give police away; means go with their counts.
    morale, enps = row("Morale index (0 to 100) per round"), row("eNPS (-100 to 100) per round")
    assert morale["Trend council"] == "74" and enps["Trend council"] == "86"
    for cut in ("Trend police", "Not given"):
        assert "[x]" in morale[cut] and "[x]" in enps[cut]


def test_a_comment_names_its_agency_or_its_group_never_both(app, db, world):
    """Both figures shown alone, each of k or more; but the two together name one cell of the
    breakdown, which may hold fewer than k people (found by review): a comment carries one."""
    from fossdash.metrics.surveys import Stats, round_stats
    from fossdash.surveys import service
    from fossdash.surveys.models import SurveyAnswer

    r = world.extra["surveys"]["round"]
    agency, group = world.ids["agency_id"], world.project.staff_groups[0].id
    db.session.add(SurveyAnswer(project_id=world.project.id, round_id=r.id, answered_on=r.opens_on, q1=3,
                                agency_id=agency, staff_group_id=group, comment="Rotas change at a day's notice."))
    db.session.commit()
    full = Stats(n=6, core_sum=90, core_n=30, promoters=6, detractors=0, recommend_n=6)
    stats = round_stats({(agency, group): full, (agency, None): full, (None, group): full}, k=5,
                        agencies=[(agency, "Council")], groups=[(group, "Advisers")])
    assert stats.agency_shown(agency) and stats.group_shown(group)
    (comment,) = [c for c in service.comments(world.project, r, stats) if c.text.startswith("Rotas")]
    assert (comment.agency, comment.group) == ("Council", None)
