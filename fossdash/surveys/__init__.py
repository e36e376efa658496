"""Pulse surveys: rounds a programme manager opens, answered anonymously through the staff link,
and results that keep the anonymity threshold k."""
from flask import Blueprint

from fossdash.domains import Domain, Section

bp = Blueprint("surveys", __name__, url_prefix="/projects/<int:project_id>/surveys")
staff_bp = Blueprint("survey_staff", __name__, url_prefix="/s")  # anonymous, behind the staff link


def _init_app(app) -> None:
    from fossdash.surveys.staff_views import init_app

    init_app(app)


DOMAIN = Domain(
    name="surveys",
    order=35,
    blueprints=[bp, staff_bp],
    models="fossdash.surveys.models",
    project_nav=[Section("Pulse surveys", "surveys.index", group="voice")],
    entity_labels={"survey_round": "Survey round", "survey_answer": "Survey answer"},
    action_labels={"release": "Released", "redact": "Redacted", "codes": "Answer codes made"},
    demo="fossdash.demo.surveys",
    attention="fossdash.surveys.service:attention",
    bench="fossdash.surveys.bench:BENCH",
    init_app=_init_app,
    routes=["fossdash.surveys.views", "fossdash.surveys.staff_views"],
    return_sheets="fossdash.surveys.quarterly:sheets",
)
