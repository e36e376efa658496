"""The plan page reads the database a fixed number of times, however long the plan: the same
statements for 4 actions as for 31 (counted with a before_cursor_execute listener)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event


def _count(db, client, url) -> int:
    """Statements for one GET of `url`, with nothing already loaded (the tests share the app's
    session, which would otherwise hold what an earlier request loaded)."""
    db.session.expire_all()
    seen = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return len(seen)


def _add_actions(world, db, n, start):
    from fossdash.comms.models import CommsAction, CommsActionConcern
    from tests.concerns.helpers import concern as make_concern

    c = make_concern(world.project)
    agency_id = world.project.partnerships[0].agency_id
    group_id = world.ids["staff_group_id"]
    for i in range(start, start + n):
        due = date(2007, 1, 1) + timedelta(days=9 * i)
        a = CommsAction(project_id=world.project.id, title=f"Action {i}", technique="newsletter",
                        audience=("agency", "staff_group", "all_staff")[i % 3], owner="Owner", due_on=due,
                        done_on=due if i % 2 else None, feedback="", people_reached=i,
                        agency_id=agency_id if i % 3 == 0 else None, staff_group_id=group_id if i % 3 == 1 else None)
        a.concern_links.append(CommsActionConcern(concern_id=c.id, project_id=world.project.id))
        db.session.add(a)
    db.session.commit()


@pytest.mark.parametrize("who", ["programme_manager", "executive"])
def test_the_communication_plan_page_queries_do_not_grow_with_the_plan(world, login, db, who):
    client = login(world.users[who])
    url = f"/projects/{world.project.id}/communication/"
    _add_actions(world, db, 3, 0)
    small = _count(db, client, url)
    _add_actions(world, db, 27, 3)
    large = _count(db, client, url)
    assert large == small, f"{small} statements for 4 actions, {large} for 31"
