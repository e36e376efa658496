"""Staff concerns, rumour-busting Q&A and the anonymous staff link."""
from flask import Blueprint

from fossdash.domains import Domain, Section

bp = Blueprint("concerns", __name__, url_prefix="/projects/<int:project_id>/concerns")
staff_bp = Blueprint("staff", __name__, url_prefix="/s")  # the anonymous staff pages


def _init_app(app) -> None:
    from fossdash.concerns.staff_views import init_app

    init_app(app)


DOMAIN = Domain(
    name="concerns",
    order=30,
    blueprints=[bp, staff_bp],
    models="fossdash.concerns.models",
    project_nav=[
        Section("Concerns", "concerns.index", group="voice"),
        Section("Questions and answers", "concerns.questions", group="voice"),
        Section("Staff link", "concerns.staff_link", permission="manage", group="voice"),
    ],
    demo="fossdash.demo.concerns",
    return_sheets="fossdash.concerns.quarterly:sheets",
    init_app=_init_app,
    attention="fossdash.concerns.service:attention",
    routes=["fossdash.concerns.views", "fossdash.concerns.staff_views"],
)
