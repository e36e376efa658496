"""Readiness: dated self-assessments (FOSS key learning points or ADKAR) beside the evidence the
records give, divergence flags, history, the project dashboard's readiness panel and the
readiness sheet of the quarterly return."""
from flask import Blueprint

from fossdash.domains import Domain, HomePanel, Section
from fossdash.security import Role



def _init_app(app) -> None:
    """RAG for templates (the project home's panel is drawn outside this blueprint)."""
    from fossdash.metrics import readiness as rules

    app.jinja_env.globals.update(rag_of=rules.rag, evidence_rag_of=rules.evidence_rag)


bp = Blueprint("readiness", __name__, url_prefix="/projects/<int:project_id>/readiness")

DOMAIN = Domain(
    name="readiness",
    order=80,
    blueprints=[bp],
    models="fossdash.readiness.models",
    project_nav=[Section("Readiness", "readiness.index", group="measures")],
    permissions={"assess": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR}},
    entity_labels={
        "readiness_assessment": "Readiness assessment",
        "readiness_score": "Readiness score",
        "readiness_settings": "Readiness settings",
    },
    demo="fossdash.demo.readiness",
    routes=["fossdash.readiness.views"],
    home_panels=[HomePanel("readiness/_home_panel.html", "fossdash.readiness.service:home_panel", order=10)],
    attention="fossdash.readiness.service:attention",
    return_sheets="fossdash.readiness.quarterly:sheets",
    init_app=_init_app,
)
