"""Shared Solutions workshops: service users and frontline staff find the priorities they share.
The facilitator prepares the day, captures it as it happens (priorities, scores, guesses, mood,
quotes), and the programme tracks the actions agreed."""
from flask import Blueprint

from fossdash.domains import Domain, HomePanel, Section

bp = Blueprint("workshops", __name__, url_prefix="/projects/<int:project_id>/workshops")

DOMAIN = Domain(
    name="workshops",
    order=70,
    blueprints=[bp],
    models="fossdash.workshops.models",
    project_nav=[Section("Shared Solutions workshops", "workshops.index", group="workshops")],
    entity_labels={
        "workshop": "Workshop",
        "workshop_group": "Workshop group",
        "workshop_priority": "Workshop priority",
        "workshop_score": "Workshop score",
        "workshop_guess": "Workshop guess",
        "workshop_mood": "Workshop mood count",
        "workshop_quote": "Workshop quote",
        "workshop_action": "Workshop agreed action",
    },
    demo="fossdash.demo.workshops",
    routes=["fossdash.workshops.views"],
    bench="fossdash.workshops.bench:BENCH",
    attention="fossdash.workshops.service:attention",
    home_panels=[HomePanel("workshops/_home_panel.html", "fossdash.workshops.service:home_panel", order=70)],
)
