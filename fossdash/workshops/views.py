"""The workshops' pages: the list, a workshop (what both groups share, where they differ, what
surprised them, mood, the chart, quotes and actions), the printable report and the Excel export;
the day's capture forms per group (priorities and scores, guesses, mood); priorities, quotes and
agreed actions. Views validate, call the service and return edit_record / delete_record."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from fossdash.charts.workshops import priorities_chart
from fossdash.downloads import send_workbook
from fossdash.editing import delete_record, edit_record
from fossdash.extensions import db
from fossdash.returns import workshops as workshop_returns
from fossdash.security import project_route
from fossdash.workshops import bp, rules, service
from fossdash.workshops.forms import (
    ActionForm,
    MoodForm,
    PriorityForm,
    QuoteForm,
    WorkshopForm,
    guesses_form,
    scores_form,
)
from fossdash.workshops.models import Workshop, WorkshopAction, WorkshopGroup, WorkshopPriority, WorkshopQuote

EDIT = ["GET", "POST"]
WORKSHOP = {"workshop_id": Workshop}
GROUP = {"group_id": WorkshopGroup}


def _shown(project, workshop_id: int, anchor: str | None = None) -> str:
    return url_for(".show", project_id=project.id, workshop_id=workshop_id, _anchor=anchor)


def _context(project, workshop, **more) -> dict:
    return {"project": project, "workshop": workshop, "nav_current": "workshops.index", **more}


@project_route(bp, "/")
def index(project):
    on = service.today()
    return render_template("workshops/index.html", project=project, workshops=service.workshops(project.id),
                           overdue=service.overdue_by_workshop(project.id, on), on=on)


# --- a workshop --------------------------------------------------------------------------------------

def _edit(project, workshop, back):
    form = WorkshopForm(obj=workshop)
    new = workshop.id is None
    return edit_record(
        workshop, form, template="workshops/form.html", back=back, check=form.thresholds_problem,
        apply=lambda: service.apply_workshop(workshop, form),
        add=lambda w: _shown(project, w.id),
        saved=lambda: f"Workshop “{workshop.title}” {'added' if new else 'saved'}.",
        context=_context(project, None if new else workshop),
    )


@project_route(bp, "/new", "manage", methods=EDIT)
def new(project):
    return _edit(project, service.new_workshop(project), url_for(".index", project_id=project.id))


@project_route(bp, "/<int:workshop_id>/", records=WORKSHOP)
def show(project, workshop):
    found = service.report(workshop.id, service.today())
    chart = priorities_chart(found.result) if found.result.complete and found.result.priorities else None
    return render_template("workshops/show.html", project=project, workshop=found.workshop, r=found, chart=chart,
                           rules=rules)


@project_route(bp, "/<int:workshop_id>/report", records=WORKSHOP)
def report(project, workshop):
    found = service.report(workshop.id, service.today())
    chart = priorities_chart(found.result) if found.result.complete and found.result.priorities else None
    return render_template("workshops/report.html", project=project, workshop=found.workshop, r=found,
                           chart=chart, rules=rules)


@project_route(bp, "/<int:workshop_id>/export.xlsx", "export", records=WORKSHOP)
def export(project, workshop):
    found = service.report(workshop.id, service.today())
    return send_workbook(workshop_returns.sheets(project, found), title=workshop_returns.TITLE,
                         what="workshop", project=project, entity="workshop",
                         count=len(found.result.priorities), noun="priority",
                         note=found.workshop.title)


@project_route(bp, "/<int:workshop_id>/edit", "manage", methods=EDIT, records=WORKSHOP)
def edit(project, workshop):
    return _edit(project, workshop, _shown(project, workshop.id))


@project_route(bp, "/<int:workshop_id>/delete", "manage", methods=EDIT, records=WORKSHOP)
def delete(project, workshop):
    return delete_record(
        workshop, back=url_for(".index", project_id=project.id), title="Delete this workshop?",
        deleted=f"Workshop “{workshop.title}” deleted.",
        consequence="Its priorities, scores, guesses, mood counts, quotes and agreed actions are deleted with it.",
        quote=workshop.title, context=_context(project, workshop),
    )


# --- the day: one group's priorities and scores, its guesses, its mood ---------------------------------

def _stale(form, group) -> bool:
    """The form was loaded before someone else saved this group's scores, guesses or mood (or the
    POST carried no version at all: a forged one)."""
    raw = (form.version.raw_data or [""])[0]
    db.session.refresh(group)
    return raw != str(group.version)


def _saved(form, group, change) -> bool:
    """Make `change()` and commit, unless the form is stale; False (nothing saved, the session
    rolled back) when it is, or when someone saved this group in the instant between the check and
    the commit (the version in the UPDATE, or a score row made twice, refuses it)."""
    if _stale(form, group):
        db.session.rollback()
        return False
    change()
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return False
    return True


def _group_page(template, project, group, form, status=200, **more):
    if not form.is_submitted() or status == 409:
        form.version.data = str(group.version)
    workshop = group.workshop
    other = workshop.group(2 if group.position == 1 else 1)
    ctx = _context(project, workshop, group=group, other=other, form=form,
                   back=_shown(project, workshop.id), **more)
    return render_template(template, **ctx), status


@project_route(bp, "/groups/<int:group_id>/capture", "manage", methods=EDIT, records=GROUP)
def capture(project, group):
    """Add the priorities a group listed and enter every score it gave, on one form."""
    workshop = group.workshop
    priorities = list(workshop.priorities)
    form = scores_form(priorities, group.scoring)
    stored = service.score_values(workshop, group.position)
    if not form.is_submitted():
        for p in priorities:
            getattr(form, f"p{p.id}").data = stored.get(p.id)
    page = {"priorities": priorities}
    if form.validate_on_submit():
        titles, problems = rules.parse_lines(form.lines.data or "")
        if problems:
            form.lines.errors.append(problems[0])
        else:
            added: list = []

            def change() -> None:
                added.extend(service.add_priorities(workshop, group.position, titles))
                service.save_scores(group, {p.id: getattr(form, f"p{p.id}").data for p in priorities})

            if not _saved(form, group, change):
                stored = service.score_values(workshop, group.position)
                return _group_page("workshops/capture.html", project, group, form, 409, stale=True,
                                   stored=stored, **page)
            if added:
                flash(f"{len(added)} priorit{'y' if len(added) == 1 else 'ies'} from {group.name.lower()} added "
                      f"and scores saved. Score the new ones below.", "success")
                return redirect(url_for(".capture", project_id=project.id, group_id=group.id, _anchor="scores"))
            flash(f"Scores from {group.name.lower()} saved.", "success")
            return redirect(_shown(project, workshop.id, "capture"))
    return _group_page("workshops/capture.html", project, group, form, stale=False, stored=stored, **page)


@project_route(bp, "/groups/<int:group_id>/guesses", "manage", methods=EDIT, records=GROUP)
def guesses(project, group):
    workshop = group.workshop
    other = workshop.group(2 if group.position == 1 else 1)
    choices = service.survivors(workshop)
    form = guesses_form(choices, other.name if other else "the other group")
    stored = service.guesses(workshop.id).get(group.position, [])
    if not form.is_submitted():
        for rank, pid in enumerate(stored[: rules.GUESSES], start=1):
            getattr(form, f"guess_{rank}").data = str(pid)
    if form.validate_on_submit():
        picks = [getattr(form, f"guess_{r}").data for r in range(1, rules.GUESSES + 1)]
        chosen = [int(v) if v and str(v).isdigit() else None for v in picks]
        if not _saved(form, group, lambda: service.save_guesses(group, chosen)):
            return _group_page("workshops/guesses.html", project, group, form, 409, stale=True,
                               stored=service.guesses(workshop.id).get(group.position, []),
                               titles={p.id: p.title for p in workshop.priorities})
        flash(f"Guesses from {group.name.lower()} saved.", "success")
        return redirect(_shown(project, workshop.id, "capture"))
    return _group_page("workshops/guesses.html", project, group, form, stale=False, stored=stored,
                       titles={p.id: p.title for p in workshop.priorities})


@project_route(bp, "/groups/<int:group_id>/mood", "manage", methods=EDIT, records=GROUP)
def mood(project, group):
    workshop = group.workshop
    form = MoodForm()
    stored = service.moods(workshop.id)
    if not form.is_submitted():
        for (pos, moment, measure), counts in stored.items():
            if pos == group.position:
                for a, n in enumerate(counts, start=1):
                    getattr(form, f"{moment}_{measure}_{a}").data = n
    if form.validate_on_submit():
        if not _saved(form, group, lambda: service.save_mood(group, form.counts())):
            return _group_page("workshops/mood.html", project, group, form, 409, stale=True, rules=rules,
                               stored=service.moods(workshop.id))
        flash(f"Mood counts from {group.name.lower()} saved.", "success")
        return redirect(_shown(project, workshop.id, "mood"))
    return _group_page("workshops/mood.html", project, group, form, stale=False, rules=rules, stored=stored)


# --- priorities ------------------------------------------------------------------------------------------

@project_route(bp, "/priorities/<int:priority_id>/edit", "manage", methods=EDIT,
               records={"priority_id": WorkshopPriority})
def priority_edit(project, priority):
    workshop = priority.workshop
    form = PriorityForm(obj=priority)
    others = service.merge_choices(priority)
    form.set_options(workshop.groups, others)
    if not form.is_submitted():
        form.raised_by.data = str(priority.raised_by)
        form.merged_into_id.data = str(priority.merged_into_id) if priority.merged_into_id else ""

    def apply() -> None:
        priority.title = form.title.data
        priority.raised_by = int(form.raised_by.data)
        priority.merged_into_id = form.merged_into()
        for p in workshop.priorities:  # what was merged into this one now follows it
            if p.merged_into_id == priority.id and priority.merged_into_id is not None:
                p.merged_into_id = priority.merged_into_id

    return edit_record(
        priority, form, template="workshops/priority.html", back=_shown(project, workshop.id, "priorities"),
        apply=apply, saved=lambda: f"Priority “{priority.title}” saved.",
        context=_context(project, workshop, priority=priority),
    )


@project_route(bp, "/priorities/<int:priority_id>/delete", "manage", methods=EDIT,
               records={"priority_id": WorkshopPriority})
def priority_delete(project, priority):
    workshop = priority.workshop
    return delete_record(
        priority, back=_shown(project, workshop.id, "priorities"), title="Delete this priority?",
        deleted=f"Priority “{priority.title}” deleted.",
        consequence="Both groups’ scores for it and any guesses naming it are deleted with it.",
        quote=priority.title, context=_context(project, workshop),
    )


# --- quotes ----------------------------------------------------------------------------------------------

def _quote(project, workshop, quote):
    form = QuoteForm(obj=quote if quote.id else None)
    form.set_options(service.survivors(workshop))
    if not form.is_submitted() and quote.id:
        form.tag.data = f"priority:{quote.priority_id}" if quote.priority_id else (
            f"impact:{quote.impact}" if quote.impact else "")
    new = quote.id is None

    def apply() -> None:
        quote.impact, quote.priority_id = form.chosen()

    return edit_record(
        quote, form, template="workshops/quote.html", back=_shown(project, workshop.id, "quotes"),
        fields=["text", "speaker"], apply=apply, saved="Quote added." if new else "Quote saved.",
        context=_context(project, workshop, quote=None if new else quote),
    )


@project_route(bp, "/<int:workshop_id>/quotes/new", "manage", methods=EDIT, records=WORKSHOP)
def quote_new(project, workshop):
    return _quote(project, workshop, WorkshopQuote(project_id=project.id, workshop_id=workshop.id))


@project_route(bp, "/quotes/<int:quote_id>/edit", "manage", methods=EDIT, records={"quote_id": WorkshopQuote})
def quote_edit(project, quote):
    return _quote(project, quote.workshop, quote)


@project_route(bp, "/quotes/<int:quote_id>/delete", "manage", methods=EDIT, records={"quote_id": WorkshopQuote})
def quote_delete(project, quote):
    return delete_record(
        quote, back=_shown(project, quote.workshop_id, "quotes"), title="Delete this quote?",
        deleted="Quote deleted.", quote=quote.text, context=_context(project, quote.workshop),
    )


# --- agreed actions --------------------------------------------------------------------------------------

def _action(project, workshop, action):
    form = ActionForm(obj=action if action.id else None)
    form.set_options(service.survivors(workshop))
    if not form.is_submitted():
        if action.id:
            form.priority_id.data = str(action.priority_id) if action.priority_id else ""
        elif request.args.get("priority", "").isdigit():
            form.priority_id.data = request.args["priority"]
    new = action.id is None

    def apply() -> None:
        action.priority_id = form.chosen()

    return edit_record(
        action, form, template="workshops/action.html", back=_shown(project, workshop.id, "actions"),
        fields=ActionForm.FIELDS, apply=apply,
        saved=lambda: f"Action “{action.title}” {'added' if new else 'saved'}.",
        context=_context(project, workshop, action=None if new else action),
    )


@project_route(bp, "/<int:workshop_id>/actions/new", "manage", methods=EDIT, records=WORKSHOP)
def action_new(project, workshop):
    return _action(project, workshop, WorkshopAction(project_id=project.id, workshop_id=workshop.id))


@project_route(bp, "/actions/<int:workshop_action_id>/edit", "manage", methods=EDIT,
               records={"workshop_action_id": WorkshopAction})
def action_edit(project, workshop_action):
    return _action(project, workshop_action.workshop, workshop_action)


@project_route(bp, "/actions/<int:workshop_action_id>/delete", "manage", methods=EDIT,
               records={"workshop_action_id": WorkshopAction})
def action_delete(project, workshop_action):
    return delete_record(
        workshop_action, back=_shown(project, workshop_action.workshop_id, "actions"),
        title="Delete this agreed action?", deleted=f"Action “{workshop_action.title}” deleted.",
        quote=workshop_action.title, context=_context(project, workshop_action.workshop),
    )
