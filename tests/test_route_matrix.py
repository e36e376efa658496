"""Every route × every role, generated from the URL map: a route with no expectation fails."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from tests.conftest import signed_in_client
from tests.route_matrix import OK
from tests.world import WHO


def _expectations() -> dict:
    out = dict(importlib.import_module("tests.routes").ROUTES)
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "routes.py").exists():
            out.update(importlib.import_module(f"tests.{info.name}.routes").ROUTES)
    return out


EXPECTED = _expectations()


def _url_map_routes():
    from fossdash import create_app
    from tests.conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, rule.rule))
    return out


ROUTES = _url_map_routes()


def test_every_route_has_expectations():
    missing = [f"{m} {r} ({e})" for e, m, r in ROUTES if m not in EXPECTED.get(e, {})]
    assert not missing, "routes with no expectation in tests/**/routes.py:\n" + "\n".join(missing)
    for endpoint, methods in EXPECTED.items():
        for method, spec in methods.items():
            assert set(spec) == set(WHO), f"{method} {endpoint}: expectation must name each of {WHO}"


def _url(app, rule_text, endpoint, ids):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule_text)
    if endpoint == "static":
        return "/static/favicon.svg"
    missing = [a for a in rule.arguments if a not in ids]
    assert not missing, f"world.ids has no value for {missing} (needed by {rule_text}): add it in a world_part"
    return rule.build({a: ids[a] for a in rule.arguments}, append_unknown=False)[1]


def _check(status, expected, label):
    if expected == OK:
        assert status < 400 or status == 409, f"{label}: expected success, got {status}"
    else:
        assert status == expected, f"{label}: expected {expected}, got {status}"


def _client(app, world, who):
    if who == "anonymous":
        return app.test_client()
    return signed_in_client(app, world.users[who])


@pytest.mark.parametrize("endpoint,method,rule", [r for r in ROUTES if r[1] == "GET"],
                         ids=lambda v: v if isinstance(v, str) else None)
def test_get(app, world, endpoint, method, rule):
    spec = EXPECTED.get(endpoint, {}).get(method)
    if spec is None:
        pytest.fail(f"no expectation for {method} {rule}")
    url = _url(app, rule, endpoint, world.ids)
    for who in WHO:
        resp = _client(app, world, who).get(url)
        _check(resp.status_code, spec[who], f"GET {url} as {who}")


@pytest.mark.parametrize("endpoint,method,rule", [r for r in ROUTES if r[1] != "GET"],
                         ids=lambda v: v if isinstance(v, str) else None)
@pytest.mark.parametrize("who", WHO)
def test_post(app, world, endpoint, method, rule, who):
    """A forged POST (no form data) by each role, on the world; each case is rolled back."""
    spec = EXPECTED.get(endpoint, {}).get(method)
    if spec is None:
        pytest.fail(f"no expectation for {method} {rule}")
    url = _url(app, rule, endpoint, world.ids)
    resp = _client(app, world, who).open(url, method=method, data={})
    _check(resp.status_code, spec[who], f"{method} {url} as {who}")
