"""The trend page runs the same number of queries whatever the data size (the speed itself is
measured by `flask bench`, not here)."""
from __future__ import annotations

import random

from sqlalchemy import event


def _queries(db, client, url) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    db.session.expire_all()  # the tests share one session: start each page from nothing loaded
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200 and b"Morale over time" in response.data
    return len(seen)


def test_the_trend_page_runs_the_same_queries_at_1x_and_10x_data(app, db, login):
    from fossdash.surveys.bench import seed

    small = seed(1, 3, 60, random.Random(1))[0]  # 1x: 3 rounds, 60 answers
    big = seed(1, 30, 600, random.Random(2))[0]  # 10x: 30 rounds, 600 answers
    client = login("admin")
    for pid in (small, big):
        client.get(f"/projects/{pid}/surveys/")  # warm: first-request work is not the page's
    assert _queries(db, client, f"/projects/{small}/surveys/") == _queries(db, client, f"/projects/{big}/surveys/")


def test_rounds_closing_within_a_week_need_attention(app, db, world):
    from datetime import date, timedelta

    from fossdash.surveys.models import SurveyRound
    from fossdash.surveys.service import attention

    today = date.today()
    r = world.extra["surveys"]["round"]  # closes in ten days: not yet
    assert attention(world.project, today) == []
    r.closes_on = today + timedelta(days=3)
    db.session.add(SurveyRound(project_id=world.project.id, title="Closed pulse", opens_on=today - timedelta(days=30),
                               closes_on=today - timedelta(days=1), own_items=[]))
    db.session.commit()
    items = attention(world.project, today)
    assert [i.text for i in items] == ["Survey round “Spring pulse” closes in 3 days: remind staff to answer"]
    assert items[0].endpoint == "surveys.show" and items[0].params["round_id"] == r.id


def test_the_bench_case_prints_the_trend_page_against_the_bare_sql(backend):
    """A tiny `flask bench --only surveys`: it seeds, serves the page signed in, and prints the ratio."""
    from fossdash import bench

    if backend != "sqlite":
        return
    text = "\n".join(bench.run(n_concerns=10, only="surveys", scale=0.002))
    assert "insert 1,000 survey answers" in text and "1 projects x 12 rounds" in text
    assert "survey trend page (one project)" in text and "bare aggregate SQL" in text
    assert "ratio page / bare SQL" in text and "target <= 2x" in text
