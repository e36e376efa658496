"""Projects, partner agencies and their terms, staff groups, governance, milestones, members."""
from flask import Blueprint

from fossdash.auth.models import Role
from fossdash.domains import Domain, Section, TopLink

bp = Blueprint("projects", __name__, url_prefix="/projects")

DOMAIN = Domain(
    name="projects",
    order=20,
    blueprints=[bp],
    models="fossdash.projects.models",
    project_nav=[
        Section("Overview", "projects.show"),
        Section("Partners and terms", "projects.partners"),
        Section("Compare terms", "projects.compare_terms"),
        Section("Staff groups", "projects.staff_groups"),
        Section("Governance", "projects.governance"),
        Section("Milestones", "projects.milestones"),
        Section("Members", "projects.members"),
    ],
    top_nav=[TopLink("Projects", "projects.index", order=10),
             TopLink("Partner agencies", "projects.agencies", order=20)],
    permissions={"terms": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR}},  # terms and conditions
    demo="fossdash.demo.projects",
    return_sheets="fossdash.projects.quarterly:sheets",
    routes=["fossdash.projects.views", "fossdash.projects.partners", "fossdash.projects.structure"],
)
