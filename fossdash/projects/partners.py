"""Partner agencies (shared by every project), partnerships, and their terms and conditions
side by side."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import render_template, request, url_for
from flask_login import current_user

from fossdash.auth.models import Role
from fossdash.editing import delete_record, edit_record
from fossdash.extensions import db
from fossdash.projects import bp, service
from fossdash.projects.forms import AgencyForm, PartnershipForm, TermsForm
from fossdash.projects.models import Agency, Partnership
from fossdash.projects.terms import compare_terms as terms_compared
from fossdash.security import can, deny, project_route, roles_required

EDIT = ["GET", "POST"]

AGENCY_EDITORS = (Role.ADMIN, Role.PROGRAMME_MANAGER)


def _may_edit_agencies() -> bool:
    return current_user.has_role(*AGENCY_EDITORS)


# --- agencies --------------------------------------------------------------------------------

@bp.route("/agencies/")
def agencies():
    return render_template("projects/agencies.html", rows=service.agency_rows(current_user),
                           may_edit=_may_edit_agencies(), changeable=service.agencies_changeable_by(current_user))


def _changeable_agency(agency_id: int) -> Agency:
    """The agency, if the user may change it: one a project they do not run also uses is refused
    (403, logged)."""
    agency = db.get_or_404(Agency, agency_id)
    if not service.may_change_agency(current_user, agency):
        deny("agency", f"agency {agency.id} is in a project {current_user.email} does not run")
    return agency


def _is_local_path(target: str) -> bool:
    """A path on this site and nothing else: it starts with a single "/", and neither it nor its
    percent-decoded form holds a backslash, a space or any control or non-ASCII character (browsers
    drop tabs and newlines, so "/<tab>/evil.example" would become "//evil.example", another site;
    a newline in a Location header is refused by the server)."""
    for text in (target, unquote(target)):
        if not text.startswith("/") or text.startswith("//") or "\\" in text:
            return False
        if any(not 33 <= ord(ch) <= 126 for ch in text):
            return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _next_url(default: str) -> str:
    """Back to the page that sent the user here (only ever a path on this site)."""
    target = request.args.get("next", "")
    return target if target and _is_local_path(target) else default


def _edit_agency(agency: Agency, form: AgencyForm, back: str, verb: str):
    return edit_record(agency, form, fields=AgencyForm.FIELDS, template="projects/agency_form.html", back=back,
                       context={"agency": agency if agency.id else None},
                       unique=("name", f"An agency called {form.name.data} already exists"),
                       saved=lambda: f"{agency.name} {verb}.")


@bp.route("/agencies/new", methods=EDIT)
@roles_required(*AGENCY_EDITORS)
def new_agency():
    return _edit_agency(Agency(), AgencyForm(), _next_url(url_for("projects.agencies")),
                        "added to the partner agencies")


@bp.route("/agencies/<int:agency_id>/edit", methods=EDIT)
@roles_required(*AGENCY_EDITORS)
def edit_agency(agency_id: int):
    agency = _changeable_agency(agency_id)
    return _edit_agency(agency, AgencyForm(obj=agency, record_id=agency.id), url_for("projects.agencies"), "saved")


@bp.route("/agencies/<int:agency_id>/delete", methods=EDIT)
@roles_required(*AGENCY_EDITORS)
def delete_agency(agency_id: int):
    agency = _changeable_agency(agency_id)
    back = url_for("projects.agencies")
    return delete_record(
        agency, back=back, title=f"Delete {agency.name}?", deleted=f"{agency.name} deleted.",
        problem=service.agency_delete_problem(agency),
        in_use=f"{agency.name} cannot be deleted because other records still refer to it.",
        consequence="The agency will be removed from the list of partner agencies.",
        button="Yes, delete the agency",
        context={"project": None, "crumbs": [{"text": "Partner agencies", "href": back}]})


# --- partnerships ----------------------------------------------------------------------------

@project_route(bp, "/<int:project_id>/partners")
def partners(project):
    return render_template("projects/partners.html", project=project,
                           partnerships=service.ordered_partnerships(project))


def _partners(project) -> str:
    return url_for("projects.partners", project_id=project.id)


@project_route(bp, "/<int:project_id>/partners/new", "manage", methods=EDIT)
def new_partnership(project):
    form = PartnershipForm()
    if request.method == "GET":
        form.role.data = "partner"
    available = service.agencies_not_in(project)
    form.agency_id.choices = [("", "Select an agency")] + [(str(a.id), a.name) for a in available]
    partnership = Partnership(project_id=project.id)

    def agency():
        partnership.agency_id = int(form.agency_id.data)

    def next_page(saved: Partnership) -> str:  # on to its terms, for those who may record them
        if can("terms", project.id):
            return url_for("projects.terms", project_id=project.id, partnership_id=saved.id)
        return _partners(project)

    return edit_record(
        partnership, form, fields=PartnershipForm.FIELDS, apply=agency, back=_partners(project), add=next_page,
        unique=("agency_id", "That agency is already a partner in this project"),
        template="projects/partnership_form.html",
        context={"project": project, "partnership": None, "nothing_to_add": not available},
        saved=lambda: f"{db.session.get(Agency, partnership.agency_id).name} added as a partner. "
                      "Record its terms and conditions next.")


@project_route(bp, "/<int:project_id>/partners/<int:partnership_id>/edit", "manage", methods=EDIT,
               records={"partnership_id": Partnership})
def edit_partnership(project, partnership):
    form = PartnershipForm(obj=partnership)
    del form.agency_id  # the agency of a partnership is fixed: remove it and add the other one
    return edit_record(partnership, form, fields=PartnershipForm.FIELDS, back=_partners(project),
                       template="projects/partnership_form.html",
                       context={"project": project, "partnership": partnership},
                       saved=f"{partnership.agency.name}’s part in the project saved.")


@project_route(bp, "/<int:project_id>/partners/<int:partnership_id>/delete", "manage", methods=EDIT,
               records={"partnership_id": Partnership})
def delete_partnership(project, partnership):
    name = partnership.agency.name
    groups = service.staff_groups_of_agency(project, partnership.agency_id)
    consequence = "Its terms and conditions for this project will be deleted too."
    if groups:
        consequence += (f" Its {len(groups)} staff group{'s' if len(groups) != 1 else ''} stay in the project "
                        "until you delete them.")
    return delete_record(partnership, back=_partners(project), title=f"Remove {name} from this project?",
                         deleted=f"{name} removed from the project’s partners.", consequence=consequence,
                         button="Yes, remove the partner",
                         context={"project": project, "nav_current": "projects.partners"})


# --- terms and conditions --------------------------------------------------------------------

@project_route(bp, "/<int:project_id>/partners/<int:partnership_id>/terms", "terms", methods=EDIT,
               records={"partnership_id": Partnership})
def terms(project, partnership):
    return edit_record(partnership, TermsForm(obj=partnership), fields=TermsForm.FIELDS,
                       back=url_for("projects.compare_terms", project_id=project.id),
                       template="projects/terms_form.html",
                       context={"project": project, "partnership": partnership},
                       saved=f"Terms and conditions for {partnership.agency.name} saved.")


@project_route(bp, "/<int:project_id>/terms/compare")
def compare_terms(project):
    return render_template("projects/compare_terms.html", project=project,
                           comparison=terms_compared(project))
