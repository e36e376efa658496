"""Project queries and rules, shared by the projects views and by other domains.

Plain functions over the session: no request, no templates. Views validate forms, call these,
flash and redirect.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from fossdash.auth.models import ROLE_LABELS, ProjectMembership, Role, User
from fossdash.extensions import db
from fossdash.projects.models import (
    PROJECT_STAGES,
    Agency,
    Milestone,
    Partnership,
    Project,
    StaffGroup,
)
from fossdash.security import allowed_project_roles, visible_project_ids
from fossdash.sqlrows import prepared


class RuleError(ValueError):
    """A change the rules refuse; the message is shown to the user as it is."""


# --- projects --------------------------------------------------------------------------------

def projects_visible_to(user) -> list[Project]:
    q = select(Project).order_by(Project.name)
    ids = visible_project_ids(user)
    if ids is not None:
        q = q.where(Project.id.in_(ids))
    return list(db.session.scalars(q))


@dataclass
class ProjectRow:
    project: Project
    partners: int
    headcount: int


def project_rows(user, stage: str | None = None, type_: str | None = None) -> tuple[list[ProjectRow], int]:
    """The projects the user may read, filtered, with their partner count and staff headcount;
    and how many there are before filtering."""
    visible = projects_visible_to(user)
    ids = [p.id for p in visible]
    partners = dict(db.session.execute(
        select(Partnership.project_id, func.count()).where(Partnership.project_id.in_(ids))
        .group_by(Partnership.project_id)
    ).all()) if ids else {}
    heads = dict(db.session.execute(
        select(StaffGroup.project_id, func.coalesce(func.sum(StaffGroup.headcount), 0))
        .where(StaffGroup.project_id.in_(ids)).group_by(StaffGroup.project_id)
    ).all()) if ids else {}
    rows = [
        ProjectRow(p, partners.get(p.id, 0), int(heads.get(p.id, 0)))
        for p in visible
        if (not stage or p.stage == stage) and (not type_ or p.type == type_)
    ]
    return rows, len(visible)


def stage_order(stage: str) -> int:
    keys = list(PROJECT_STAGES)
    return keys.index(stage) if stage in keys else len(keys)


def name_taken(model, name: str, exclude_id: int | None = None) -> bool:
    """Is the name already used by another record (case and surrounding spaces ignored)?"""
    q = select(model.id).where(func.lower(model.name) == name.strip().lower())
    if exclude_id is not None:
        q = q.where(model.id != exclude_id)
    return db.session.scalar(q.limit(1)) is not None


def create_project(values: dict, creator) -> Project:
    """A new project; a programme manager who creates one becomes its programme manager."""
    project = Project(**values)
    db.session.add(project)
    db.session.flush()
    if creator.has_role(Role.PROGRAMME_MANAGER):
        db.session.add(ProjectMembership(project_id=project.id, user_id=creator.id,
                                         role=Role.PROGRAMME_MANAGER.value))
    return project


@dataclass
class Overview:
    partners: int
    headcount: int
    staff_groups: int
    milestones: int
    next_milestone: Milestone | None
    last_milestone: Milestone | None
    lead_partner: Partnership | None
    illustrative_headcount: bool


_PARTNERSHIPS = prepared(lambda: select(Partnership).options(joinedload(Partnership.agency))
                         .where(Partnership.project_id == bindparam("project_id")))


def overview(project: Project, today: date | None = None) -> Overview:
    today = today or date.today()
    groups = project.staff_groups
    milestones = sorted(project.milestones, key=lambda m: (m.on, m.id))
    upcoming = [m for m in milestones if m.on >= today]
    past = [m for m in milestones if m.on < today]
    # The partnerships with their agencies in one query (the lead partner's name is shown).
    partnerships = list(db.session.scalars(_PARTNERSHIPS(), {"project_id": project.id}))
    leads = [p for p in partnerships if p.role == "lead"]
    return Overview(
        partners=len(partnerships),
        headcount=sum(g.headcount for g in groups),
        staff_groups=len(groups),
        milestones=len(milestones),
        next_milestone=upcoming[0] if upcoming else None,
        last_milestone=past[-1] if past else None,
        lead_partner=leads[0] if leads else None,
        illustrative_headcount=any(g.illustrative for g in groups),
    )


# --- members ---------------------------------------------------------------------------------

def memberships(project: Project) -> list[ProjectMembership]:
    return list(db.session.scalars(
        select(ProjectMembership).join(User).where(ProjectMembership.project_id == project.id)
        .order_by(User.name)
    ))


def addable_users(project: Project) -> list[User]:
    """Active accounts that are not members yet. Administrators are left out: they see every
    project without joining."""
    members = select(ProjectMembership.user_id).where(ProjectMembership.project_id == project.id)
    return list(db.session.scalars(
        select(User).where(User.active.is_(True), User.role != Role.ADMIN.value, User.id.not_in(members))
        .order_by(User.name)
    ))


def add_member(project: Project, user: User, role: str) -> ProjectMembership:
    if user.has_role(Role.ADMIN):
        raise RuleError("Administrators can already see every project")
    exists = db.session.scalar(select(ProjectMembership).filter_by(project_id=project.id, user_id=user.id))
    if exists is not None:
        raise RuleError(f"{user.name} is already a member of this project")
    check_project_role(user, role or user.role)
    m = ProjectMembership(project_id=project.id, user_id=user.id, role=role or user.role)
    db.session.add(m)
    return m


def check_project_role(user: User, role: str) -> None:
    """A project role may narrow what the person's account allows, never widen it (a union
    representative made "programme manager" of a project would otherwise see who raised a named
    concern). The access checks cap it anyway; this says so when the role is chosen."""
    allowed = allowed_project_roles(user.role_enum)
    if Role(role) not in allowed:
        labels = " or ".join(ROLE_LABELS[r] for r in allowed)
        raise RuleError(f"{user.name} can only be given the role {labels} on a project: a project role "
                        "cannot give someone more than their account allows")


def check_member_change(membership: ProjectMembership, actor) -> None:
    """Nobody but an administrator changes or removes their own membership (it would lock them
    out of the project's records without anyone else noticing)."""
    if membership.user_id == actor.id and not actor.has_role(Role.ADMIN):
        raise RuleError("You cannot change or remove your own membership. Ask an administrator.")


def member_change_problem(membership: ProjectMembership, actor) -> str:
    try:
        check_member_change(membership, actor)
    except RuleError as exc:
        return str(exc)
    return ""


def project_role_problem(user: User, role: str) -> dict[str, str] | None:
    """check_project_role as field errors for the role form."""
    try:
        check_project_role(user, role)
    except RuleError as exc:
        return {"role": str(exc)}
    return None


def concerns_at_a_glance(project) -> dict:
    """How many of the project's concerns and questions still wait for an answer."""
    from fossdash.concerns.models import WAITING
    from fossdash.concerns.service import any_illustrative_matching
    from fossdash.metrics.concerns import timings

    rows = timings(project.id)
    return {"waiting": sum(1 for _r, _a, status in rows if status in WAITING),
            "total": len(rows), "illustrative": any_illustrative_matching(project.id)}


# --- agencies and partnerships ----------------------------------------------------------------

@dataclass
class AgencyRow:
    agency: Agency
    projects: list[Project]
    hidden_projects: int


def agency_rows(user) -> list[AgencyRow]:
    """Every agency, with the projects it is a partner in that the user may see (and a count of
    the others, so a name is never revealed to someone outside a project)."""
    agencies = list(db.session.scalars(select(Agency).order_by(Agency.name)))
    visible = visible_project_ids(user)
    pairs = db.session.execute(
        select(Partnership.agency_id, Project).join(Project, Partnership.project_id == Project.id)
        .order_by(Project.name)
    ).all()
    seen: dict[int, list[Project]] = {}
    hidden: dict[int, int] = {}
    for agency_id, project in pairs:
        if visible is None or project.id in visible:
            seen.setdefault(agency_id, []).append(project)
        else:
            hidden[agency_id] = hidden.get(agency_id, 0) + 1
    return [AgencyRow(a, seen.get(a.id, []), hidden.get(a.id, 0)) for a in agencies]


def _managed_project_ids(user) -> set[int] | None:
    """Projects the user runs as programme manager; None meaning every project (administrators)."""
    if user.has_role(Role.ADMIN):
        return None
    if not user.has_role(Role.PROGRAMME_MANAGER):
        return set()
    return {m.project_id for m in user.memberships if m.role == Role.PROGRAMME_MANAGER.value}


def agency_project_ids(agency_ids=None) -> dict[int, set[int]]:
    """For each agency (all, or those given): the projects it is a partner or employer in."""
    out: dict[int, set[int]] = {}
    for model in (Partnership, StaffGroup):
        q = select(model.agency_id, model.project_id).where(model.agency_id.is_not(None))
        if agency_ids is not None:
            q = q.where(model.agency_id.in_(list(agency_ids)))
        for agency_id, project_id in db.session.execute(q):
            out.setdefault(agency_id, set()).add(project_id)
    return out


def agencies_changeable_by(user) -> set[int] | None:
    """Ids of the agencies the user may rename or delete (None meaning all). An agency is shared by
    every project it is in: a programme manager changes it only if it is in no project they do
    not run, so nobody changes what another project's members read."""
    managed = _managed_project_ids(user)
    if managed is None:
        return None
    used = agency_project_ids()
    return {a for a in db.session.scalars(select(Agency.id)) if used.get(a, set()) <= managed}


def may_change_agency(user, agency: Agency) -> bool:
    managed = _managed_project_ids(user)
    return managed is None or agency_project_ids([agency.id]).get(agency.id, set()) <= managed


def agency_in_use(agency: Agency) -> tuple[int, int]:
    """How many partnerships and staff groups still name the agency."""
    partners = db.session.scalar(select(func.count()).select_from(Partnership).filter_by(agency_id=agency.id))
    groups = db.session.scalar(select(func.count()).select_from(StaffGroup).filter_by(agency_id=agency.id))
    return partners or 0, groups or 0


def agencies_not_in(project: Project) -> list[Agency]:
    taken = select(Partnership.agency_id).where(Partnership.project_id == project.id)
    return list(db.session.scalars(select(Agency).where(Agency.id.not_in(taken)).order_by(Agency.name)))


def partner_agencies(project: Project) -> list[Agency]:
    return [p.agency for p in sorted(project.partnerships, key=lambda p: p.agency.name)]


def ordered_partnerships(project: Project) -> list[Partnership]:
    """Lead first, then partners, then advisory members; by name within each."""
    order = {"lead": 0, "partner": 1, "advisory": 2}
    return sorted(project.partnerships, key=lambda p: (order.get(p.role, 3), p.agency.name.lower()))


def staff_groups_of_agency(project: Project, agency_id: int) -> list[StaffGroup]:
    return [g for g in project.staff_groups if g.agency_id == agency_id]


def agency_staff_sizes(project: Project) -> dict[int, int]:
    """How many of each agency's staff are on the project, for the anonymity threshold: the
    headcount of its staff groups in the project, and the staff it moves into the shared office
    where that is recorded; where both are known, the smaller, so the threshold errs towards hiding.
    An agency with neither is left out: its size is not known, so it counts as too small."""
    groups: dict[int, int] = {}
    for g in project.staff_groups:
        if g.agency_id is not None:
            groups[g.agency_id] = groups.get(g.agency_id, 0) + (g.headcount or 0)
    moving = {p.agency_id: p.staff_moving_in for p in project.partnerships if p.staff_moving_in is not None}
    return {agency_id: min(n for n in (groups.get(agency_id), moving.get(agency_id)) if n is not None)
            for agency_id in set(groups) | set(moving)}


# --- milestones ------------------------------------------------------------------------------

def timeline(project: Project) -> list[Milestone]:
    """Milestones in date order, earliest first (a plan reads forwards)."""
    return sorted(project.milestones, key=lambda m: (m.on, m.id))


def agency_delete_problem(agency) -> str:
    """Why an agency cannot be deleted (it is a partner or employs a staff group), or ""."""
    partners, groups = agency_in_use(agency)
    if not (partners or groups):
        return ""
    uses = []
    if partners:
        uses.append(f"a partner in {partners} project{'s' if partners != 1 else ''}")
    if groups:
        uses.append(f"the employer of {groups} staff group{'s' if groups != 1 else ''}")
    return f"{agency.name} cannot be deleted because it is {' and '.join(uses)}. Remove it from those projects first."
