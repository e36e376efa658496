"""Accounts, sign-in, sessions, roles and project memberships; the admin pages."""
from fossdash.domains import Domain, TopLink


def _init_app(app) -> None:
    from fossdash.auth import views

    app.register_blueprint(views.bp)
    views.init_app(app)


# The blueprint is registered by _init_app: fossdash.security imports auth.models, so this package
# must not import its views (which import security) when it is first imported.
DOMAIN = Domain(
    name="auth",
    order=10,
    models="fossdash.auth.models",
    top_nav=[TopLink("Users", "auth.users", roles=("admin",), order=80),
             TopLink("Audit log", "auth.audit_log", roles=("admin",), order=90)],
    demo="fossdash.demo.users",
    init_app=_init_app,
)
