"""The portfolio return for executives: one row per project per dimension for a quarter, made as a
background job (a portfolio of 100 projects must not hold up a request).

A dimension is a domain's: a domain whose `return_sheets` module also has
`portfolio(ctx) -> list[(dimension, measure, value, kind)]` adds its rows (kind "int", "percent",
"money2", "date" or "text"). Concerns, grading, milestones, training, communication and morale do.
"""
from __future__ import annotations

import importlib
from datetime import date

from sqlalchemy import select

from fossdash import audit
from fossdash.extensions import db
from fossdash.reporting import jobs
from fossdash.returns import quarterly
from fossdash.returns.periods import ReturnQuarter
from fossdash.returns.xlsx import Column

COLUMNS = [Column("Project", "text", 34), Column("Lead body", "text", 28), Column("Stage", "text", 14),
           Column("Dimension", "text", 16), Column("Measure", "text", 44), Column("Figure", "number", 14),
           Column("Figure (words)", "text", 22)]


def providers() -> list:
    from fossdash import domains

    out = []
    for domain in domains.discover():
        if not domain.return_sheets:
            continue
        module = importlib.import_module(domain.return_sheets.partition(":")[0])
        fn = getattr(module, "portfolio", None)
        if fn is not None:
            out.append(fn)
    return out


def project_rows(ctx: quarterly.ReturnContext) -> list[tuple]:
    p = ctx.project
    rows = []
    for fn in providers():
        for dimension, measure, value, kind in fn(ctx):
            number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
            if kind == "date" and isinstance(value, date):
                words = f"{value.day} {value.strftime('%B %Y')}"
            elif kind == "percent" and number is not None:
                words = f"{number:.0%}"
            else:
                words = "" if number is not None else (value if value is not None else "None")
            rows.append((p.name, p.lead_body, p.stage_label, dimension, measure, number, words))
    return rows


def start(user, quarter: ReturnQuarter):
    return jobs.start("portfolio", f"Portfolio return {quarter.label}", user,
                      params={"quarter": quarter.key, "scheme": quarter.scheme})


@jobs.kind("portfolio")
def run(job, progress) -> jobs.Result:
    from fossdash.auth.models import User
    from fossdash.projects.models import Project
    from fossdash.security import can, visible_project_ids

    user = db.session.get(User, job.user_id)
    if user is None:
        raise jobs.JobFailed("The account that asked for this return no longer exists.")
    quarter = ReturnQuarter.parse(job.params.get("quarter", ""), job.params.get("scheme"))
    if quarter is None:
        raise jobs.JobFailed("The quarter asked for is not one fossdash knows.")
    ids = visible_project_ids(user)
    q = select(Project).order_by(Project.name)
    if ids is not None:
        q = q.where(Project.id.in_(ids))
    projects = list(db.session.scalars(q))
    progress(0, len(projects))
    rows: list[tuple] = []
    today = date.today()
    for i, p in enumerate(projects, start=1):
        ctx = quarterly.ReturnContext(project=p, quarter=quarter, prepared_by=user.name or user.email,
                                      prepared_on=today, can=lambda perm, pid=p.id: can(perm, pid, user),
                                      session=db.session, k=p.anonymity_k)
        rows.extend(project_rows(ctx))
        progress(i, len(projects))
    sheet = quarterly.ReturnSheet(
        "Portfolio", intro=[f"Portfolio return, {quarter.long_label}: one row per project per dimension.",
                            f"Prepared by {user.name or user.email} on {today.day} {today.strftime('%B %Y')}.",
                            "Counts by agency or staff group are never given here, so no figure is suppressed."],
        tables=[quarterly.Table("Projects by dimension", COLUMNS, rows, filter=True)])
    import io

    buf = io.BytesIO()
    quarterly.write_return(buf, [sheet], {"title": f"Portfolio return {quarter.label}",
                                          "creator": user.name or user.email})
    audit.record("export", "job", job.id, note=f"Portfolio return {quarter.label}: {len(projects)} projects")
    name = f"portfolio-return-{quarter.key.lower()}-{today.isoformat()}.xlsx"
    return jobs.Result(note=f"Portfolio return for {quarter.label}: {len(projects)} projects, {len(rows)} rows.",
                       name=name, content=buf.getvalue())
