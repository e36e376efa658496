"""The communication plan: actions per project with the FOSS paper's techniques, the concerns
each answers, and the project's communications lead."""
from flask import Blueprint

from fossdash.domains import Domain, HomePanel, Section

bp = Blueprint("comms", __name__, url_prefix="/projects/<int:project_id>/communication")

DOMAIN = Domain(
    name="comms",
    order=65,
    blueprints=[bp],
    models="fossdash.comms.models",
    project_nav=[Section("Communication plan", "comms.index", group="change")],
    entity_labels={
        "comms_action": "Communication action",
        "comms_action_concern": "Concern answered by a communication action",
        "comms_settings": "Communications lead",
    },
    demo="fossdash.demo.comms",
    routes=["fossdash.comms.views"],
    return_sheets="fossdash.comms.quarterly:sheets",
    home_panels=[HomePanel("comms/_home_panel.html", "fossdash.comms.service:home_panel", order=40)],
    attention="fossdash.comms.service:attention",
)
