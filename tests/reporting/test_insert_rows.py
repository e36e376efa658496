"""insert_rows (fossdash/reporting/import_write.py), the import's and the release's bulk writer:
every row stored with its own values, across several statements (and a last, shorter one), one
value for every row, a column no row fills, rows taken in a given order, a column already in that
order; in SQLite also under its oldest limit on a statement's parameters (999)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text

N = 1203  # more than two full statements of 500 rows, and a last one of 203


def _round(db, make, name="Bulk writes"):
    from fossdash.surveys.models import SurveyRound

    project = make.project(name)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2026, 1, 5),
                         closes_on=date(2026, 3, 31), own_items=[])
    db.session.add(round_)
    db.session.commit()
    return project, round_


def _write_and_read(db, project, round_):
    from fossdash.reporting.import_write import insert_rows
    from fossdash.surveys.models import HeldAnswer

    order = [i for i in reversed(range(N)) if i % 3]  # two rows in three, last first
    keys = [f"{project.id:08x}{i:024x}" for i in range(len(order))]  # the id of each row written, in that order
    comments = [f"=HYPERLINK(\"http://x\", \"{i}\")" if i % 50 == 0 else None for i in range(N)]
    insert_rows(HeldAnswer.__table__, {
        "project_id": project.id, "round_id": round_.id,  # one value for every row
        "q1": [1 + i % 5 for i in range(N)], "q2": [None] * N,  # q2: no row has one
        "recommend": [i % 11 for i in range(N)], "comment": comments,
        "answered_on": [date(2026, 1, 5) + timedelta(days=i % 80) for i in range(N)],
    }, N, rows=order, written={"id": keys})
    stored = {a.id: a for a in db.session.scalars(select(HeldAnswer).where(HeldAnswer.project_id == project.id))}
    assert len(stored) == len(order)
    for key, i in zip(keys, order):
        a = stored[key]
        assert (a.project_id, a.round_id, a.q1, a.q2, a.recommend, a.comment, a.answered_on) == (
            project.id, round_.id, 1 + i % 5, None, i % 11, comments[i], date(2026, 1, 5) + timedelta(days=i % 80))
    if db.session.get_bind().dialect.name == "sqlite":  # stored in the order written
        ids = db.session.execute(text("SELECT id FROM survey_answer_held WHERE project_id = :p ORDER BY rowid"),
                                 {"p": project.id}).scalars().all()
        assert ids == keys


def test_every_row_is_stored_with_its_own_values_in_the_order_written(app, db, make):
    project, round_ = _round(db, make)
    _write_and_read(db, project, round_)
    if db.session.get_bind().dialect.name == "sqlite":  # again, under SQLite's oldest limit
        import sqlite3

        raw = db.session.connection().connection.driver_connection
        was = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        try:
            _write_and_read(db, *_round(db, make, "Bulk writes, 999 parameters"))
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, was)
