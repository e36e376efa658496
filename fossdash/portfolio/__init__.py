"""The portfolio dashboard: every project's readiness at a glance for executives and admins (other
members see their own projects): a heatmap of projects × dimensions, the evidence index, a
one-line verdict per project, and charts over time. A top-navigation page, no project section."""
from flask import Blueprint

from fossdash.domains import Domain, TopLink

bp = Blueprint("portfolio", __name__, url_prefix="/portfolio")

DOMAIN = Domain(
    name="portfolio",
    order=90,
    blueprints=[bp],
    models="fossdash.portfolio.models",
    top_nav=[TopLink("Portfolio", "portfolio.index", order=5)],
    routes=["fossdash.portfolio.views"],
    bench="fossdash.portfolio.bench:BENCH",
)
