"""Forms for survey rounds, answer codes, and the staff's answer. Every field from fossdash.forms."""
from __future__ import annotations

from datetime import date

from fossdash.forms import (
    BooleanField,
    EditForm,
    Form,
    GovCheckboxInput,
    GovDateField,
    GovSubmitInput,
    SubmitField,
    ValidationError,
    WholeNumberField,
    long_text,
    options,
    radios,
    select,
    text,
)
from fossdash.surveys.models import COMMENT_MAX, MAX_OWN, RECOMMEND, SCALE
from fossdash.surveys.service import MAX_CODES


class RoundForm(EditForm):
    title = text("Title", 200, required="Enter a title", description="For example, Spring pulse 2008")
    opens_on = GovDateField("Opens", description="For example, 3 3 2008", required="Enter the date it opens")
    closes_on = GovDateField("Closes", description="The last day staff can answer",
                             required="Enter the date it closes")
    own_items = long_text(
        "Statements of your own (optional)", 1200, what="Statements of your own",
        description=f"Up to {MAX_OWN}, one a line. Staff answer each from strongly disagree to strongly agree, "
                    "after the five core statements.")
    ask_comment = BooleanField("Ask for a comment", widget=GovCheckboxInput(), default=True)
    ask_agency = BooleanField("Ask which organisation they work for", widget=GovCheckboxInput(), default=True)
    ask_group = BooleanField("Ask which staff group they are in", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save round", widget=GovSubmitInput())

    # Set by the view for a round that has answers: `today`, and the closing date it has now. Such a
    # round cannot be closed in the past (closing releases its held answers, so a back-dated close
    # and a reopening would release one day's answers on their own), nor reopened once closed.
    answered_today: date | None = None
    closed_on: date | None = None

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("Closes must be the same as or after the date it opens")
        today = self.answered_today
        if field.data and today is not None and field.data != self.closed_on:  # (unchanged: as it was)
            if self.closed_on is not None and self.closed_on < today:
                raise ValidationError("This round has closed and has answers, so its closing date cannot change")
            if field.data < today:
                raise ValidationError("Closes must be today or later: this round has answers")

    def validate_own_items(self, field):
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > MAX_OWN:
            raise ValidationError(f"Enter {MAX_OWN} statements or fewer, one a line")
        if any(len(line) > 200 for line in lines):
            raise ValidationError("Each statement must be 200 characters or fewer")

    def own_list(self) -> list[str]:
        return [line.strip() for line in (self.own_items.data or "").splitlines() if line.strip()]


class CodesForm(Form):
    count = WholeNumberField("How many codes?", what="How many codes",
                             description="One for each member of staff who may answer. Hand them out at random.")
    submit = SubmitField("Make codes", widget=GovSubmitInput())

    def validate_count(self, field):
        if field.data is None:
            raise ValidationError("Enter how many codes")
        if not 1 <= field.data <= MAX_CODES:
            raise ValidationError(f"How many codes must be between 1 and {MAX_CODES:,}")


def answer_form(round_, project):
    """The staff's form for one round: its items, recommend, comment, agency and group."""
    fields = {}
    scale = {str(k): v for k, v in SCALE.items()}
    if round_.uses_codes:
        fields["code"] = text("Your answer code", 20, required="Enter the code from your slip",
                              description="It is on the slip you were given, for example ABCDE-FGHJK. "
                                          "It works once and is not linked to your answers.")
    for col, statement in round_.items:
        fields[col] = radios(statement, scale, "Select how much you agree: " + statement)
    fields["recommend"] = radios(RECOMMEND, {str(i): str(i) for i in range(11)},
                                 "Select a number from 0 to 10",
                                 description="0 is not at all likely, 10 is extremely likely")
    if round_.ask_comment:
        fields["comment"] = long_text(
            "Anything else you want to tell us? (optional)", COMMENT_MAX, what="Your comment",
            description="Do not include your name, or anything else that could identify you or a colleague.")
    if round_.ask_agency:
        agencies = sorted(((p.agency.id, p.agency.name) for p in project.partnerships), key=lambda a: a[1])
        fields["agency_id"] = select("Who do you work for? (optional)", {str(i): n for i, n in agencies},
                                     "Select who you work for from the list", blank="Prefer not to say",
                                     required=False)
    if round_.ask_group:
        groups = [(g.id, g.name) for g in project.staff_groups]
        fields["staff_group_id"] = select("Which staff group are you in? (optional)",
                                          {str(i): n for i, n in groups},
                                          "Select your staff group from the list", blank="Prefer not to say",
                                          required=False)
    fields["submit"] = SubmitField("Send my answers", widget=GovSubmitInput())
    cls = type("AnswerForm", (Form,), fields)
    form = cls()
    return form


def answer_values(form, round_) -> dict:
    out: dict = {}
    for col, _ in round_.items:
        raw = getattr(form, col).data
        out[col] = int(raw) if raw and str(raw).isdigit() else None
    raw = form.recommend.data
    out["recommend"] = int(raw) if raw is not None and str(raw).isdigit() else None
    if hasattr(form, "comment"):
        out["comment"] = form.comment.data or ""
    for key in ("agency_id", "staff_group_id"):
        if hasattr(form, key):
            raw = getattr(form, key).data
            out[key] = int(raw) if raw and str(raw).isdigit() else None
    return out


__all__ = ["options"]
