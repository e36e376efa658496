"""fossdash/readcache.py: a read shared within one transaction is read again as soon as the
session writes anything, so a panel never shows what was true before the change it follows."""
from __future__ import annotations

from datetime import date

from sqlalchemy import event, update


def _counting(db):
    seen: list[str] = []

    def listen(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", listen)


def test_the_actions_are_read_once_until_the_session_writes(app, db, make):
    from fossdash.comms.models import CommsAction
    from fossdash.metrics import comms

    project = make.project("Shared reads")
    db.session.commit()
    seen, stop = _counting(db)
    try:
        assert comms.load(project.id) == []
        assert comms.load(project.id) == []
        assert len([s for s in seen if "comms_action" in s]) == 1  # the second read shared the first
        action = CommsAction(project_id=project.id, title="Briefing", technique="newsletter", audience="all",
                             owner="Lead", due_on=date(2026, 1, 5), feedback="")
        db.session.add(action)
        assert [a.due_on for a in comms.load(project.id)] == [date(2026, 1, 5)]  # pending: not shared
        db.session.flush()
        assert [a.due_on for a in comms.load(project.id)] == [date(2026, 1, 5)]  # shared from here
        db.session.execute(update(CommsAction).where(CommsAction.id == action.id).values(due_on=date(2026, 2, 1)))
        assert [a.due_on for a in comms.load(project.id)] == [date(2026, 2, 1)]  # an UPDATE: read again
        db.session.commit()
        assert [a.due_on for a in comms.load(project.id)] == [date(2026, 2, 1)]
    finally:
        stop()


def test_a_new_transaction_reads_afresh(app, db, make):
    from fossdash.metrics import training

    project = make.project("Fresh plan")
    group = make.staff_group(project, name="Advisers")
    db.session.commit()
    assert list(training.plan(project.id).groups) == [group.id]
    group.headcount = 99
    db.session.commit()  # the transaction ends: what it shared goes with it
    assert training.plan(project.id).groups[group.id].headcount == 99
