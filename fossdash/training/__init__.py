"""Training plans: courses, sessions, attendance per staff group, coverage and staff-days away."""
from flask import Blueprint

from fossdash.auth.models import Role
from fossdash.domains import Domain, HomePanel, Section

bp = Blueprint("training", __name__, url_prefix="/projects")


def _init_app(app) -> None:
    from fossdash.training.service import staff_group_coverage

    app.add_template_global(staff_group_coverage, "training_coverage")

DOMAIN = Domain(
    name="training",
    order=60,
    blueprints=[bp],
    models="fossdash.training.models",
    project_nav=[Section("Training plan", "training.index", group="change")],
    # HR and programme managers of the project plan training and record attendance.
    permissions={"train": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR}},
    entity_labels={
        "training_course": "Training course", "training_target": "Training course staff group",
        "training_session": "Training session", "training_attendance": "Training attendance",
    },
    home_panels=[HomePanel("training/_home_panel.html", "fossdash.training.service:home_panel", order=60)],
    attention="fossdash.training.service:attention",
    demo="fossdash.demo.training",
    init_app=_init_app,
    routes=["fossdash.training.views"],
    return_sheets="fossdash.training.quarterly:sheets",
)
