"""Forms for courses, sessions and attendance. Every field comes from fossdash.forms."""
from __future__ import annotations

from fossdash.forms import (
    BooleanField,
    CheckboxesField,
    EditForm,
    GovDateField,
    GovSubmitInput,
    SingleCheckbox,
    SubmitField,
    ValidationError,
    WholeNumberField,
    long_text,
    radios,
    select,
    text,
)
from fossdash.training.models import PACES, SCOPES

MAX_DAYS = 365
MAX_PLACES = 100_000
OUTSIDE = "outside"


class CourseForm(EditForm):
    title = text("Course title", 200, required="Enter the course title",
                 description="For example, “101 contact centre induction”")
    provider = select("Who provides it?", (), "Select who provides the course",
                      invalid="Select who provides the course from the list")
    provider_name = text("Name of the outside body (if it is not a partner)", 200, what="The outside body’s name",
                         description="For example, a training company or a college")
    days = WholeNumberField("Length in days", what="Length", minimum=1, maximum=MAX_DAYS,
                            required="Enter the length of the course in days",
                            range_message=f"Length must be between 1 and {MAX_DAYS} days")
    pace = radios("Are the days consecutive or spread out?", PACES,
                  "Select whether the days are consecutive or spread out")
    scope = radios("Joint or single agency?", SCOPES, "Select whether the course is joint or for a single agency")
    group_ids = CheckboxesField("Staff groups it is for", coerce=int, message="Select staff groups from the list",
                                required="Select the staff groups the course is for",
                                description="Select all that apply. Coverage is measured for these groups.")
    description = long_text("Description (optional)", 5000, what="The description")
    submit = SubmitField("Save course", widget=GovSubmitInput())

    def set_options(self, agencies, groups) -> None:
        self.provider.choices = ([("", "Select who provides it")] + [(f"agency:{a.id}", a.name) for a in agencies]
                                 + [(OUTSIDE, "An outside body (name it below)")])
        self.group_ids.choices = [(g.id, f"{g.name} ({g.headcount:,} staff)") for g in groups]

    def load(self, course) -> None:
        """Fill the fields from the stored course (a GET of the edit page)."""
        if self.is_submitted():
            return
        if course.provider_agency_id:
            self.provider.data = f"agency:{course.provider_agency_id}"
        elif course.provider_name:
            self.provider.data = OUTSIDE
        self.pace.data = "consecutive" if course.consecutive else "spread"
        self.scope.data = "joint" if course.joint else "single"
        self.group_ids.data = [t.staff_group_id for t in course.targets]

    def validate_provider_name(self, field):
        if self.provider.data == OUTSIDE and not field.data:
            raise ValidationError("Enter the name of the outside body that provides the course")

    def provider_agency_id(self) -> int | None:
        value = self.provider.data or ""
        return int(value.split(":", 1)[1]) if value.startswith("agency:") else None


class SessionForm(EditForm):
    starts_on = GovDateField("Start date", required="Enter the start date", description="For example, 2 3 2027")
    ends_on = GovDateField("End date", required="Enter the end date",
                           description="The last day of the session. For a one-day session, the start date again.")
    place = text("Place", 200, description="For example, “Police headquarters, training suite 2”")
    capacity = WholeNumberField("Capacity", what="Capacity", minimum=1, maximum=MAX_PLACES,
                                required="Enter how many places the session has",
                                range_message=f"Capacity must be between 1 and {MAX_PLACES:,}",
                                description="How many people can attend")
    trainer = text("Trainer (optional)", 200, what="Trainer", description="A post or a training provider, for example "
                   "“Contact centre trainer”")
    submit = SubmitField("Save session", widget=GovSubmitInput())

    FIELDS = ["starts_on", "ends_on", "place", "capacity", "trainer"]

    def validate_ends_on(self, field):
        from fossdash.training.rules import session_dates_problem

        problem = session_dates_problem(self.starts_on.data, field.data)
        if problem:
            raise ValidationError(problem)


def attendance_form(session, groups):
    """A form with planned, attended and completed boxes for each staff group (fields
    planned_<id>, attended_<id>, completed_<id>), and the over-capacity confirmation."""

    class AttendanceForm(EditForm):
        pass

    for g in groups:
        for what, label in (("planned", "Places planned"), ("attended", "Attended"), ("completed", "Completed")):
            setattr(AttendanceForm, f"{what}_{g.id}", WholeNumberField(
                label, what=f"{label} for {g.name}", minimum=0, maximum=MAX_PLACES,
                range_message=f"{label} for {g.name} must be between 0 and {MAX_PLACES:,}"))
    AttendanceForm.confirm_over = BooleanField(
        f"Yes, more people attended than the session’s {session.capacity:,} places", widget=SingleCheckbox(),
        description="Only if that is what happened, for example extra chairs were brought in.")
    AttendanceForm.submit = SubmitField("Save attendance", widget=GovSubmitInput())
    return AttendanceForm
