"""The project home's "N concerns have waited more than the target days" opens the register on
exactly those concerns (the register's `waiting_before` filter), and says so."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta

from tests.concerns.helpers import concern


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_attention_link_lists_the_concerns_it_counts(world, login, db):
    from fossdash.concerns.models import Concern

    today = date.today()
    db.session.query(Concern).filter_by(project_id=world.project.id).delete()
    db.session.commit()
    concern(world.project, text="Waiting a month", raised_on=today - timedelta(days=30))
    concern(world.project, text="Being answered for three weeks", status="responding",
            raised_on=today - timedelta(days=20))
    concern(world.project, text="Raised this week", raised_on=today - timedelta(days=2))
    concern(world.project, text="Answered long ago", status="answered", raised_on=today - timedelta(days=40),
            answered_on=today - timedelta(days=35))
    pm = login(world.users["programme_manager"])
    home = pm.get(f"/projects/{world.project.id}/").text
    link = re.search(r'href="([^"]*waiting_before=[^"]*)"[^>]*>\s*2 concerns and questions have waited more than 10 days',
                     home)
    assert link, "the attention item links to the waiting concerns"
    register = _text(pm.get(html.unescape(link.group(1))).text)
    assert "Waiting a month" in register and "Being answered for three weeks" in register
    assert "Raised this week" not in register and "Answered long ago" not in register
    cutoff = today - timedelta(days=10)
    assert f"Showing only those waiting for an answer since before {cutoff.day} {cutoff.strftime('%B %Y')}" in register


def test_a_bad_waiting_date_is_ignored_like_any_filter(world, login):
    from fossdash.concerns.filters import Filters

    assert Filters.from_args({"waiting_before": "2026-13-40"}).waiting_before is None
    assert Filters.from_args({"waiting_before": "2026-11-24"}).args()["waiting_before"] == "2026-11-24"
    page = login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/concerns/?waiting_before=x")
    assert page.status_code == 200
