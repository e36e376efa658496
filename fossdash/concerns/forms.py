"""Forms for concerns, their answers, rumour-busting Q&A, the staff link and the register filters."""
from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, ValidationError
from wtforms.validators import StopValidation

from fossdash.concerns.models import CATEGORIES, CATEGORY_HINTS, CHANNELS, KINDS, SEVERITIES, STAFF_LINK, STATUSES
from fossdash.concerns.service import raiser_problem
from fossdash.forms import GovDateField as SharedGovDateField
from fossdash.forms import (
    FlaskForm,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    VersionedForm,
    WholeNumberField,
    choices,
)

TEXT_MAX = 5000
NO_ANSWER = ""  # "Prefer not to say" / "Not known"


class GovDateField(SharedGovDateField):
    """The shared GOV.UK date field (day, month, year boxes and GOV.UK messages; a forged post
    with fewer than three boxes still renders), required with its own message when `required`
    is given, and never in the future unless `past_only` is False."""

    def __init__(self, label=None, validators=None, required: str | None = None, past_only: bool = True, **kw):
        super().__init__(label, validators, **kw)
        self.required = required  # the message when all three boxes are empty (None: optional)
        self.past_only = past_only

    def pre_validate(self, form):
        # (InputRequired would look at the day box only, and wipe the messages above.)
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required:
            raise StopValidation(self.required)
        if self.data and self.past_only and self.data > date.today():
            raise ValidationError(f"{self.label.text} must be today or in the past")


class ListField(SelectField):
    """An optional select whose value must be one of its options (GOV.UK wording if not); blank
    when the field is left out of the form (the staff form hides lists with nothing to choose)."""

    def __init__(self, label=None, validators=None, message: str = "Select an option from the list", **kw):
        kw.setdefault("default", NO_ANSWER)
        super().__init__(label, validators, choices=[], validate_choice=True, **kw)
        self.message = message

    def pre_validate(self, form):
        if self.data in (None, NO_ANSWER):
            self.data = NO_ANSWER
            return
        if str(self.data) not in {str(value) for value, _label in self.choices}:
            raise ValidationError(self.message)


def _id_choices(items, blank: str) -> list[tuple[str, str]]:
    return [(NO_ANSWER, blank)] + [(str(i), label) for i, label in items]


def _optional_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class ConcernForm(VersionedForm):
    kind = RadioField(
        "Is it a concern or a question?", widget=GovRadioInput(), choices=list(KINDS.items()), default="concern",
        validators=[InputRequired(message="Select whether it is a concern or a question")],
        invalid_choice_message="Select whether it is a concern or a question",
    )
    text = TextAreaField(
        "What did they say?", widget=GovTextArea(),
        description="Use their words where you can.",
        validators=[InputRequired(message="Enter what they said"),
                    Length(max=TEXT_MAX, message=f"What they said must be {TEXT_MAX:,} characters or fewer")],
    )
    category = SelectField(
        "Category", widget=GovSelect(), choices=choices(CATEGORIES, blank="Select a category"),
        validators=[InputRequired(message="Select a category")],
        invalid_choice_message="Select a category from the list",
    )
    channel = SelectField(
        "How was it raised?", widget=GovSelect(),
        choices=choices({k: v for k, v in CHANNELS.items() if k != STAFF_LINK}, blank="Select how it was raised"),
        validators=[InputRequired(message="Select how it was raised")],
        invalid_choice_message="Select how it was raised from the list",
    )
    raised_on = GovDateField("Date raised", description="For example, 27 3 2007",
                             required="Enter the date it was raised")
    severity = RadioField(
        "Severity", widget=GovRadioInput(), choices=list(SEVERITIES.items()), default="medium",
        validators=[InputRequired(message="Select the severity")],
        invalid_choice_message="Select the severity",
    )
    agency_id = ListField("Agency (optional)", widget=GovSelect(), message="Select an agency from the list")
    staff_group_id = ListField("Staff group (optional)", widget=GovSelect(),
                               message="Select a staff group from the list")
    raised_by = StringField(
        "Raised by (optional)", widget=GovTextInput(),
        description="Only if they gave their name and agreed to it being recorded. Leave blank for an "
                    "anonymous concern, and always for one raised through the union (a name would record "
                    "their union membership). Union representatives never see this name.",
        validators=[Optional(), Length(max=200, message="Raised by must be 200 characters or fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_raised_by(self, field):
        if "channel" in self:
            problem = raiser_problem(self.channel.data, field.data)
            if problem:
                raise ValidationError(problem)

    def set_options(self, project) -> None:
        if "agency_id" not in self:  # a concern from the staff link keeps what its sender gave
            return
        agencies = sorted(((p.agency.id, p.agency.name) for p in project.partnerships), key=lambda a: a[1])
        self.agency_id.choices = _id_choices(agencies, "Not known")
        self.staff_group_id.choices = _id_choices(((g.id, g.name) for g in project.staff_groups), "Not known")
        for field in (self.agency_id, self.staff_group_id):
            if field.data is not None and not isinstance(field.data, str):
                field.data = str(field.data)

    def values(self) -> dict:
        out = {
            "kind": self.kind.data,
            "text": self.text.data.strip(),
            "category": self.category.data,
            "severity": self.severity.data,
            "raised_on": self.raised_on.data,
        }
        if "agency_id" in self:
            out["agency_id"] = _optional_id(self.agency_id.data)
            out["staff_group_id"] = _optional_id(self.staff_group_id.data)
        if "channel" in self:
            out["channel"] = self.channel.data
        if "raised_by" in self:
            out["raised_by"] = (self.raised_by.data or "").strip() or None
        return out


class AnswerForm(VersionedForm):
    response = TextAreaField(
        "Response", widget=GovTextArea(),
        description="What you told them, or will tell them. Staff who raised it anonymously see it only if "
                    "you publish it as a question and answer.",
        validators=[Length(max=TEXT_MAX, message=f"Response must be {TEXT_MAX:,} characters or fewer")],
    )
    actions = TextAreaField(
        "Actions taken (optional)", widget=GovTextArea(),
        description="For example, “Added to the next all-staff briefing” or “Arranged a visit to a live Gateway”.",
        validators=[Length(max=TEXT_MAX, message=f"Actions taken must be {TEXT_MAX:,} characters or fewer")],
    )
    status = RadioField(
        "Status", widget=GovRadioInput(), choices=list(STATUSES.items()),
        validators=[InputRequired(message="Select a status")],
        invalid_choice_message="Select a status",
    )
    submit = SubmitField("Save response", widget=GovSubmitInput())
    # Save, then go on to word it as a question and answer for the staff page.
    and_publish = SubmitField("Save and publish for staff", widget=GovSubmitInput())

    def validate_response(self, field):
        if self.status.data == "answered" and not (field.data or "").strip():
            raise ValidationError("Enter the response before marking it answered")


class CloseForm(VersionedForm):
    note = TextAreaField(
        "Why is it being closed? (optional)", widget=GovTextArea(),
        description="Kept in the concern’s history.",
        validators=[Length(max=1000, message="The reason must be 1,000 characters or fewer")],
    )
    submit = SubmitField("Close it", widget=GovSubmitInput())


class QuestionAnswerForm(VersionedForm):
    question = TextAreaField(
        "Question", widget=GovTextArea(),
        description="As staff will read it. Take out anything that could identify who asked.",
        validators=[InputRequired(message="Enter the question"),
                    Length(max=2000, message="The question must be 2,000 characters or fewer")],
    )
    answer = TextAreaField(
        "Answer", widget=GovTextArea(),
        validators=[InputRequired(message="Enter the answer"),
                    Length(max=TEXT_MAX, message=f"The answer must be {TEXT_MAX:,} characters or fewer")],
    )
    position = WholeNumberField(
        "Order on the staff page (optional)", error_name="Order",
        description="Lower numbers are listed first. Leave blank to list newest first, after any numbered ones.",
        validators=[Optional(), NumberRange(min=1, max=999, message="Order must be a number from 1 to 999")],
    )
    publish = SubmitField("Publish to the staff page", widget=GovSubmitInput())
    save_draft = SubmitField("Save as a draft", widget=GovSubmitInput())


class PublicationForm(VersionedForm):
    """Publish or unpublish a Q&A from the list (a button)."""

    submit = SubmitField("Change", widget=GovSubmitInput())


class ReplaceLinkForm(FlaskForm):
    submit = SubmitField("Replace the link", widget=GovSubmitInput())


class StaffConcernForm(FlaskForm):
    """The anonymous form on the staff page: words, category, optionally agency and group."""

    kind = RadioField(
        "What would you like to do?", widget=GovRadioInput(),
        choices=[("concern", "Raise a concern"), ("question", "Ask a question")],
        validators=[InputRequired(message="Select whether you want to raise a concern or ask a question")],
        invalid_choice_message="Select whether you want to raise a concern or ask a question",
    )
    category = RadioField(
        "What is it about?", widget=GovRadioInput(), choices=[],
        validators=[InputRequired(message="Select what it is about")],
        invalid_choice_message="Select what it is about",
    )
    text = TextAreaField(
        "Your concern or question", widget=GovTextArea(),
        description="Do not include your name, or anything else that could identify you or a colleague, "
                    "unless you want to.",
        validators=[InputRequired(message="Enter your concern or question"),
                    Length(max=TEXT_MAX, message=f"Your concern or question must be {TEXT_MAX:,} characters or fewer")],
    )
    agency_id = ListField(
        "Who do you work for? (optional)", widget=GovSelect(), message="Select who you work for from the list",
        description="This helps the programme see where worries are. You do not have to say.",
    )
    staff_group_id = ListField(
        "Which staff group are you in? (optional)", widget=GovSelect(),
        message="Select your staff group from the list",
        description="In a small group this could make it easier to guess who you are.",
    )
    submit = SubmitField("Send", widget=GovSubmitInput())

    def set_options(self, project, category_labels: dict[str, str]) -> None:
        k = project.anonymity_k
        self.agency_id.description = (
            "This helps the programme see where worries are. You do not have to say. The programme team sees it "
            f"only if at least {k} of that organisation’s staff are part of this change.")
        self.staff_group_id.description = (
            f"The programme team sees it only if at least {k} people are in your group, so that you cannot be "
            "picked out.")
        self.category.choices = list(category_labels.items())
        agencies = sorted(((p.agency.id, p.agency.name) for p in project.partnerships), key=lambda a: a[1])
        self.agency_id.choices = _id_choices(agencies, "Prefer not to say")
        self.staff_group_id.choices = _id_choices(((g.id, g.name) for g in project.staff_groups), "Prefer not to say")

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "category": self.category.data,
            "text": self.text.data.strip(),
            "agency_id": _optional_id(self.agency_id.data),
            "staff_group_id": _optional_id(self.staff_group_id.data),
        }


SORTS = {
    "raised_on": "Raised",
    "category": "Category",
    "status": "Status",
    "severity": "Severity",
}


class FilterForm(FlaskForm):
    """The register's filters (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField("Search the text", widget=GovTextInput())
    category = SelectField("Category", widget=GovSelect(), choices=choices(CATEGORIES, blank="Any category"),
                           validate_choice=False)
    status = SelectField("Status", widget=GovSelect(), choices=choices(STATUSES, blank="Any status"),
                         validate_choice=False)
    agency = SelectField("Agency", widget=GovSelect(), choices=[("", "Any agency")], validate_choice=False)
    kind = SelectField("Concern or question", widget=GovSelect(),
                       choices=[("", "Both")] + [(k, v + "s") for k, v in KINDS.items()],
                       validate_choice=False)

    def set_options(self, agencies) -> None:
        self.agency.choices = [("", "Any agency")] + [(str(a.id), a.name) for a in agencies]


__all__ = [
    "AnswerForm", "CloseForm", "ConcernForm", "FilterForm", "PublicationForm", "QuestionAnswerForm",
    "ReplaceLinkForm", "StaffConcernForm", "SORTS", "CATEGORY_HINTS",
]
