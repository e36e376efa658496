"""The training plan: overview (coverage, charts, courses), courses, sessions, attendance, export.
Everyone on the project reads it; HR and programme managers ("train") change it."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for

from fossdash import editing
from fossdash.charts.training import coverage_chart, staff_days_chart
from fossdash.downloads import send_workbook
from fossdash.editing import delete_record, edit_record
from fossdash.extensions import db
from fossdash.metrics import training as metrics
from fossdash.metrics.milestones import milestones
from fossdash.returns import training as training_returns
from fossdash.security import project_route
from fossdash.training import bp, service
from fossdash.training.forms import CourseForm, SessionForm, attendance_form
from fossdash.training.models import TrainingCourse, TrainingSession
from fossdash.training.rules import attendance_problems

EDIT = ["GET", "POST"]
COURSE = {"course_id": TrainingCourse}
SESSION = {"course_id": TrainingCourse, "training_session_id": TrainingSession}


def _index(project) -> str:
    return url_for("training.index", project_id=project.id)


def _course_url(project, course) -> str:
    return url_for("training.course", project_id=project.id, course_id=course.id)


def _own(session, course) -> None:
    if session.course_id != course.id:  # a session of another course, in this project
        from flask import abort

        abort(404)


@project_route(bp, "/<int:project_id>/training")
def index(project):
    plan = metrics.plan(project.id)
    today = date.today()
    rows, total = service.coverage_rows(plan)
    marks = milestones(project.id)
    courses = service.courses(project)
    low = metrics.low_attendance(plan, today)
    sessions = service.sessions_by_id(project) if low else {}
    return render_template(
        "training/index.html", project=project, courses=courses, coverage=rows, total=total,
        coverage_chart=coverage_chart(plan, marks, today) if plan.rows else None,
        days_chart=staff_days_chart(plan, today) if plan.rows else None,
        low=[(item, sessions[item.session_id]) for item in low], unrecorded=len(metrics.unrecorded(plan, today)),
        totals={s.id: service.session_totals(s) for c in courses for s in c.sessions},
        illustrative=any(c.illustrative for c in courses), percent=service.percent, today=today)


@project_route(bp, "/<int:project_id>/training/export.xlsx", "export")
def export(project):
    rows = service.export_rows(project)
    rows_all, total = service.coverage_rows(metrics.plan(project.id))
    return send_workbook(training_returns.sheets(project, rows, rows_all, total), title=training_returns.TITLE,
                         what="training-plan", project=project, entity="training_course", count=len(rows))


def _edit_course(project, course: TrainingCourse, verb: str):
    form = CourseForm(obj=course if course.id else None)
    form.set_options(service.provider_agencies(project, course), service.staff_groups(project))
    if course.id:
        form.load(course)
    return edit_record(course, form, template="training/course_form.html", back=_course_url(project, course)
                       if course.id else _index(project), apply=lambda: service.apply_course(course, form),
                       add=lambda c: _course_url(project, c), saved=lambda: f"Course ‘{course.title}’ {verb}.",
                       context={"project": project, "nav_current": "training.index"})


@project_route(bp, "/<int:project_id>/training/courses/new", "train", methods=EDIT)
def new_course(project):
    return _edit_course(project, TrainingCourse(project_id=project.id), "added")


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>", records=COURSE)
def course(project, course):
    course = service.load_course(course)
    plan = metrics.plan(project.id).for_course(course.id)
    rows, total = service.coverage_rows(plan)
    return render_template("training/course.html", project=project, course=course, coverage=rows, total=total,
                           totals={s.id: service.session_totals(s) for s in course.sessions},
                           percent=service.percent, nav_current="training.index")


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/edit", "train", methods=EDIT, records=COURSE)
def edit_course(project, course):
    return _edit_course(project, course, "saved")


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/delete", "train", methods=EDIT,
               records=COURSE)
def delete_course(project, course):
    n = len(course.sessions)
    return delete_record(
        course, back=_index(project), title=f"Delete the course ‘{course.title}’?",
        deleted=f"Course ‘{course.title}’ deleted.",
        consequence=(f"Its {n} session{'s' if n != 1 else ''} and their attendance will be deleted too." if n
                     else "It has no sessions."),
        context={"project": project, "nav_current": "training.index"})


def _edit_session(project, course, session: TrainingSession, verb: str):
    form = SessionForm(obj=session if session.id else None)
    if not session.id and not form.is_submitted():
        form.capacity.data = None
    return edit_record(session, form, fields=SessionForm.FIELDS, template="training/session_form.html",
                       back=_course_url(project, course),
                       add=lambda s: url_for("training.attendance", project_id=project.id, course_id=course.id,
                                             training_session_id=s.id),
                       saved=lambda: f"Session {session.starts_on:%-d %B %Y} {verb}.",
                       context={"project": project, "course": course, "nav_current": "training.index"})


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/sessions/new", "train", methods=EDIT,
               records=COURSE)
def new_session(project, course):
    return _edit_session(project, course, TrainingSession(project_id=project.id, course_id=course.id), "added")


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/sessions/<int:training_session_id>/edit",
               "train", methods=EDIT, records=SESSION)
def edit_session(project, course, training_session):
    _own(training_session, course)
    return _edit_session(project, course, training_session, "saved")


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/sessions/<int:training_session_id>/delete",
               "train", methods=EDIT, records=SESSION)
def delete_session(project, course, training_session):
    _own(training_session, course)
    when = f"{training_session.starts_on:%-d %B %Y}"
    return delete_record(training_session, back=_course_url(project, course),
                         title=f"Delete the session starting {when}?", deleted=f"Session starting {when} deleted.",
                         consequence="Its attendance counts will be deleted too.",
                         context={"project": project, "nav_current": "training.index"})


@project_route(bp, "/<int:project_id>/training/courses/<int:course_id>/sessions/<int:training_session_id>/attendance",
               "train", methods=EDIT, records=SESSION)
def attendance(project, course, training_session):
    session = training_session
    _own(session, course)
    groups = service.session_groups(session)
    form = attendance_form(session, groups)()
    service.fill_attendance_form(form, session, groups)
    back = _course_url(project, course)
    # A course for no staff group has no boxes to fill: a POST saves nothing and shows the page again.
    if groups and form.validate_on_submit():
        counts = service.typed_counts(form, groups)
        problems = attendance_problems(counts, capacity=session.capacity, confirmed=bool(form.confirm_over.data),
                                       starts_on=session.starts_on, ends_on=session.ends_on, today=date.today())
        for name, message in problems.items():
            getattr(form, name).errors.append(message)
        if not problems:
            raw = (form.version.raw_data or [""])[0]
            db.session.refresh(session)
            if raw != str(session.version):
                return editing.conflict_page(service.StoredCounts(session, groups), form, back)
            service.save_attendance(session, counts)
            db.session.commit()
            flash(f"Attendance saved for the session starting {session.starts_on:%-d %B %Y}.", "success")
            return redirect(back)
    editing.stamp(form, session)
    return render_template("training/attendance.html", project=project, course=course, session=session,
                           groups=groups, form=form, back=back, nav_current="training.index")
