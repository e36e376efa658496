"""What needs attention on a crafted project: late concerns and grading issues stuck in one state."""
from datetime import date, datetime

from fossdash import domains

TODAY = date(2007, 6, 30)


def test_attention_lists_late_concerns_and_stuck_grading(app, db, make):
    from fossdash.concerns.models import Concern
    from fossdash.grading.models import GradingIssue

    project = make.project()
    assert domains.attention(project, TODAY) == []
    for raised, status in [(date(2007, 6, 1), "open"), (date(2007, 6, 10), "responding"),
                           (date(2007, 6, 25), "open"), (date(2007, 5, 1), "answered")]:
        db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                               raised_on=raised, status=status))
    db.session.add_all([
        GradingIssue(project_id=project.id, role_title="A", status="hr_review", status_changed_at=datetime(2007, 5, 1)),
        GradingIssue(project_id=project.id, role_title="B", status="hr_review", status_changed_at=datetime(2007, 6, 20)),
        GradingIssue(project_id=project.id, role_title="C", status="agreed", status_changed_at=datetime(2007, 1, 1)),
    ])
    db.session.commit()
    texts = [a.text for a in domains.attention(project, TODAY)]
    assert "2 concerns and questions have waited more than 10 days for an answer" in texts
    assert "1 grading issue has been in one state for more than 30 days" in texts


def test_project_home_shows_what_needs_attention_to_an_executive(app, db, make, login):
    from fossdash.concerns.models import Concern

    project = make.project()
    client = login("executive")
    page = client.get(f"/projects/{project.id}/").get_data(as_text=True)
    assert "What needs attention" in page and "Nothing needs attention today." in page
    db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                           raised_on=date(2000, 1, 1), status="open"))
    db.session.commit()
    page = client.get(f"/projects/{project.id}/").get_data(as_text=True)
    assert "1 concern or question has waited more than 10 days for an answer" in page
    assert f'href="/projects/{project.id}/concerns/"' in page
