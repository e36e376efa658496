"""The portfolio page and the project dashboard (project home) run the same number of SQL
statements at 1x and 10x the data: no query per project or per record."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

TODAY = date(2027, 2, 1)


@contextmanager
def counted(db):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _statements(client, db, url: str) -> list[str]:
    client.get(url)  # warm: the session's user, project roles and caches as on any later request
    db.session.expire_all()
    with counted(db) as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return list(seen)


def _sizes(times: int, projects: int):
    from fossdash.portfolio.seed import Sizes

    return Sizes(projects=projects, agencies=3 * projects, concerns=40 * times * projects,
                 answers=60 * times * projects, sessions=4 * times * projects, actions=10 * times * projects,
                 rounds_per_project=2, assessments_per_project=2 * times)


def test_the_portfolio_page_runs_the_same_queries_for_1x_and_10x_projects_and_records(app, db, login, monkeypatch):
    from fossdash.portfolio import views
    from fossdash.portfolio.seed import seed

    monkeypatch.setattr(views, "_today", lambda: TODAY)
    client = login("executive")
    seed(_sizes(1, 2), TODAY, prefix="One")
    one = _statements(client, db, "/portfolio/")
    seed(_sizes(10, 18), TODAY, seed_value=9, prefix="Ten")  # now 20 projects, 10x the records
    ten = _statements(client, db, "/portfolio/")
    assert "Ten project 018" in client.get("/portfolio/").get_data(as_text=True)
    assert len(one) == len(ten), "\n".join(ten)
    assert len(ten) < 30  # a handful per table, not one per project


def test_the_trends_page_runs_the_same_queries_for_1x_and_10x(app, db, login):
    from fossdash.portfolio.seed import seed

    client = login("executive")
    seed(_sizes(1, 2), date.today(), prefix="One")
    one = _statements(client, db, "/portfolio/trends")
    seed(_sizes(10, 18), date.today(), seed_value=9, prefix="Ten")
    ten = _statements(client, db, "/portfolio/trends")
    assert len(one) == len(ten)


def test_the_project_dashboard_runs_the_same_queries_for_1x_and_10x_records(app, db, login):
    from fossdash.portfolio.seed import seed

    client = login("executive")
    small = seed(_sizes(1, 1), date.today(), prefix="Small")[0]
    big = seed(_sizes(10, 1), date.today(), seed_value=9, prefix="Big")[0]
    one = _statements(client, db, f"/projects/{small}/")
    ten = _statements(client, db, f"/projects/{big}/")
    assert len(one) == len(ten), "\n".join(ten)
