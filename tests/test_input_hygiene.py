"""Characters no column can hold (found by the security probe of 2026-12-04): a NUL anywhere in a
request is refused with a page that says so, before anything reads it (PostgreSQL would answer
500 and its error would log the whole anonymous answer); other control characters pasted into
text are taken out."""
from __future__ import annotations

from sqlalchemy import func, select


def test_a_nul_in_an_anonymous_answer_is_refused_and_nothing_is_held(db, world, client):
    from fossdash.surveys.models import HeldAnswer

    r = world.extra["surveys"]["round"]
    resp = client.post(f"/s/{world.ids['token']}/survey/{r.id}/answer",
                       data={"q1": "4", "q2": "3", "q3": "2", "q4": "5", "q5": "4", "recommend": "9",
                             "comment": "hello\x00world"})
    assert resp.status_code == 400
    assert "What was sent could not be read" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HeldAnswer)) == 0


def test_a_nul_in_a_sign_in_or_a_search_is_refused_not_an_error(world, client, login):
    resp = client.post("/login", data={"email": "pm@example.org\x00", "password": "x"})
    assert resp.status_code == 400 and "What was sent could not be read" in resp.get_data(as_text=True)
    pm = login(world.users["programme_manager"])
    assert pm.get(f"/projects/{world.project.id}/concerns/?q=a%00b").status_code == 400
    assert client.get(f"/s/{world.ids['token']}%00/").status_code in (400, 404)


def test_control_characters_pasted_into_text_are_taken_out(app):
    from fossdash.forms import _strip

    assert _strip("  Night\x0bshift\x07 rota\n") == "Nightshift rota"
    assert _strip("line one\nline two\tend") == "line one\nline two\tend"


def test_a_database_error_never_carries_the_values_sent(db):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as raised:
        with db.session.begin_nested():
            db.session.execute(text("SELECT * FROM no_such_table WHERE comment = :c"), {"c": "I work nights at Hexham"})
    assert "I work nights at Hexham" not in str(raised.value)
