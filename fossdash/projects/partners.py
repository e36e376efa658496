"""Partner agencies (shared by every project), partnerships, and their terms and conditions
side by side."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from fossdash import editing
from fossdash.auth.models import Role
from fossdash.extensions import db
from fossdash.projects import service
from fossdash.projects.forms import AgencyForm, ConfirmForm, PartnershipForm, TermsForm, save
from fossdash.projects.models import Agency, Partnership
from fossdash.projects import bp
from fossdash.security import deny, project_for, record_for, roles_required

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


@bp.route("/agencies/new", methods=["GET", "POST"])
@roles_required(*AGENCY_EDITORS)
def new_agency():
    form = AgencyForm()
    back = _next_url(url_for("projects.agencies"))
    if form.validate_on_submit():
        agency = Agency(name=form.name.data, kind=form.kind.data)
        db.session.add(agency)
        try:
            db.session.commit()
        except IntegrityError:  # the same name saved a moment ago by someone else
            db.session.rollback()
            form.name.errors.append(f"An agency called {form.name.data} already exists")
        else:
            flash(f"{agency.name} added to the partner agencies.", "success")
            return redirect(back)
    return render_template("projects/agency_form.html", form=form, agency=None, back=back)


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@roles_required(*AGENCY_EDITORS)
def edit_agency(agency_id: int):
    agency = _changeable_agency(agency_id)
    form = AgencyForm(obj=agency, record_id=agency.id)
    back = url_for("projects.agencies")
    if form.validate_on_submit():
        clash = editing.conflict(agency, form, back)
        if clash:
            return clash
        save(form, agency, AgencyForm.FIELDS)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.name.errors.append(f"An agency called {form.name.data} already exists")
        else:
            flash(f"{agency.name} saved.", "success")
            return redirect(back)
    editing.stamp(form, agency)
    return render_template("projects/agency_form.html", form=form, agency=agency, back=back)


@bp.route("/agencies/<int:agency_id>/delete", methods=["GET", "POST"])
@roles_required(*AGENCY_EDITORS)
def delete_agency(agency_id: int):
    agency = _changeable_agency(agency_id)
    form = ConfirmForm()
    partners, groups = service.agency_in_use(agency)
    problem = None
    if partners or groups:
        uses = []
        if partners:
            uses.append(f"a partner in {partners} project{'s' if partners != 1 else ''}")
        if groups:
            uses.append(f"the employer of {groups} staff group{'s' if groups != 1 else ''}")
        problem = (f"{agency.name} cannot be deleted because it is {' and '.join(uses)}. "
                   "Remove it from those projects first.")
    elif form.validate_on_submit():
        name = agency.name
        db.session.delete(agency)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            problem = f"{name} cannot be deleted because other records still refer to it."
        else:
            flash(f"{name} deleted.", "success")
            return redirect(url_for("projects.agencies"))
    status = 409 if problem and request.method == "POST" else 200
    return render_template(
        "projects/confirm_delete.html", form=form, project=None, problem=problem,
        title=f"Delete {agency.name}?",
        consequence="The agency will be removed from the list of partner agencies.",
        button="Yes, delete the agency", cancel_url=url_for("projects.agencies"),
        crumbs=[{"text": "Partner agencies", "href": url_for("projects.agencies")}],
    ), status


# --- partnerships ----------------------------------------------------------------------------

@bp.route("/<int:project_id>/partners")
def partners(project_id: int):
    project = project_for(project_id, "read")
    return render_template("projects/partners.html", project=project,
                           partnerships=service.ordered_partnerships(project))


@bp.route("/<int:project_id>/partners/new", methods=["GET", "POST"])
def new_partnership(project_id: int):
    project = project_for(project_id, "manage")
    form = PartnershipForm()
    if request.method == "GET":
        form.role.data = "partner"
    available = service.agencies_not_in(project)
    form.agency_id.choices = [("", "Select an agency")] + [(str(a.id), a.name) for a in available]
    if form.validate_on_submit():
        partnership = Partnership(project_id=project.id, agency_id=int(form.agency_id.data))
        save(form, partnership, PartnershipForm.FIELDS)
        db.session.add(partnership)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.agency_id.errors.append("That agency is already a partner in this project")
        else:
            flash(f"{partnership.agency.name} added as a partner. Record its terms and conditions next.",
                  "success")
            return redirect(url_for("projects.partners", project_id=project.id))
    return render_template("projects/partnership_form.html", form=form, project=project, partnership=None,
                           nothing_to_add=not available)


@bp.route("/<int:project_id>/partners/<int:partnership_id>/edit", methods=["GET", "POST"])
def edit_partnership(project_id: int, partnership_id: int):
    project = project_for(project_id, "manage")
    partnership = record_for(Partnership, partnership_id, project)
    form = PartnershipForm(obj=partnership)
    del form.agency_id  # the agency of a partnership is fixed: remove it and add the other one
    if form.validate_on_submit():
        clash = editing.conflict(partnership, form, url_for("projects.partners", project_id=project.id))
        if clash:
            return clash
        save(form, partnership, PartnershipForm.FIELDS)
        db.session.commit()
        flash(f"{partnership.agency.name}’s part in the project saved.", "success")
        return redirect(url_for("projects.partners", project_id=project.id))
    editing.stamp(form, partnership)
    return render_template("projects/partnership_form.html", form=form, project=project, partnership=partnership)


@bp.route("/<int:project_id>/partners/<int:partnership_id>/delete", methods=["GET", "POST"])
def delete_partnership(project_id: int, partnership_id: int):
    project = project_for(project_id, "manage")
    partnership = record_for(Partnership, partnership_id, project)
    form = ConfirmForm()
    name = partnership.agency.name
    if form.validate_on_submit():
        db.session.delete(partnership)
        db.session.commit()
        flash(f"{name} removed from the project’s partners.", "success")
        return redirect(url_for("projects.partners", project_id=project.id))
    groups = service.staff_groups_of_agency(project, partnership.agency_id)
    consequence = "Its terms and conditions for this project will be deleted too."
    if groups:
        consequence += (f" Its {len(groups)} staff group{'s' if len(groups) != 1 else ''} stay in the project "
                        "until you delete them.")
    return render_template(
        "projects/confirm_delete.html", form=form, project=project, problem=None, nav_current="projects.partners",
        title=f"Remove {name} from this project?", consequence=consequence,
        button="Yes, remove the partner", cancel_url=url_for("projects.partners", project_id=project.id),
    )


# --- terms and conditions --------------------------------------------------------------------

@bp.route("/<int:project_id>/partners/<int:partnership_id>/terms", methods=["GET", "POST"])
def terms(project_id: int, partnership_id: int):
    project = project_for(project_id, "terms")
    partnership = record_for(Partnership, partnership_id, project)
    form = TermsForm(obj=partnership)
    if form.validate_on_submit():
        clash = editing.conflict(partnership, form, url_for("projects.partners", project_id=project.id))
        if clash:
            return clash
        save(form, partnership, TermsForm.FIELDS)
        db.session.commit()
        flash(f"Terms and conditions for {partnership.agency.name} saved.", "success")
        return redirect(url_for("projects.compare_terms", project_id=project.id))
    editing.stamp(form, partnership)
    return render_template("projects/terms_form.html", form=form, project=project, partnership=partnership)


@bp.route("/<int:project_id>/terms/compare")
def compare_terms(project_id: int):
    project = project_for(project_id, "read")
    return render_template("projects/compare_terms.html", project=project,
                           comparison=service.compare_terms(project))
