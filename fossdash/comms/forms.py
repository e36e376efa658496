"""Forms of the communication plan. Every field comes from fossdash.forms."""
from __future__ import annotations

from fossdash.comms.models import AUDIENCES, TECHNIQUES
from fossdash.comms.rules import STATUSES
from fossdash.forms import (
    CheckboxesField,
    ChoiceField,
    EditForm,
    Form,
    GovDateField,
    GovSubmitInput,
    SubmitField,
    WholeNumberField,
    long_text,
    options,
    radios,
    text,
)

MAX_REACHED = 10_000_000


def _optional_id(value) -> int | None:
    return int(value) if value not in (None, "") and str(value).isdigit() else None


def _reached() -> WholeNumberField:
    return WholeNumberField(
        "People reached (optional)", what="People reached", minimum=0, maximum=MAX_REACHED,
        range_message=f"People reached must be a number from 0 to {MAX_REACHED:,}", example="45",
        description="How many people it reached, as far as you know: those at a briefing, on a visit, "
                    "or sent a newsletter.")


def _feedback():
    return long_text("Feedback (optional)", 5000, what="Feedback",
                     description="What people said, asked or worried about. Do not name anyone.")


class ActionForm(EditForm):
    title = text("What is it?", 200, required="Enter what the action is", what="What the action is",
                 description="For example, “Chief executive’s first all-staff briefing”.")
    technique = radios("Technique", TECHNIQUES, "Select the technique")
    audience = radios("Who is it for?", AUDIENCES, "Select who it is for")
    agency_id = ChoiceField("Which agency’s staff?", message="Select which agency’s staff", required=False,
                            invalid="Select an agency from the list")
    staff_group_id = ChoiceField("Which staff group?", message="Select which staff group", required=False,
                                 invalid="Select a staff group from the list")
    owner = text("Owner", 200, required="Enter who owns it", what="Owner",
                 description="The person or post who makes it happen, for example “Chief executive”.")
    due_on = GovDateField("Due date", description="For example, 27 3 2007", required="Enter the due date")
    done_on = GovDateField("Date done (optional)", what="Date done", past_only=True,
                           description="Leave blank until it has happened.")
    people_reached = _reached()
    feedback = _feedback()
    concern_ids = CheckboxesField("Concerns it answers (optional)", coerce=int,
                                  message="Select concerns from the list")
    submit = SubmitField("Save", widget=GovSubmitInput())

    FIELDS = ["title", "technique", "audience", "owner", "due_on", "done_on", "people_reached", "feedback"]

    def set_options(self, project, concerns) -> None:
        agencies = sorted(((p.agency.id, p.agency.name) for p in project.partnerships), key=lambda a: a[1])
        self.agency_id.choices = options(((str(i), n) for i, n in agencies), blank="Select an agency")
        self.staff_group_id.choices = options(((str(g.id), g.name) for g in project.staff_groups),
                                              blank="Select a staff group")
        self.concern_ids.choices = [(c.id, f"{c.kind_label} {c.id}: {_short(c.text)}") for c in concerns]

    def chosen(self) -> tuple[int | None, int | None]:
        """The agency and staff group, kept only where the audience is one of them."""
        agency = _optional_id(self.agency_id.data) if self.audience.data == "agency" else None
        group = _optional_id(self.staff_group_id.data) if self.audience.data == "staff_group" else None
        return agency, group


def _short(words: str, limit: int = 90) -> str:
    words = " ".join((words or "").split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


class DoneForm(EditForm):
    """Record an action as done: when, how many it reached, what they said."""

    done_on = GovDateField("Date done", what="Date done", past_only=True, required="Enter the date it was done",
                           description="For example, 27 3 2007")
    people_reached = _reached()
    feedback = _feedback()
    submit = SubmitField("Save", widget=GovSubmitInput())

    FIELDS = ["done_on", "people_reached", "feedback"]


class LeadForm(EditForm):
    lead_name = text("Name", 200, required="Enter the communications lead’s name", what="Name")
    lead_role = text("Job title (optional)", 200, what="Job title",
                     description="For example, “Communications officer, Staffordshire Moorlands District Council”.")
    submit = SubmitField("Save", widget=GovSubmitInput())


class FilterForm(Form):
    """The plan's filters (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    status = ChoiceField("Status", choices=options(STATUSES, blank="Any status"), required=False,
                         validate_choice=False)
    technique = ChoiceField("Technique", choices=options(TECHNIQUES, blank="Any technique"), required=False,
                            validate_choice=False)
    audience = ChoiceField("Audience", choices=options(AUDIENCES, blank="Any audience"), required=False,
                           validate_choice=False)


__all__ = ["ActionForm", "DoneForm", "LeadForm", "FilterForm"]
