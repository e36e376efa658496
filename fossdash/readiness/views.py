"""Readiness pages."""
from __future__ import annotations

from flask import render_template

from fossdash.readiness import bp
from fossdash.security import project_route


@project_route(bp, "/")
def index(project):
    return render_template("readiness/index.html", project=project, assessments=[])
