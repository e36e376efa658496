"""Into a round whose results are shown, no release adds to any one question fewer than k answers
(but some): an imported answer may leave questions empty, and the figures of a question answered
by few of a release (its spread, the eNPS, the morale index) would move on those few, giving them
away to anyone comparing before and after. Those answers wait (surveys/release.questions_kept)."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import combinations

from sqlalchemy import select

TODAY = date.today()
CORE = {"q1": 4, "q2": 3, "q3": 2, "q4": 5, "q5": 4}


def _ok(part, k, value) -> bool:
    from fossdash.surveys.release import QUESTIONS

    return all(sum(value(a, q) is not None for a in part) in (0,) or
               sum(value(a, q) is not None for a in part) >= k for q in QUESTIONS)


def test_the_part_kept_is_the_largest_in_which_each_question_has_none_or_k_answers():
    from fossdash.surveys.release import QUESTIONS, questions_kept

    def value(answer, column):
        return answer.get(column)

    # Five answers to the core statements, two of them to the recommend question too (k = 3):
    # those two wait, the other three go.
    answers = [{**CORE, "recommend": 9}, {**CORE, "recommend": 2}, *({**CORE} for _ in range(3))]
    assert questions_kept(answers, 3, value) == answers[2:]
    # Taking out one question's few can leave another with few: taken out in turn, until none.
    chain_ = [{"q1": 1, "recommend": 5}, {"q1": 1, "recommend": 5}, {"q1": 1, "q2": 3}, {"q2": 3}, {"q2": 3}]
    assert questions_kept(chain_, 3, value) == []  # q1 (3) and q2 (3) pass, recommend (2) goes, then q1 (1)
    # Largest, and holding every valid part: checked against every part of small random sets.
    rng = random.Random(11)
    for _ in range(300):
        k = rng.choice([2, 3])
        pool = [{q: 1 for q in rng.sample(QUESTIONS[:3] + ["recommend"], rng.randint(1, 3))} for _ in range(7)]
        kept = questions_kept(pool, k, value)
        assert _ok(kept, k, value) and (not kept or len(kept) >= k)
        valid = [part for size in range(k, 8) for part in combinations(range(7), size)
                 if _ok([pool[i] for i in part], k, value)]
        kept_ids = {id(a) for a in kept}
        assert all({id(pool[i]) for i in part} <= kept_ids for part in valid)


def _shown_open_round(db, make, k: int):
    """An open round of a project with threshold k, whose results are shown: k answers released."""
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    project = make.project(anonymity_k=k)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=TODAY - timedelta(days=30),
                         closes_on=TODAY + timedelta(days=10))
    db.session.add(round_)
    db.session.flush()
    for _ in range(k):
        db.session.add(SurveyAnswer(project_id=project.id, round_id=round_.id, answered_on=TODAY - timedelta(days=29),
                                    recommend=7, **CORE))
    db.session.commit()
    return project, round_


def _eight(round_):
    """Eight answers due on eight days; the two oldest alone answer the fourth statement."""
    return [{"round_id": round_.id, "answered_on": TODAY - timedelta(days=20 - d), **CORE, "recommend": 8,
             "q4": 1 if d < 2 else None} for d in range(8)]


def _state(db, round_):
    from fossdash.metrics.surveys import distribution
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    held = db.session.scalars(select(HeldAnswer).where(HeldAnswer.round_id == round_.id)).all()
    released = db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.round_id == round_.id)).all()
    return held, released, distribution(round_.id, ["q1", "q4"], round_.project.anonymity_k).items


def test_a_release_into_a_shown_round_leaves_a_question_few_answered_held(db, make):
    """k = 3: of the eight due, the five oldest would go (all but the newest 3), two of them the
    only answers to the fourth statement. They wait: three go, and its spread does not move."""
    from fossdash.surveys.models import HeldAnswer
    from fossdash.surveys.release import release_held_answers

    project, round_ = _shown_open_round(db, make, 3)
    q4_before = _state(db, round_)[2]["q4"]
    for values in _eight(round_):
        db.session.add(HeldAnswer(project_id=project.id, **values))
    db.session.commit()
    assert release_held_answers(on=TODAY) == 3
    db.session.commit()
    held, released, items = _state(db, round_)
    assert len(released) == 6 and items["q4"] == q4_before and sum(items["q1"]) == 6
    assert sorted(h.q4 is not None for h in held) == [False, False, False, True, True]


def test_an_import_into_a_shown_round_keeps_the_same_answers_back(db, make):
    """The same answers imported: stored as the release would leave them (release.on_arrival)."""
    from fossdash.surveys.importer import IMPORTER

    project, round_ = _shown_open_round(db, make, 3)
    q4_before = _state(db, round_)[2]["q4"]
    IMPORTER.create_many(project, _eight(round_))
    IMPORTER.after_import(project)
    db.session.commit()
    held, released, items = _state(db, round_)
    assert len(released) == 6 and items["q4"] == q4_before
    assert Counter(h.q4 for h in held) == Counter({None: 3, 1: 2})
