"""Projects (to be built out by issue 3): list and project home page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from fossdash.projects.service import projects_visible_to
from fossdash.security import project_for

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.route("/")
def index():
    return render_template("projects/index.html", projects=projects_visible_to(current_user))


@bp.route("/<int:project_id>/")
def show(project_id: int):
    project = project_for(project_id)
    return render_template("projects/show.html", project=project)


@bp.route("/agencies/")
def agencies():
    return render_template("projects/index.html", projects=[])
