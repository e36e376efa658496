"""Rumour-busting questions and answers: drafted from a concern, edited, published, taken down."""
from __future__ import annotations

import re

from sqlalchemy import select
from tests.pages import confirm


def _q(world, path=""):
    return f"/projects/{world.project.id}/concerns/questions/{path}"


def _staff_page(client, world) -> str:
    return client.get(f"/s/{world.project.staff_token}/").get_data(as_text=True)


def test_publishing_a_concern_as_a_question_and_answer(app, db, world, login, client):
    from fossdash.concerns.models import QuestionAnswer

    pm = login(world.users["programme_manager"])
    source = world.extra["concerns"]["named"]
    form = pm.get(_q(world, "new"), query_string={"concern": source.id}).get_data(as_text=True)
    # Prefilled with the raw words, to be edited before it goes out; the raiser is nowhere in it.
    assert "They&#39;re after our jobs." in form and "Janet" not in form
    assert "does not identify who asked" in form
    resp = pm.post(_q(world, f"new?concern={source.id}"),
                   data={"question": "Is the county taking over our jobs?", "answer": "No: every agency keeps its staff.",
                         "position": "1", "publish": "y"})
    assert resp.status_code == 302
    qa = db.session.scalars(select(QuestionAnswer).order_by(QuestionAnswer.id.desc())).first()
    assert (qa.concern_id, qa.published, qa.position) == (source.id, True, 1) and qa.published_on is not None
    page = _staff_page(client, world)
    assert "Is the county taking over our jobs?" in page and "They&#39;re after our jobs." not in page
    # Position 1 lists it before the older one without a position.
    assert page.index("Is the county taking over") < page.index("Will I lose my job")


def test_a_draft_stays_off_the_staff_page_until_published(app, db, world, login, client):
    from fossdash.concerns.models import QuestionAnswer

    pm = login(world.users["programme_manager"])
    pm.post(_q(world, "new"), data={"question": "Is the canteen closing?", "answer": "No.", "save_draft": "y"})
    qa = db.session.scalars(select(QuestionAnswer).where(QuestionAnswer.question == "Is the canteen closing?")).one()
    assert qa.published is False and qa.published_on is None
    assert "Is the canteen closing?" not in _staff_page(client, world)
    listing = pm.get(_q(world)).get_data(as_text=True)
    assert "Drafts (1)" in listing and "Is the canteen closing?" in listing
    resp = pm.post(_q(world, f"{qa.id}/publication"), data={"version": str(qa.version), "published": "1"})
    assert resp.status_code == 302
    assert "Is the canteen closing?" in _staff_page(client, world)
    db.session.expire_all()
    resp = pm.post(_q(world, f"{qa.id}/publication"), data={"version": str(qa.version), "published": "0"})
    assert "Is the canteen closing?" not in _staff_page(client, world)


def test_a_stale_publish_button_changes_nothing(app, db, world, login, client):
    from fossdash.concerns.models import QuestionAnswer

    qa = db.session.get(QuestionAnswer, world.ids["qa_id"])
    pm = login(world.users["programme_manager"])
    resp = pm.post(_q(world, f"{qa.id}/publication"), data={"version": str(qa.version - 1 or 99), "published": "0"},
                   follow_redirects=True)
    assert "Someone else changed this question and answer" in resp.get_data(as_text=True)
    assert "Will I lose my job" in _staff_page(client, world)


def test_editing_a_question_and_answer_safely(app, db, world, login):
    from fossdash.concerns.models import QuestionAnswer

    qa = db.session.get(QuestionAnswer, world.ids["qa_id"])
    stale = str(qa.version)
    pm, admin = login(world.users["programme_manager"]), login(world.users["admin"])
    form = pm.get(_q(world, f"{qa.id}/edit")).get_data(as_text=True)
    assert "Save and keep on the staff page" in form and "Save and take off the staff page" in form
    data = {"question": qa.question, "answer": "First answer", "version": stale, "publish": "y"}
    assert pm.post(_q(world, f"{qa.id}/edit"), data=data).status_code == 302
    clash = admin.post(_q(world, f"{qa.id}/edit"), data={**data, "answer": "Second answer"})
    assert clash.status_code == 409 and "First answer" in clash.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(QuestionAnswer, qa.id).answer == "First answer"
    empty = pm.post(_q(world, f"{qa.id}/edit"), data={"question": "", "answer": "", "version": stale})
    page = empty.get_data(as_text=True)
    assert "Enter the question" in page and "Enter the answer" in page


def test_readers_see_the_questions_but_only_managers_change_them(world, login):
    union = login(world.users["union_rep"])
    page = union.get(_q(world)).get_data(as_text=True)
    assert "Will I lose my job" in page
    assert "Add a question and answer" not in page and "Take off the staff page" not in page
    assert not re.search(r"/questions/\d+/edit", page)


def test_an_order_that_is_not_a_whole_number_is_refused_the_gov_uk_way(app, db, world, login, client):
    from fossdash.concerns.models import QuestionAnswer

    pm = login(world.users["programme_manager"])
    before = db.session.query(QuestionAnswer).count()
    for position, message in (("first", "Order must be a whole number"), ("1.5", "Order must be a whole number"),
                              ("0", "Order must be a number from 1 to 999")):
        page = pm.post(_q(world, "new"), data={"question": "Is the canteen closing?", "answer": "No.",
                                               "position": position, "publish": "y"}).get_data(as_text=True)
        assert "There is a problem" in page and message in page and "Not a valid integer" not in page
    assert db.session.query(QuestionAnswer).count() == before
    assert "Is the canteen closing?" not in _staff_page(client, world)


def test_saving_a_response_and_publishing_goes_on_to_the_wording_and_publishes_nothing_yet(app, db, world, login,
                                                                                           client):
    from fossdash.concerns.models import Concern, QuestionAnswer

    pm = login(world.users["programme_manager"])
    source = world.extra["concerns"]["anonymous"]
    before = db.session.query(QuestionAnswer).count()
    resp = pm.post(f"/projects/{world.project.id}/concerns/{source.id}/answer",
                   data={"version": str(source.version), "response": "Yes: pay is being harmonised.",
                         "actions": "", "status": "answered", "and_publish": "y"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/questions/new?concern={source.id}")
    db.session.expire_all()
    c = db.session.get(Concern, source.id)
    assert (c.status, c.response, c.answered_by_id) == ("answered", "Yes: pay is being harmonised.",
                                                        world.users["programme_manager"].id)
    assert db.session.query(QuestionAnswer).count() == before  # nothing published until the next step
    form = pm.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Now word it for the staff page" in form and "Yes: pay is being harmonised." in form
    assert "Yes: pay is being harmonised." not in _staff_page(client, world)


def test_deleting_a_question_and_answer_asks_first_and_takes_it_off_the_staff_page(app, db, world, login, client):
    from fossdash.audit import AuditEvent
    from fossdash.concerns.models import Concern, QuestionAnswer

    qa = db.session.get(QuestionAnswer, world.ids["qa_id"])
    pm = login(world.users["programme_manager"])
    assert f"/questions/{qa.id}/delete" in pm.get(_q(world)).get_data(as_text=True)
    asked = pm.get(_q(world, f"{qa.id}/delete")).get_data(as_text=True)
    assert "Delete this question and answer?" in asked and qa.question in asked
    assert "taken off the staff page at once" in asked and "The concern it came from is kept." in asked
    assert db.session.get(QuestionAnswer, qa.id) is not None  # asking deletes nothing
    assert "Will I lose my job" in _staff_page(client, world)
    resp = confirm(pm, _q(world, f"{qa.id}/delete"), follow_redirects=True)
    assert "Question and answer deleted. It is no longer on the staff page." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(QuestionAnswer, qa.id) is None
    assert db.session.get(Concern, world.extra["concerns"]["anonymous"].id) is not None
    assert "Will I lose my job" not in _staff_page(client, world)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "question_answer",
                                                      AuditEvent.action == "delete")) is not None
    union = login(world.users["union_rep"])
    assert union.get(_q(world, f"{qa.id}/delete")).status_code == 403


def test_the_questions_page_says_once_what_is_illustrative_and_tags_cards_only_when_mixed(app, db, world, login):
    from fossdash.concerns.models import QuestionAnswer

    notice = "are illustrative: they were made up for this demonstration"
    tag = 'govuk-tag--yellow">Illustrative</strong>'
    pm = login(world.users["programme_manager"])
    page = pm.get(_q(world)).get_data(as_text=True)
    assert notice not in page and tag not in page
    db.session.add(QuestionAnswer(project_id=world.project.id, question="Is the canteen closing?", answer="No.",
                                  published=False, illustrative=True))
    db.session.commit()
    page = pm.get(_q(world)).get_data(as_text=True)
    assert page.count(notice) == 1 and "The questions and answers tagged “Illustrative”" in page
    assert page.count(tag) == 1 and page.index(tag) > page.index("Is the canteen closing?")
    qa = db.session.get(QuestionAnswer, world.ids["qa_id"])
    qa.illustrative = True
    db.session.commit()
    page = pm.get(_q(world)).get_data(as_text=True)
    assert "All the questions and answers on this page " + notice in page and tag not in page
