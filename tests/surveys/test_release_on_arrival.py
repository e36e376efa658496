"""Imported answers that a release would let go at once are stored as released in the first place
(surveys/release.py, on_arrival), not held and then moved: the answers released and held at the
end of an import are those the release's rules give when they are held and the release runs."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

TODAY = date.today()


def _round(db, make, k: int, opens: date, closes: date):
    from fossdash.surveys.models import SurveyRound

    project = make.project(anonymity_k=k)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=opens, closes_on=closes)
    db.session.add(round_)
    db.session.commit()
    return project, round_


def _import(db, project, round_, days: list[date]) -> None:
    """The import's fast path (create_columns) and its after_import, as the job runs them."""
    from fossdash.surveys.importer import IMPORTER

    IMPORTER.create_many(project, [{"round_id": round_.id, "answered_on": day, "q1": 4, "recommend": 8}
                                   for day in days])
    IMPORTER.after_import(project)
    db.session.commit()


def _days(db, model, round_) -> Counter:
    return Counter(db.session.scalars(select(model.answered_on).where(model.round_id == round_.id)))


def _released_and_held(db, round_) -> tuple[Counter, Counter]:
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    return _days(db, SurveyAnswer, round_), _days(db, HeldAnswer, round_)


def test_an_open_round_releases_all_but_the_newest_k_of_an_import_and_audits_it(db, make):
    from fossdash.audit import AuditEvent

    project, round_ = _round(db, make, 3, TODAY - timedelta(days=20), TODAY + timedelta(days=10))
    days = [TODAY - timedelta(days=d) for d in range(1, 9)]  # eight days, one answer each
    _import(db, project, round_, days)
    released, held = _released_and_held(db, round_)
    assert sorted(released.elements()) == sorted(days)[:5]  # 8 due >= 2k: all but k
    assert sorted(held.elements()) == sorted(days)[5:]  # the newest k wait for the closing
    notes = db.session.scalars(select(AuditEvent.note).where(AuditEvent.action == "release",
                                                             AuditEvent.project_id == project.id)).all()
    assert notes == [f"5 survey answers released for round {round_.id}"]


def test_within_the_newest_day_released_the_answers_that_go_are_some_of_it(db, make):
    project, round_ = _round(db, make, 3, TODAY - timedelta(days=20), TODAY + timedelta(days=10))
    old, new = TODAY - timedelta(days=9), TODAY - timedelta(days=2)
    _import(db, project, round_, [old] * 4 + [new] * 4)
    released, held = _released_and_held(db, round_)
    assert released == Counter({old: 4, new: 1}) and held == Counter({new: 3})


def test_fewer_than_2k_due_in_an_open_round_are_all_held_and_today_s_always(db, make):
    project, round_ = _round(db, make, 3, TODAY - timedelta(days=20), TODAY + timedelta(days=10))
    _import(db, project, round_, [TODAY - timedelta(days=3)] * 5 + [TODAY] * 4)
    released, held = _released_and_held(db, round_)
    assert released == Counter() and held == Counter({TODAY - timedelta(days=3): 5, TODAY: 4})


def test_a_round_already_holding_due_answers_is_left_to_the_release_with_them(db, make):
    """One staff link answer from yesterday waits in the round: the import's six and it are
    released together (7 due: all but the newest 3), not the import's alone (6: 3, then 4 held)."""
    from fossdash.surveys.models import HeldAnswer

    project, round_ = _round(db, make, 3, TODAY - timedelta(days=20), TODAY + timedelta(days=10))
    yesterday = TODAY - timedelta(days=1)
    db.session.add(HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=yesterday, q1=2))
    db.session.commit()
    _import(db, project, round_, [TODAY - timedelta(days=d) for d in range(10, 16)])
    released, held = _released_and_held(db, round_)
    assert sum(released.values()) == 4 and sum(held.values()) == 3
    assert yesterday in held


def test_a_closed_round_releases_everything_unless_its_results_were_shown_and_fewer_than_k_come(db, make):
    from fossdash.surveys.models import SurveyAnswer

    project, round_ = _round(db, make, 3, TODAY - timedelta(days=60), TODAY - timedelta(days=30))
    day = TODAY - timedelta(days=40)
    _import(db, project, round_, [day] * 2)  # never shown: under k, released (the pages hide it)
    assert _released_and_held(db, round_) == (Counter({day: 2}), Counter())
    for _ in range(3):
        db.session.add(SurveyAnswer(project_id=project.id, round_id=round_.id, answered_on=day, q1=3))
    db.session.commit()
    _import(db, project, round_, [day] * 2)  # shown now (5 >= k): two late ones wait
    assert _released_and_held(db, round_) == (Counter({day: 5}), Counter({day: 2}))


def test_an_import_made_a_chunk_at_a_time_is_still_released_as_one(db, make, monkeypatch):
    """create_all makes records a chunk at a time; an anonymous importer's are made at once, so a
    closed round's import is released whole, never its later chunks held as if they came late."""
    from fossdash.reporting import importing
    from fossdash.reporting.importing import Plan
    from fossdash.reporting.models import ImportBatch
    from fossdash.surveys.importer import IMPORTER

    monkeypatch.setattr(importing, "CREATE_ROWS", 2)
    project, round_ = _round(db, make, 3, TODAY - timedelta(days=60), TODAY - timedelta(days=30))
    day = TODAY - timedelta(days=40)
    rows = [(n, {"round_id": round_.id, "answered_on": day, "q1": 1 + n % 5, "recommend": n}, f"{n:064x}")
            for n in range(2, 8)]
    batch = ImportBatch(project_id=project.id, kind=IMPORTER.kind, file_sha256="0" * 64, file_type="xlsx",
                        rows=len(rows), content=b"", preview={})
    db.session.add(batch)
    db.session.flush()
    importing.create_all(project, IMPORTER, batch, Plan(rows, 0))
    IMPORTER.after_import(project)
    db.session.commit()
    assert _released_and_held(db, round_) == (Counter({day: 6}), Counter())
