"""Route expectations for the foundation's endpoints (see tests/route_matrix.py)."""
from tests.route_matrix import OK, everyone, only, public

ROUTES = {
    "static": {"GET": public(200)},
    "pages.home": {"GET": everyone(200)},
    "pages.accessibility": {"GET": public(200)},
    "pages.healthz": {"GET": public(200)},
    "auth.login": {"GET": {**public(200), **{w: 302 for w in ("admin", "programme_manager", "hr", "union_rep", "executive", "outsider")}},
                   "POST": public(200)},
    "auth.logout": {"POST": everyone(302)},
    "auth.keep_alive": {"POST": everyone(204)},
    "auth.change_password": {"GET": everyone(200), "POST": everyone(200)},
    "auth.users": {"GET": only("admin")},
    "auth.new_user": {"GET": only("admin"), "POST": only("admin", ok=200)},
    "auth.edit_user": {"GET": only("admin"), "POST": only("admin", ok=OK)},
    "auth.audit_log": {"GET": only("admin")},
}
