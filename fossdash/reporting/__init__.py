"""Returns: the quarterly Excel return of a project (built from every domain's `return_sheets`),
submitting it (the exact file kept), the portfolio return for executives, import templates and
imports, and the background jobs (huey) that run long work with a progress page.

The sheets themselves are written by fossdash/returns/ (quarterly.py is the mechanism and says how
a domain adds its sheet); imports are in importing.py (how a domain adds an importer)."""
from flask import Blueprint

from fossdash.auth.models import Role
from fossdash.domains import Domain, Section, TopLink

bp = Blueprint("reporting", __name__)

DOMAIN = Domain(
    name="reporting",
    order=90,
    blueprints=[bp],
    models="fossdash.reporting.models",
    project_nav=[Section("Returns", "reporting.index", group="returns"),
                 Section("Import records", "reporting.imports", permission="manage", group="returns")],
    top_nav=[TopLink("Portfolio return", "reporting.portfolio", roles=("admin", "executive"), order=60)],
    permissions={
        "submit_return": {Role.ADMIN, Role.PROGRAMME_MANAGER},
        # A submitted return was made by a manager and may hold who raised a named concern: only
        # roles that may see that read it back (never union reps).
        "read_submitted": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.EXECUTIVE},
    },
    entity_labels={"submitted_return": "Submitted return", "return_settings": "Return settings",
                   "import_batch": "Import", "job": "Background job"},
    action_labels={"submit": "Submitted", "import": "Imported"},
    init_app=lambda app: __import__("fossdash.reporting.jobs", fromlist=["init_app"]).init_app(app),
    routes=["fossdash.reporting.views", "fossdash.reporting.job_views", "fossdash.reporting.import_views"],
    bench="fossdash.reporting.bench:BENCH",  # the survey import, and the return (fossdash.returns.bench)
)
