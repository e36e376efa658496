"""The portfolio as the demo shows it: a mix of shares of concerns answered in time (not 0% for
every project), Kent flagged on communication, Braintree's barrier at desire, and a wide page
so the heatmap's ten columns fit a desktop."""
from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from tests.conftest import signed_in_client


def test_the_demo_portfolio_shows_a_mix_of_in_time_shares_and_the_stories(app, db):
    from fossdash.auth.models import User
    from fossdash.demo import load_all

    load_all("demo-password-for-tests")
    executive = db.session.scalar(select(User).filter_by(email="exec@fossdash.example"))
    page = signed_in_client(app, executive).get("/portfolio/")
    assert page.status_code == 200
    html = unescape(page.get_data(as_text=True))
    found = [(int(a), int(b)) for a, b in re.findall(r"(\d+) of (\d+) concerns? answered within 10 days", html)]
    assert len(found) == 8  # every case study with concerns
    shares = {round(a / b, 2) for a, b in found}
    assert len(shares) >= 5 and 0.0 not in shares  # a mix, and no project shows 0% in time
    assert sum(a for a, _ in found) > sum(b for _, b in found) / 2  # most answered in time overall
    assert "Kent Gateway, Ashford: communication self-assessed green" in html
    assert "Braintree Children's Trust: ADKAR barrier at desire" in html
    assert re.search(r'<body class="govuk-template__body[^"]*\bapp-page--wide\b', html)  # the wide layout
    assert "data-app-scroll-region" in html  # still scrolls sideways on a phone


def test_only_the_portfolio_pages_are_wide(app, db, world):
    client = signed_in_client(app, world.users["admin"])
    assert "app-page--wide" in client.get("/portfolio/trends").get_data(as_text=True)
    assert "app-page--wide" not in client.get(f"/projects/{world.project.id}/").get_data(as_text=True)
