"""Executives land on the portfolio after signing in; everyone else on the home page, which
leads to the portfolio from the service navigation. A `next` address still wins."""
import pytest


@pytest.mark.parametrize("role, landing", [
    ("executive", "/portfolio/"), ("admin", "/"), ("programme_manager", "/"), ("union_rep", "/"),
])
def test_where_a_sign_in_lands(app, client, make, role, landing):
    user = make.user(role)
    resp = client.post("/login", data={"email": user.email, "password": make.PASSWORD})
    assert resp.status_code == 302 and resp.headers["Location"] == landing
    page = client.get(landing)
    assert page.status_code == 200
    assert 'href="/portfolio/"' in page.get_data(as_text=True)  # the top navigation's Portfolio link


def test_an_executive_following_a_link_lands_where_it_pointed(app, client, make):
    user = make.user("executive")
    resp = client.post("/login?next=/projects/", data={"email": user.email, "password": make.PASSWORD})
    assert resp.headers["Location"] == "/projects/"
