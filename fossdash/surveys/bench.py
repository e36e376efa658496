"""`flask bench` case for pulse surveys (Domain.bench): at scale 1.0, 500,000 answers over 100
projects and 12 rounds each, bulk inserted; then the trend page of one project, served through
the app as a signed-in executive, against the bare aggregate SQL it needs (the rounds and one
GROUP BY over their answers), measured side by side and printed as a ratio (target ≤ 2×)."""
from __future__ import annotations

import random
import secrets
import statistics
import time
from datetime import date, timedelta
from typing import Iterator

from sqlalchemy import insert, select, text

from fossdash.bench import ms, row

PROJECTS, ROUNDS, ANSWERS = 100, 12, 500_000
CHUNK = 10_000

BARE_SQL = """
SELECT round_id, agency_id, staff_group_id, count(*),
       sum(coalesce(q1, 0) + coalesce(q2, 0) + coalesce(q3, 0) + coalesce(q4, 0) + coalesce(q5, 0)),
       sum((q1 IS NOT NULL) + (q2 IS NOT NULL) + (q3 IS NOT NULL) + (q4 IS NOT NULL) + (q5 IS NOT NULL)),
       sum(recommend >= 9), sum(recommend <= 6), count(recommend)
FROM survey_answer WHERE round_id IN ({ids}) GROUP BY round_id, agency_id, staff_group_id
"""


def seed(projects: int, rounds: int, answers: int, rng: random.Random | None = None) -> list[int]:
    """`projects` projects with four partner agencies and four staff groups each, `rounds` rounds
    each a month apart, and `answers` answers spread evenly over the rounds (bulk inserts).
    Returns the project ids."""
    from fossdash.extensions import db
    from fossdash.projects.models import Agency, Milestone, Partnership, Project, StaffGroup
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    rng = rng or random.Random(9)
    agencies = []
    for i, kind in enumerate(["county_council", "district_council", "police", "jobcentre_plus"]):
        agency = Agency(name=f"Survey benchmark agency {i + 1} {secrets.token_hex(3)}", kind=kind)
        db.session.add(agency)
        agencies.append(agency)
    db.session.flush()
    start = date.today() - timedelta(days=30 * rounds)
    tag = secrets.token_hex(3)
    project_ids, round_keys = [], []  # (project, round, [(agency, group)])
    for p in range(projects):
        project = Project(name=f"Survey benchmark project {p + 1} {tag}", type="one_stop_shop", stage="live")
        db.session.add(project)
        db.session.flush()
        project_ids.append(project.id)
        cells = []
        for agency in agencies:
            db.session.add(Partnership(project_id=project.id, agency_id=agency.id))
            group = StaffGroup(project_id=project.id, agency_id=agency.id, name=f"Advisers of {agency.name}",
                               headcount=120)
            db.session.add(group)
            db.session.flush()
            cells.append((agency.id, group.id))
        db.session.add(Milestone(project_id=project.id, kind="opening", title="Building opens",
                                 on=start + timedelta(days=15 * rounds)))
        for r in range(rounds):
            opens = start + timedelta(days=30 * r)
            round_ = SurveyRound(project_id=project.id, title=f"Pulse {r + 1}", opens_on=opens,
                                 closes_on=opens + timedelta(days=13), own_items=[])
            db.session.add(round_)
            db.session.flush()
            round_keys.append((project.id, round_.id, opens, cells))
    db.session.commit()
    table = SurveyAnswer.__table__
    total = len(round_keys)
    batch: list[dict] = []
    for i in range(answers):
        pid, rid, opens, cells = round_keys[i * total // answers]
        agency_id, group_id = rng.choice(cells) if rng.random() > 0.1 else (None, None)
        mood = rng.randint(1, 5)
        batch.append({"id": secrets.token_hex(16), "project_id": pid, "round_id": rid,
                      "q1": mood, "q2": rng.randint(1, 5), "q3": mood, "q4": rng.randint(1, 5), "q5": mood,
                      "recommend": rng.randint(0, 10), "agency_id": agency_id, "staff_group_id": group_id,
                      "comment": None, "answered_on": opens + timedelta(days=rng.randint(0, 13)),
                      "comment_redacted": False, "illustrative": False})
        if len(batch) >= CHUNK:
            db.session.execute(insert(table), batch)
            batch = []
    if batch:
        db.session.execute(insert(table), batch)
    db.session.commit()
    return project_ids


def signed_in_client(app, role: str = "executive"):
    """A test client with a server-side session for a new user of `role`."""
    from fossdash.auth.models import User, UserSession
    from fossdash.extensions import db

    user = User(email=f"bench-{secrets.token_hex(4)}@example.invalid", name="Benchmark", role=role,
                password_hash="!")
    db.session.add(user)
    db.session.flush()
    session_row = UserSession(user_id=user.id)
    db.session.add(session_row)
    db.session.commit()
    # Over https: the session cookie is Secure (COOKIE_SECURE, on unless switched off).
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    with client.session_transaction(base_url="https://localhost") as s:
        s["sid"] = session_row.id
        s["_user_id"] = str(user.id)
        s["_fresh"] = True
        s.permanent = True
    return client


def trend_case(scale: float) -> Iterator[str]:
    from flask import current_app


    projects = max(1, round(PROJECTS * scale))
    answers = max(projects * ROUNDS, round(ANSWERS * scale))
    t0 = time.perf_counter()
    ids = seed(projects, ROUNDS, answers)
    took = time.perf_counter() - t0
    yield row(f"insert {answers:,} survey answers", ms(took), "",
              f"{projects} projects x {ROUNDS} rounds, {answers / took:,.0f} rows/s")
    per_project = answers // projects
    client = signed_in_client(current_app)
    yield from _measure(client, ids[len(ids) // 2], f"{per_project:,} answers in {ROUNDS} rounds")
    # The same page for one more project with ten times the answers: the rendering is a fixed
    # cost, so the ratio falls as a project's answers grow.
    big = seed(1, ROUNDS, per_project * 10)[0]
    yield from _measure(client, big, f"10x: {per_project * 10:,} answers in {ROUNDS} rounds", "  ")


def _measure(client, project_id: int, what: str, indent: str = "") -> Iterator[str]:
    from flask import current_app

    from fossdash.extensions import db
    from fossdash.surveys.models import SurveyRound

    url = f"/projects/{project_id}/surveys/"

    def get():
        # Each request in an app context of its own, as a server gives it: `g` (and the signed-in
        # user Flask-Login keeps there) starts empty, not left over from the benchmarks before.
        with current_app.app_context():
            return client.get(url)

    first = get()
    assert first.status_code == 200, (first.status_code, first.headers.get("Location"))
    assert b"Morale over time" in first.data

    def page() -> None:
        response = get()
        assert response.status_code == 200

    def bare() -> None:
        round_ids = list(db.session.scalars(select(SurveyRound.id).where(SurveyRound.project_id == project_id)
                                            .order_by(SurveyRound.opens_on, SurveyRound.id)))
        db.session.execute(text(BARE_SQL.format(ids=", ".join(str(i) for i in round_ids)))).fetchall()
        db.session.rollback()

    def data() -> None:  # what the page asks of the database, through the ORM, without rendering
        from fossdash.metrics.milestones import milestones
        from fossdash.projects.models import Project
        from fossdash.surveys.service import trend

        project = db.session.get(Project, project_id)
        trend(project)
        milestones(project_id)
        db.session.rollback()

    # Interleaved, so a busy machine slows all three alike: the median of 9 of each, wall and CPU
    # (the process's own time, which other processes on the machine do not inflate).
    times: dict = {page: [], data: [], bare: []}
    cpu: dict = {page: [], data: [], bare: []}
    for _ in range(9):
        for fn, out in times.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            out.append(time.perf_counter() - t0)
            cpu[fn].append(time.process_time() - c0)
    # The chart is drawn, and each round's table suppressed, once for the same figures
    # (charts.surveys._trend, metrics.suppression._suppress): the page when both are worked out
    # afresh, as after a release or on a worker's first view, for the record.
    from fossdash.charts.surveys import _trend
    from fossdash.metrics.suppression import _suppress

    fresh = []
    for _ in range(5):
        _trend.cache_clear()
        _suppress.cache_clear()
        c0 = time.process_time()
        page()
        fresh.append(time.process_time() - c0)
    page_t, data_t, bare_t = (statistics.median(times[fn]) for fn in (page, data, bare))
    page_c, data_c, bare_c = (statistics.median(cpu[fn]) for fn in (page, data, bare))
    yield row(f"{indent}survey trend page (one project)", ms(page_t), "", f"{what}; full request, median of 9")
    yield row(f"{indent}bare aggregate SQL, same answers", ms(bare_t), "", "rounds + one GROUP BY, median of 9")
    yield row(f"{indent}survey trend data (service.trend)", ms(data_t), "", "the page's queries, no rendering")
    yield row(f"{indent}  ratio page / bare SQL", f"{page_t / bare_t:.2f}x", "",
              f"wall; CPU {page_c / max(bare_c, 1e-9):.2f}x ({ms(page_c)} / {ms(bare_c)}); target <= 2x")
    yield row(f"{indent}  the page, nothing memoised", ms(statistics.median(fresh)), "",
              f"CPU, median of 5: {statistics.median(fresh) / max(bare_c, 1e-9):.2f}x the bare SQL's CPU")
    yield row(f"{indent}  ratio data / bare SQL", f"{data_t / bare_t:.2f}x", "",
              f"wall; CPU {data_c / max(bare_c, 1e-9):.2f}x; the rest of the page is fixed: tables, chart")


BENCH = {"surveys-trend": trend_case}
