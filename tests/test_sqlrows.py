"""fossdash/sqlrows.py: a statement built once, run as plain rows, reads what the session holds
(its pending changes flushed first, as the ORM's autoflush would) and converts the columns' types."""
from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select

from fossdash import sqlrows


def _statement():
    from fossdash.projects.models import Milestone

    return (select(Milestone.title, Milestone.on).where(Milestone.project_id == bindparam("project_id"))
            .order_by(Milestone.on))


MILESTONES = sqlrows.prepared(_statement)


def test_a_prepared_statement_is_built_once():
    assert MILESTONES() is MILESTONES()


def test_rows_see_pending_changes_and_keep_dates_as_dates(app, db, make):
    from fossdash.projects.models import Milestone

    project = make.project("Plain rows")
    other = make.project("Another project")
    db.session.commit()
    assert sqlrows.rows(db.session, MILESTONES(), project_id=project.id) == []
    db.session.add(Milestone(project_id=project.id, kind="go_live", title="Go live", on=date(2027, 3, 1)))
    db.session.add(Milestone(project_id=other.id, kind="go_live", title="Not ours", on=date(2027, 1, 1)))
    # Not flushed yet: read all the same, as a query through the session would.
    assert [tuple(r) for r in sqlrows.rows(db.session, MILESTONES(), project_id=project.id)] == [
        ("Go live", date(2027, 3, 1))]
    assert sqlrows.scalar(db.session, MILESTONES(), project_id=other.id) == "Not ours"
    db.session.rollback()  # the flush was inside the transaction: undone with it
    assert sqlrows.rows(db.session, MILESTONES(), project_id=project.id) == []
