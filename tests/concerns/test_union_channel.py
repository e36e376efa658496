"""A person's union membership is special category data that nothing records: a concern raised
through the union never carries the name of the person who raised it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.concerns.helpers import concern, valid_concern_form

MESSAGE = ("Do not record a name for a concern raised through the union: it would record the person’s "
           "union membership")


def _url(world, path=""):
    return f"/projects/{world.project.id}/concerns/{path}"


def _count(db):
    from fossdash.concerns.models import Concern

    return db.session.scalar(select(func.count(Concern.id)))


def test_a_named_concern_through_the_union_is_refused_and_nothing_is_saved(app, db, world, login):
    pm = login(world.users["programme_manager"])
    before = _count(db)
    resp = pm.post(_url(world, "new"), data=valid_concern_form(channel="union", raised_by="Carol Jennings"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "There is a problem" in page
    assert MESSAGE in page
    assert 'href="#raised_by"' in page  # the error summary links to the name box
    assert _count(db) == before
    # Without the name it is logged; a name through any other channel is fine.
    assert pm.post(_url(world, "new"), data=valid_concern_form(channel="union", raised_by="")).status_code == 302
    assert pm.post(_url(world, "new"), data=valid_concern_form(channel="briefing", raised_by="Carol Jennings")
                   ).status_code == 302
    assert _count(db) == before + 2


def test_editing_cannot_add_a_name_to_a_union_concern_or_move_a_named_one_to_the_union(app, db, world, login):
    from fossdash.concerns.models import Concern

    pm = login(world.users["programme_manager"])
    union = concern(world.project, channel="union", text="Raised at the branch meeting", raised_by=None)
    named = concern(world.project, channel="briefing", text="Raised at the briefing", raised_by="Sam Named")
    for c, change in ((union, {"raised_by": "Sam Named", "channel": "union"}),
                      (named, {"raised_by": "Sam Named", "channel": "union"})):
        resp = pm.post(_url(world, f"{c.id}/edit"),
                       data=valid_concern_form(text=c.text, version=str(c.version), **change))
        assert resp.status_code == 200 and "There is a problem" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Concern, union.id).raised_by is None
    assert db.session.get(Concern, named.id).channel == "briefing"
    # Taking the name off is how it is put right.
    resp = pm.post(_url(world, f"{named.id}/edit"),
                   data=valid_concern_form(text=named.text, version=str(named.version), channel="union", raised_by=""))
    assert resp.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Concern, named.id)
    assert (saved.channel, saved.raised_by) == ("union", None)


def test_the_form_says_so_before_anyone_types_a_name(world, login):
    page = login(world.users["programme_manager"]).get(_url(world, "new")).get_data(as_text=True)
    assert "always for one raised through the union (a name would record their union membership)" in page


def test_the_service_refuses_it_too(app, world):
    from fossdash.concerns import service

    with pytest.raises(ValueError, match="union membership"):
        service.log_concern(world.project, {"kind": "concern", "category": "other", "channel": "union",
                                            "text": "x", "raised_on": None, "raised_by": "Named Person"})
    c = concern(world.project, channel="briefing", raised_by="Named Person")
    with pytest.raises(ValueError, match="union membership"):
        service.update_concern(c, {"channel": "union"})
    assert service.raiser_problem("union", "  ") is None and service.raiser_problem("briefing", "Pat") is None
