"""Forms for concerns, their answers, rumour-busting Q&A, the staff link and the register filters.
Every field comes from fossdash.forms."""
from __future__ import annotations

from fossdash.concerns.models import CATEGORIES, CATEGORY_HINTS, CHANNELS, KINDS, SEVERITIES, STAFF_LINK, STATUSES
from fossdash.concerns.service import raiser_problem
from fossdash.forms import (
    ChoiceField,
    EditForm,
    Form,
    GovDateField,
    GovSubmitInput,
    GovTextInput,
    StringField,
    SubmitField,
    ValidationError,
    WholeNumberField,
    long_text,
    options,
    radios,
    select,
)
from fossdash.forms import text as one_line  # (the forms below have a field called `text`)

TEXT_MAX = 5000
NO_ANSWER = ""  # "Prefer not to say" / "Not known"


def _list(label: str, message: str, **kw) -> ChoiceField:
    """An optional select of the project's agencies or staff groups (options set by the view);
    blank when left out of the form (the staff form hides lists with nothing to choose)."""
    return ChoiceField(label, message=message, required=False, default=NO_ANSWER, **kw)


def _id_choices(items, blank: str):
    return options(((str(i), label) for i, label in items), blank=blank)


def _optional_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class ConcernForm(EditForm):
    kind = radios("Is it a concern or a question?", KINDS, "Select whether it is a concern or a question",
                  default="concern")
    text = long_text("What did they say?", TEXT_MAX, required="Enter what they said", what="What they said",
                     description="Use their words where you can.")
    category = select("Category", CATEGORIES, "Select a category", blank="Select a category",
                      invalid="Select a category from the list")
    channel = select("How was it raised?", {k: v for k, v in CHANNELS.items() if k != STAFF_LINK},
                     "Select how it was raised", blank="Select how it was raised",
                     invalid="Select how it was raised from the list")
    raised_on = GovDateField("Date raised", description="For example, 27 3 2007",
                             required="Enter the date it was raised", past_only=True)
    severity = radios("Severity", SEVERITIES, "Select the severity", default="medium")
    agency_id = _list("Agency (optional)", "Select an agency from the list")
    staff_group_id = _list("Staff group (optional)", "Select a staff group from the list")
    raised_by = one_line(
        "Raised by (optional)", what="Raised by",
        description="Only if they gave their name and agreed to it being recorded. Leave blank for an "
                    "anonymous concern, and always for one raised through the union (a name would record "
                    "their union membership). Union representatives never see this name.",
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

    def values(self) -> dict:
        out = {
            "kind": self.kind.data,
            "text": self.text.data,
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
            out["raised_by"] = self.raised_by.data or None
        return out


class AnswerForm(EditForm):
    response = long_text(
        "Response", TEXT_MAX,
        description="What you told them, or will tell them. Staff who raised it anonymously see it only if "
                    "you publish it as a question and answer.",
    )
    actions = long_text(
        "Actions taken (optional)", TEXT_MAX, what="Actions taken",
        description="For example, “Added to the next all-staff briefing” or “Arranged a visit to a live Gateway”.",
    )
    status = radios("Status", STATUSES, "Select a status")
    submit = SubmitField("Save response", widget=GovSubmitInput())
    # Save, then go on to word it as a question and answer for the staff page.
    and_publish = SubmitField("Save and publish for staff", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.response.data:  # an empty response saves nothing, whatever the status says
            self.response.errors[:] = ["Enter the response before marking it answered"
                                       if self.status.data == "answered" else "Enter the response"]
            ok = False
        return ok


class CloseForm(EditForm):
    note = long_text("Why is it being closed? (optional)", 1000, what="The reason",
                     description="Kept in the concern’s history.")
    submit = SubmitField("Close it", widget=GovSubmitInput())


class QuestionAnswerForm(EditForm):
    question = long_text("Question", 2000, required="Enter the question", what="The question",
                         description="As staff will read it. Take out anything that could identify who asked.")
    answer = long_text("Answer", TEXT_MAX, required="Enter the answer", what="The answer")
    position = WholeNumberField(
        "Order on the staff page (optional)", what="Order", minimum=1, maximum=999,
        range_message="Order must be a number from 1 to 999",
        description="Lower numbers are listed first. Leave blank to list newest first, after any numbered ones.",
    )
    publish = SubmitField("Publish to the staff page", widget=GovSubmitInput())
    save_draft = SubmitField("Save as a draft", widget=GovSubmitInput())


class PublicationForm(EditForm):
    """Publish or unpublish a Q&A from the list (a button)."""

    submit = SubmitField("Change", widget=GovSubmitInput())


class ReplaceLinkForm(Form):
    submit = SubmitField("Replace the link", widget=GovSubmitInput())


class StaffConcernForm(Form):
    """The anonymous form on the staff page: words, category, optionally agency and group."""

    kind = radios("What would you like to do?", {"concern": "Raise a concern", "question": "Ask a question"},
                  "Select whether you want to raise a concern or ask a question")
    category = radios("What is it about?", (), "Select what it is about")
    text = long_text(
        "Your concern or question", TEXT_MAX, required="Enter your concern or question",
        description="Do not include your name, or anything else that could identify you or a colleague, "
                    "unless you want to.",
    )
    agency_id = _list("Who do you work for? (optional)", "Select who you work for from the list",
                      description="This helps the programme see where worries are. You do not have to say.")
    staff_group_id = _list("Which staff group are you in? (optional)", "Select your staff group from the list",
                           description="In a small group this could make it easier to guess who you are.")
    submit = SubmitField("Send", widget=GovSubmitInput())

    def set_options(self, project, category_labels: dict[str, str]) -> None:
        k = project.anonymity_k
        self.agency_id.description = (
            "This helps the programme see where worries are. You do not have to say. The programme team sees it "
            f"only if at least {k} of that organisation’s staff are part of this change.")
        self.staff_group_id.description = (
            f"The programme team sees it only if at least {k} people are in your group, so that you cannot be "
            "picked out.")
        self.category.choices = category_labels
        agencies = sorted(((p.agency.id, p.agency.name) for p in project.partnerships), key=lambda a: a[1])
        self.agency_id.choices = _id_choices(agencies, "Prefer not to say")
        self.staff_group_id.choices = _id_choices(((g.id, g.name) for g in project.staff_groups), "Prefer not to say")

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "category": self.category.data,
            "text": self.text.data,
            "agency_id": _optional_id(self.agency_id.data),
            "staff_group_id": _optional_id(self.staff_group_id.data),
        }


SORTS = {
    "raised_on": "Raised",
    "category": "Category",
    "status": "Status",
    "severity": "Severity",
}


def _filter(label: str, choices) -> ChoiceField:
    return ChoiceField(label, choices=choices, required=False, validate_choice=False)


class FilterForm(Form):
    """The register's filters (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField("Search the text", widget=GovTextInput())
    category = _filter("Category", options(CATEGORIES, blank="Any category"))
    status = _filter("Status", options(STATUSES, blank="Any status"))
    agency = _filter("Agency", options(blank="Any agency"))
    kind = _filter("Concern or question", options({k: v + "s" for k, v in KINDS.items()}, blank="Both"))

    def set_options(self, agencies) -> None:
        self.agency.choices = options(((str(a.id), a.name) for a in agencies), blank="Any agency")


__all__ = [
    "AnswerForm", "CloseForm", "ConcernForm", "FilterForm", "PublicationForm", "QuestionAnswerForm",
    "ReplaceLinkForm", "StaffConcernForm", "SORTS", "CATEGORY_HINTS",
]
