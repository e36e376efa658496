"""The portfolio pages: the heatmap with the verdicts, and the trends (charts with their tables).
Read only: every signed-in user may open them and sees only the projects they may read."""
from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from fossdash.charts import portfolio as portfolio_charts
from fossdash.navigation import project_urls
from fossdash.portfolio import bp, service, trends


def _today() -> date:
    return date.today()


@bp.route("/")
def index():
    data = service.portfolio(current_user, _today(), stage=request.args.get("stage") or None,
                             type_=request.args.get("type") or None, sort=request.args.get("sort", "name"),
                             order=request.args.get("order", "asc"))
    link = project_urls()
    return render_template("portfolio/index.html", p=data, sorts=service.SORTS, dimensions=service.DIMENSIONS,
                           link=link, evidence=_evidence_cells(data.rows, link))


def _evidence_cells(rows, link) -> list[list[tuple | None]]:
    """The evidence table's cells, each (address, score, rating, what it is, working) or None
    for no evidence: worked out here once, so the template writes each of 600 cells plainly."""
    return [[(link(c.endpoint, row.project.id), f"{c.score:.0f}", c.rag.word.lower(), c.label.lower(), c.working)
             if c.score is not None else None for c in row.components] for row in rows]


@bp.route("/trends")
def trends_page():
    stage = request.args.get("stage") or None
    type_ = request.args.get("type") or None
    project_id = request.args.get("project", "")
    data = trends.trends(current_user, _today(), stage=stage, type_=type_,
                         project_id=int(project_id) if project_id.isdigit() else None)
    charts = {}
    if data.projects:
        charts = {
            "index_chart": portfolio_charts.index_chart(data.projects, data.quarters, data.index, data.marks),
            "morale_chart": portfolio_charts.morale_chart(data.rounds, data.marks, data.projects) if data.rounds else None,
            "concerns_chart": (portfolio_charts.concerns_chart(data.concern_quarters, data.concerns, data.marks)
                               if data.concerns else None),
        }
    return render_template("portfolio/trends.html", t=data, **charts)
