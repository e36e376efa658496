"""fossdash: the people side of front-office shared services."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    instance = Path(os.environ.get("FOSSDASH_INSTANCE_PATH", ROOT / "instance")).resolve()
    app = Flask(
        __name__,
        instance_path=str(instance),
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    from fossdash import config

    app.config.update(config.load(instance, overrides))
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "No secret key: set SECRET_KEY, or create instance/secret_key (`make run` does this)."
        )
    if app.config["TRUST_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUST_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from fossdash.text import redact_logs

    redact_logs()

    _extensions(app)
    from fossdash import cli, domains, templating

    domains.init_app(app)  # every domain's blueprints, permissions and audit words

    templating.init_app(app)
    cli.init_app(app)
    return app


def _extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from fossdash import audit, database, once, security
    from fossdash.extensions import csrf, db, limiter, login_manager, migrate

    from fossdash import domains

    domains.load_models()
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    security.init_app(app)
    audit.install()
    once.init_app(app)

