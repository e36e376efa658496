"""The domain registry: each package of fossdash declares itself once, and the app, the navigation,
the permissions, the audit page and the demo loader read the declarations. Adding a domain edits
no central list.

A domain's `__init__.py` creates its blueprint(s), then declares:

    bp = Blueprint("training", __name__, url_prefix="/projects")
    DOMAIN = Domain(
        name="training", order=60,
        blueprints=[bp],
        models="fossdash.training.models",
        project_nav=[Section("Training plans", "training.index", group="change")],
        top_nav=[TopLink("Training", "training.overview", roles=("admin", "programme_manager"))],
        permissions={"train": {Role.ADMIN, Role.PROGRAMME_MANAGER}},
        entity_labels={"training_plan": "Training plan"},
        demo="fossdash.demo.training",       # a module with load(ctx)
        routes=["fossdash.training.views"],   # route modules on bp, loaded when the app is made
    )

`discover()` imports every sub-package of fossdash and keeps those with a `DOMAIN`, in `order`.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Callable

# The project's sections fall into these groups, in this order (a programme manager's words).
GROUPS: dict[str, str] = {
    "project": "Project and partners",
    "voice": "Staff voice",
    "grading": "Grading",
    "change": "Change actions",
    "measures": "Measures and readiness",
    "workshops": "Workshops",
    "returns": "Returns",
}


@dataclass(frozen=True)
class Section:
    """One page of the project navigation: its text, endpoint (taking `project_id`), the
    project permission needed to see it, and its group (a key of GROUPS)."""

    text: str
    endpoint: str
    permission: str = "read"
    group: str = "project"


@dataclass(frozen=True)
class TopLink:
    """An item of the service navigation at the top; roles=None means every signed-in user."""

    text: str
    endpoint: str
    roles: tuple[str, ...] | None = None
    order: int = 50


@dataclass(frozen=True)
class HomePanel:
    """A panel a domain adds to the project home: `template` is included with `project` and
    `panel` (what `data(project)` returned) in its context; `data` is a dotted path
    ("fossdash.comms.service:home_panel"); a panel whose data is None is not shown."""

    template: str
    data: str
    order: int = 50


@dataclass(frozen=True)
class Attention:
    """One thing on a project that needs attention: a sentence, a link, and how many records."""

    text: str
    endpoint: str
    params: dict = field(default_factory=dict)
    count: int = 1
    severity: str = "warning"  # "warning" or "info"


@dataclass
class Domain:
    name: str
    order: int = 50
    blueprints: list = field(default_factory=list)
    models: str | None = None
    project_nav: list[Section] = field(default_factory=list)
    top_nav: list[TopLink] = field(default_factory=list)
    permissions: dict[str, set] = field(default_factory=dict)
    entity_labels: dict[str, str] = field(default_factory=dict)
    action_labels: dict[str, str] = field(default_factory=dict)
    demo: str | None = None
    init_app: Callable[[Any], None] | None = None
    # Route modules, imported when the app is made and before the blueprints are registered, so
    # importing a domain's models (as metrics and migrations do) never loads its views.
    routes: list[str] = field(default_factory=list)
    # Panels on the project home, in `order` (see HomePanel).
    home_panels: list[HomePanel] = field(default_factory=list)
    # Dotted path to `attention(project, today) -> list[Attention]`: what needs attention on the
    # project (overdue actions, stale records); the project dashboard lists them all.
    attention: str | None = None
    # Dotted path to `sheets(ctx) -> list` giving this domain's sheets of the quarterly return
    # (see fossdash/returns/quarterly.py for ctx and the sheet type).
    return_sheets: str | None = None
    # Dotted path to a dict {name: fn} of `flask bench` cases: `fn(scale: float) -> Iterator[str]`
    # runs in the benchmark's app context on its throwaway database, seeds what it needs (sized by
    # `scale`, 1.0 being the target size) and yields rows made with `fossdash.bench.row`.
    bench: str | None = None

    def __post_init__(self) -> None:
        unknown = [s.group for s in self.project_nav if s.group not in GROUPS]
        if unknown:
            raise ValueError(f"domain {self.name}: unknown navigation group(s) {unknown}; see GROUPS")


# Packages that are cross-domain machinery, never domains.
_NOT_DOMAINS = {"metrics", "charts", "returns", "demo", "migrations"}


@cache
def discover() -> tuple[Domain, ...]:
    import fossdash

    found = []
    for info in pkgutil.iter_modules(fossdash.__path__):
        if not info.ispkg or info.name in _NOT_DOMAINS:
            continue
        module = importlib.import_module(f"fossdash.{info.name}")
        domain = getattr(module, "DOMAIN", None)
        if isinstance(domain, Domain):
            found.append(domain)
    return tuple(sorted(found, key=lambda d: (d.order, d.name)))


def load_models() -> None:
    """Import every domain's models (and the audit log's) so the metadata sees every table."""
    importlib.import_module("fossdash.audit")
    for domain in discover():
        if domain.models:
            importlib.import_module(domain.models)


def project_sections() -> list[Section]:
    """Every domain's project sections, grouped in GROUPS order, each domain's in its order."""
    sections = [s for d in discover() for s in d.project_nav]
    rank = {key: i for i, key in enumerate(GROUPS)}
    return sorted(sections, key=lambda s: rank[s.group])  # stable: domain order within a group


def top_links() -> list[TopLink]:
    return sorted((link for d in discover() for link in d.top_nav), key=lambda link: link.order)


def resolve(path: str) -> Callable:
    """"package.module:function" -> the function."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def home_panels() -> list[HomePanel]:
    return sorted((p for d in discover() for p in d.home_panels), key=lambda p: p.order)


def panels_for(project) -> list[tuple[HomePanel, Any]]:
    """(panel, its data) for the project home, skipping panels whose data is None."""
    out = []
    for panel in home_panels():
        data = resolve(panel.data)(project)
        if data is not None:
            out.append((panel, data))
    return out


def attention(project, today) -> list[Attention]:
    """Every domain's attention items for one project, in domain order."""
    return [item for d in discover() if d.attention for item in resolve(d.attention)(project, today)]


def benchmarks() -> dict[str, Callable]:
    """Every domain's `flask bench` cases by name (see Domain.bench)."""
    found: dict[str, Callable] = {}
    for domain in discover():
        if domain.bench:
            table: Any = resolve(domain.bench)  # a dict, not a callable
            found.update(table)
    return found


def demo_parts() -> list[str]:
    return [d.demo for d in discover() if d.demo]


def init_app(app) -> None:
    """Register every domain's blueprints, permissions and audit words on the app."""
    from fossdash import audit_search, security

    for domain in discover():
        for name, roles in domain.permissions.items():
            security.PERMISSIONS.setdefault(name, set()).update(roles)
        audit_search.ENTITY_LABELS.update(domain.entity_labels)
        audit_search.ACTION_LABELS.update(domain.action_labels)
        for module in domain.routes:
            importlib.import_module(module)
        for bp in domain.blueprints:
            app.register_blueprint(bp)
        if domain.init_app is not None:
            domain.init_app(app)
