"""The survey pages behind the project's staff link: no account, nothing about the person kept.

Rate limits (Flask-Limiter, keyed by an HMAC of the address, never the address; see the report in
the branch's note). The staff link's own limit (10 a minute, 100 a day per address, across all
projects) would refuse the 11th colleague in a minute behind one council building's address, so
the survey form has its own, per round and address: SURVEY_RATE_LIMIT, default 60 a minute and
600 a day — room for a 300-person building answering after a briefing, while one person stuffing
a round is held to what a building could plausibly send. A round that needs one answer per person
uses codes: then each code is also limited (5 tries an hour per code), and a spent code is refused.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import abort, current_app, redirect, render_template, request, url_for

from fossdash.concerns import staff_link
from fossdash.concerns.staff_views import _anonymous
from fossdash.extensions import db, limiter
from fossdash.security import public
from fossdash.surveys import release, service, staff_bp as bp
from fossdash.surveys.forms import answer_form, answer_values
from fossdash.surveys.models import SurveyRound

DEFAULT_LIMIT = "60 per minute;600 per day"
CODE_LIMIT = "5 per hour"

bp.before_request(_anonymous)


def _hmac(value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def _round_key() -> str:
    round_id = (request.view_args or {}).get("round_id")
    return f"survey:{round_id}:{_hmac(request.remote_addr or '')}"


def _code_key() -> str:
    return f"survey-code:{_hmac(service.normal_code(request.form.get('code', '')))}"


def _limit() -> str:
    return current_app.config.get("SURVEY_RATE_LIMIT", DEFAULT_LIMIT)


def _round(token: str, round_id: int):
    project = staff_link.project_for_token(token)
    if project is None:
        abort(404)
    round_ = db.session.get(SurveyRound, round_id)
    if round_ is None or round_.project_id != project.id:
        abort(404)
    return project, round_


@bp.route("/<token>/survey/<int:round_id>/")
@public
def start(token: str, round_id: int):
    project, round_ = _round(token, round_id)
    return render_template("surveys/staff/start.html", project=project, token=token, round=round_,
                           is_open=round_.is_open(service.today()))


@bp.route("/<token>/survey/<int:round_id>/answer", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"], key_func=_round_key)
@limiter.limit(CODE_LIMIT, methods=["POST"], key_func=_code_key,
               exempt_when=lambda: not request.form.get("code"))
def answer(token: str, round_id: int):
    project, round_ = _round(token, round_id)
    if not round_.is_open(service.today()):
        return render_template("surveys/staff/start.html", project=project, token=token, round=round_,
                               is_open=False)
    form = answer_form(round_, project)
    if form.validate_on_submit():
        problem = service.check_code(round_, form.code.data) if round_.uses_codes else None
        if problem:
            form.code.errors = [problem]
        else:
            service.submit(project, round_, answer_values(form, round_), form.code.data if round_.uses_codes else None)
            db.session.commit()
            return redirect(url_for(".done", token=token, round_id=round_.id))
    return render_template("surveys/staff/answer.html", project=project, token=token, round=round_, form=form)


@bp.route("/<token>/survey/<int:round_id>/done")
@public
def done(token: str, round_id: int):
    project, round_ = _round(token, round_id)
    return render_template("surveys/staff/done.html", project=project, token=token, round=round_)


def init_app(app) -> None:
    import click

    app.config.setdefault("SURVEY_RATE_LIMIT", DEFAULT_LIMIT)

    @app.cli.command("release-held")
    def release_held_command():
        """Release held survey answers and link concerns (shuffled); a periodic job can run the same."""
        from fossdash import audit

        with audit.cli_actor("release-held"):
            answers, concerns = release.release_held()
        click.echo(f"Released {answers} survey answers and {concerns} link concerns.")

    @app.context_processor
    def _open_rounds():
        def open_survey_rounds(project):
            return service.open_rounds(project.id)

        return {"open_survey_rounds": open_survey_rounds}
