"""Error pages: each says in plain words what happened, with the right status and headers."""
from __future__ import annotations


def test_405_has_its_own_page_and_keeps_the_allow_header(login):
    resp = login("hr").get("/logout")  # sign-out is a form (POST) only
    assert resp.status_code == 405
    assert "<title>This page cannot be used that way – fossdash</title>" in resp.text
    assert '<h1 class="govuk-heading-l">This page cannot be used that way</h1>' in resp.text
    assert "Nothing has been changed." in resp.text
    assert "Page not found" not in resp.text
    assert "POST" in {m.strip() for m in resp.headers["Allow"].split(",")}
    assert resp.mimetype == "text/html"


def test_405_for_someone_signed_out(client):
    resp = client.post("/accessibility")  # a public page that is only read
    assert resp.status_code == 405
    assert "<title>This page cannot be used that way – fossdash</title>" in resp.text
    allowed = {m.strip() for m in resp.headers["Allow"].split(",")}
    assert "GET" in allowed and "POST" not in allowed


def test_404_still_says_page_not_found(client):
    resp = client.get("/no/such/page")
    assert resp.status_code == 404
    assert "<title>Page not found – fossdash</title>" in resp.text
    assert "Allow" not in resp.headers
