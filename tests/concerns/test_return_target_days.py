"""The return's concerns sheet counts a response as on time by the project's own target days (its
readiness setting, 10 unless changed), as the project home and the readiness evidence do; it
used to count 20 days whatever the project said."""
from __future__ import annotations

from datetime import date, timedelta

Q_START = date(2007, 1, 8)


def _ctx(db, world):
    from fossdash.returns.periods import ReturnQuarter
    from fossdash.returns.quarterly import ReturnContext

    return ReturnContext(project=world.project, quarter=ReturnQuarter.of(Q_START), prepared_by="Test",
                         prepared_on=date(2026, 12, 1), can=lambda perm: True, session=db.session,
                         k=world.project.anonymity_k)


def _concerns(db, world, days_to_answer):
    from fossdash.concerns.models import Concern

    for i, days in enumerate(days_to_answer):
        raised = Q_START + timedelta(days=i)
        db.session.add(Concern(project_id=world.project.id, kind="concern", category="workload",
                               channel="briefing", text=f"Rota question {i}", raised_on=raised,
                               status="answered", answered_on=raised + timedelta(days=days)))
    db.session.commit()


def test_on_time_means_the_projects_target_days(db, world):
    from fossdash.concerns import quarterly
    from fossdash.readiness.models import ReadinessSettings

    _concerns(db, world, [9, 10, 12, 20, 25])
    figures = quarterly.figures(_ctx(db, world))
    last = figures["trend"][-1]  # (quarter, raised, answered, on time, share) of the return's quarter
    assert figures["target_days"] == 10 and last[1:4] == (6, 5, 2)  # 9 and 10 days; the world's own concern is unanswered
    db.session.add(ReadinessSettings(project_id=world.project.id, target_days=20))
    db.session.commit()
    figures = quarterly.figures(_ctx(db, world))
    assert figures["target_days"] == 20 and figures["trend"][-1][1:4] == (6, 5, 4)  # all but 25 days


def test_the_sheet_and_the_portfolio_row_name_the_target(db, world):
    from fossdash.concerns import quarterly
    from fossdash.readiness.models import ReadinessSettings

    _concerns(db, world, [3, 14])
    db.session.add(ReadinessSettings(project_id=world.project.id, target_days=15))
    db.session.commit()
    ctx = _ctx(db, world)
    sheet = quarterly.sheets(ctx)[0]
    trend = next(t for t in sheet.tables if t.title.startswith("Concerns raised per quarter"))
    assert [c.header for c in trend.columns][3] == "Answered within 15 days"
    rows = {measure: value for _dim, measure, value, _fmt in quarterly.portfolio(ctx)}
    assert rows["Answered within the project's target of 15 days"] == 2
