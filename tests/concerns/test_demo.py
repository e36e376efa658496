"""The demo programme's concerns and rumour-busting answers: every case study has a staff voice."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

# The only concern texts the demo may show without an "Illustrative" tag: the paper's own words.
PAPER_WORDS = {
    "We can't change the way we work.",
    "There is mutual mistrust and suspicion about the creation of one team from two.",
}


def _load(db):
    from fossdash.demo import concerns, projects, users

    ctx = {"password": "demo password for tests"}
    users.load(ctx)
    projects.load(ctx)
    concerns.load(ctx)
    db.session.commit()
    return ctx


def test_every_case_study_has_concerns_a_staff_link_voice_and_a_published_answer(app, db):
    from fossdash.concerns.models import STAFF_LINK, Concern, QuestionAnswer

    ctx = _load(db)
    assert len(ctx["projects"]) == 8
    for name, project in ctx["projects"].items():
        concerns = db.session.scalars(select(Concern).where(Concern.project_id == project.id)).all()
        assert len(concerns) >= 4, name
        assert len({c.category for c in concerns}) >= 3, name
        assert any(c.channel == STAFF_LINK for c in concerns), name
        assert any(c.is_done and c.response for c in concerns), name
        published = db.session.scalars(select(QuestionAnswer).where(
            QuestionAnswer.project_id == project.id, QuestionAnswer.published.is_(True))).all()
        assert published and all(qa.published_on <= date.today() for qa in published), name


def test_demo_concerns_are_dated_honestly_and_anonymous_ones_have_no_author(app, db):
    from fossdash.concerns.models import STAFF_LINK, Concern

    _load(db)
    for c in db.session.scalars(select(Concern)):
        assert c.raised_on <= date.today(), c.text
        assert c.answered_on is None or c.raised_on <= c.answered_on <= date.today(), c.text
        if c.channel == STAFF_LINK:
            assert c.raised_by is None
            assert c.created_at == datetime(c.raised_on.year, c.raised_on.month, c.raised_on.day)
        if not c.illustrative:
            assert c.text in PAPER_WORDS, f"not the paper's words, so illustrative: {c.text}"


def test_demo_concerns_load_once(app, db):
    from fossdash.concerns.models import Concern, QuestionAnswer

    _load(db)
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Concern, QuestionAnswer)]
    _load(db)
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Concern, QuestionAnswer)] == counts


def test_no_demo_concern_names_someone_who_raised_it_through_the_union(app, db):
    from fossdash.concerns.models import Concern

    _load(db)
    assert db.session.scalar(select(func.count(Concern.id)).where(Concern.channel == "union")) > 0
    assert db.session.scalars(
        select(Concern).where(Concern.channel == "union", Concern.raised_by.is_not(None))).all() == []
    carol = db.session.scalars(select(Concern).where(Concern.raised_by == "Carol Jennings (call handler)")).one()
    assert carol.channel == "feedback_session"


def test_loading_again_takes_the_name_off_an_older_demo_union_concern(app, db):
    from fossdash.concerns.models import Concern

    _load(db)
    carol = db.session.scalars(select(Concern).where(Concern.raised_by == "Carol Jennings (call handler)")).one()
    carol.channel = "union"  # as the demo data had it before
    db.session.commit()
    _load(db)
    db.session.expire_all()
    again = db.session.get(Concern, carol.id)
    assert again.channel == "union" and again.raised_by is None


def test_demo_response_times_vary_most_in_time_some_late_and_differ_by_project(app, db):
    """The demo's answers are not all 12 days after the concern (which showed every project as 0%
    answered in time): most answered within the readiness target of 10 days, some later, and each
    project at its own pace."""
    from fossdash.concerns.models import Concern
    from fossdash.metrics import readiness_data

    ctx = _load(db)
    answered = db.session.execute(select(Concern.raised_on, Concern.answered_on)
                                  .where(Concern.answered_on.is_not(None))).all()
    days = [(a - r).days for r, a in answered]
    in_time = sum(1 for d in days if d <= 10)
    assert in_time > len(days) / 2  # most within the target...
    assert len(days) - in_time >= 5  # ...and some late
    assert len(set(days)) >= 8  # not one fixed delay
    shares = {}
    for name, project in ctx["projects"].items():
        counts = readiness_data.concern_counts(project, date.today())
        if counts:
            shares[name] = counts["answered_in_time"] / counts["due"]
    assert len(shares) == 8 and all(0 < s < 1 for s in shares.values()), shares
    assert len({round(s, 2) for s in shares.values()}) >= 5  # projects differ
    flagships = [s for name, s in shares.items() if "Kent" in name or "Northumbria" in name]
    assert all(s > 0.6 for s in flagships), shares  # the busy projects answer most in time
    braintree = next(s for name, s in shares.items() if "Braintree" in name)
    assert braintree < min(flagships)  # resistance at Braintree: answers come slowest


def test_a_demo_answer_is_published_with_the_answer_to_its_concern(app, db):
    from fossdash.concerns.models import Concern, QuestionAnswer

    _load(db)
    pairs = db.session.execute(
        select(QuestionAnswer.published_on, Concern.raised_on, Concern.answered_on)
        .join(Concern, QuestionAnswer.concern_id == Concern.id).where(QuestionAnswer.published.is_(True))
    ).all()
    assert pairs
    for published_on, raised_on, answered_on in pairs:
        assert published_on >= raised_on
        assert answered_on is None or published_on == answered_on
