"""Grading issues (Single Status): register, workflow, union position, decision, timeline."""
from flask import Blueprint

from fossdash.auth.models import Role
from fossdash.domains import Domain, Section, TopLink

bp = Blueprint("grading", __name__)

DOMAIN = Domain(
    name="grading",
    order=40,
    blueprints=[bp],
    models="fossdash.grading.models",
    project_nav=[Section("Grading register", "grading.index", group="grading")],
    top_nav=[TopLink("Grading", "grading.queue", order=30,
                     roles=("admin", "hr", "union_rep", "programme_manager", "executive"))],
    permissions={
        "grading": {Role.ADMIN, Role.HR},  # the grading register
        "union_position": {Role.UNION_REP},  # only union reps set the union's position
        "comment": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.UNION_REP},
        # Exporting the register: union reps too (they negotiate Single Status); the register
        # names no one who raised a concern.
        "grading_export": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.EXECUTIVE, Role.UNION_REP},
    },
    entity_labels={
        "grading_issue": "Grading issue", "grading_issue_group": "Grading issue staff group",
        "grading_agency_row": "Grading agency terms", "grading_evaluation": "Job evaluation",
        "grading_union_position": "Union position", "grading_decision": "Grading decision",
        "grading_transition": "Grading move", "grading_comment": "Grading comment",
    },
    demo="fossdash.demo.grading",
    attention="fossdash.grading.queue:attention",
    return_sheets="fossdash.grading.quarterly:sheets",
    routes=["fossdash.grading.views", "fossdash.grading.workflow_views"],
)
