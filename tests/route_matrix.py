"""Helpers for route expectations. Each domain lists its endpoints in `tests/<domain>/routes.py`
as `ROUTES = {endpoint: {"GET": spec, "POST": spec}}`; a spec maps every `who` in
tests.world.WHO to a status (an int, or OK meaning any success: 2xx, 3xx or 409 conflict).
"""
from __future__ import annotations

from tests.world import WHO

OK = "ok"
SIGNED_IN = [w for w in WHO if w != "anonymous"]


def public(status=200) -> dict:
    return {w: status for w in WHO}


def everyone(status=200) -> dict:
    """Any signed-in user; anonymous is sent to sign in."""
    return {"anonymous": 302, **{w: status for w in SIGNED_IN}}


def only(*whos: str, ok=200, other=403) -> dict:
    """Account-role routes (admin pages): listed roles get `ok`, other signed-in users `other`."""
    return {"anonymous": 302, **{w: (ok if w in whos else other) for w in SIGNED_IN}}


def project(*whos: str, ok=200, other=403) -> dict:
    """Project-scoped routes on the world's project Alpha. Members and readers not listed get
    `other` (403); `outsider` is not a member of Alpha and always gets 404."""
    spec = only(*whos, ok=ok, other=other)
    spec["outsider"] = 404
    return spec


READERS = ("admin", "programme_manager", "hr", "union_rep", "executive")
WRITERS = ("admin", "programme_manager")
