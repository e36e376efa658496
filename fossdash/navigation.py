"""The two navigations every signed-in page shows, built from the domains' declarations
(fossdash.domains): the service navigation at the top, and a project's grouped sections."""
from __future__ import annotations

from flask import request, url_for
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


def project_nav(project, current: str | None = None) -> list[dict]:
    """The project's sections the user may see: [{text, href, group, active, current}].
    `current` is the endpoint of the section the page belongs to (default: the request's)."""
    current = current or request.endpoint
    role = project_role(current_user, project.id)
    if role is None:
        return []
    items = []
    for section in domains.project_sections():
        if role not in PERMISSIONS[section.permission]:
            continue
        href = url_for(section.endpoint, project_id=project.id)
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
