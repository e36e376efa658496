"""The two navigations every signed-in page shows, built from the domains' declarations
(fossdash.domains): the service navigation at the top, and a project's grouped sections."""
from __future__ import annotations

from typing import Callable

from flask import g, request, url_for
from flask_login import current_user

from fossdash import domains
from fossdash.security import PERMISSIONS, project_role


def service_nav() -> list[dict]:
    """Service navigation items for the signed-in user's role: [{text, href, current, active}]."""
    if not current_user.is_authenticated:
        return []
    links = [(link.text, url_for(link.endpoint)) for link in domains.top_links()
             if link.roles is None or current_user.role in link.roles]
    path = request.path
    # The section a page is in: /admin/users/new is under Users (aria-current="true"). When two
    # links both contain the page, the longer (more specific) one wins.
    sections = [href for _t, href in links
                if href != "/" and href != path and path.startswith(href.rstrip("/") + "/")]
    section = max(sections, key=len) if sections and not any(h == path for _t, h in links) else None
    return [{"text": text, "href": href, "current": href == path, "active": href == section}
            for text, href in links]


_PLACEHOLDER = 987654321
_URL_PARTS: dict[tuple[str, str], tuple[str, str]] = {}


def project_url(endpoint: str, project_id: int) -> str:
    """url_for(endpoint, project_id=...) for an endpoint whose only argument is the project: each
    endpoint's address built once (per script root), then the project's id put in it."""
    return project_urls()(endpoint, project_id)


def project_urls() -> Callable[[str, int], str]:
    """project_url for this request, for a page that makes hundreds (the portfolio): the request's
    script root read once."""
    root = request.script_root

    def url(endpoint: str, project_id: int) -> str:
        parts = _URL_PARTS.get((root, endpoint))
        if parts is None:
            head, _, tail = url_for(endpoint, project_id=_PLACEHOLDER).partition(str(_PLACEHOLDER))
            parts = _URL_PARTS[(root, endpoint)] = (head, tail)
        return f"{parts[0]}{int(project_id)}{parts[1]}"

    return url


def project_nav(project, current: str | None = None) -> list[dict]:
    """The project's sections the user may see: [{text, href, group, active, current}].
    `current` is the endpoint of the section the page belongs to (default: the request's).
    Worked out once per request (the breadcrumbs and the menu both ask)."""
    current = current or request.endpoint
    made = g.setdefault("project_nav", {})
    key = (project.id, current)
    if key not in made:
        made[key] = _project_nav(project, current)
    return made[key]


def _project_nav(project, current: str | None) -> list[dict]:
    role = project_role(current_user, project.id)
    if role is None:
        return []
    items = []
    for section in domains.project_sections():
        if role not in PERMISSIONS[section.permission]:
            continue
        href = project_url(section.endpoint, project.id)
        items.append({"text": section.text, "href": href, "group": section.group,
                      "active": section.endpoint == current, "current": href == request.path})
    return items


def project_nav_groups(project, current: str | None = None) -> list[dict]:
    """The same sections in their groups: [{key, title, items, active}], empty groups left out."""
    items = project_nav(project, current)
    groups = []
    for key, title in domains.GROUPS.items():
        members = [i for i in items if i["group"] == key]
        if members:
            groups.append({"key": key, "title": title, "items": members,
                           "active": any(i["active"] for i in members)})
    return groups


def init_app(app) -> None:
    app.add_template_global(service_nav, "navigation")
    app.add_template_global(project_nav)
    app.add_template_global(project_nav_groups)
