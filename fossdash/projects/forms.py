"""Forms for projects, agencies, partnerships and terms, staff groups, governance, milestones and
memberships. Every message is in GOV.UK error-message style; numbers and dates are parsed by the
fields below so that a mistyped value gives a plain message instead of WTForms' defaults."""
from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import ValidationError

from fossdash.auth.models import ROLE_LABELS, Role
from fossdash.forms import (
    BooleanField,
    DateRequired,
    FlaskForm,
    GovDateField,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    InputRequired,
    Length,
    NumberField,
    NumberRange,
    Optional,
    SelectField,
    SingleCheckbox,
    StringField,
    SubmitField,
    TextAreaField,
    VersionedForm,
    WholeNumberField,
    choices,
)
from fossdash.projects import service
from fossdash.projects.models import (
    AGENCY_KINDS,
    GOVERNANCE_KINDS,
    MILESTONE_KINDS,
    MIN_K,
    PARTNERSHIP_ROLES,
    PROJECT_STAGES,
    PROJECT_TYPES,
    DEFAULT_K,
    Agency,
    Project,
)

MAX_K = 100
MAX_POPULATION = 100_000_000
MAX_HEADCOUNT = 100_000

# The roles a person can play on one project. Administrators see every project without joining.
PROJECT_ROLES = {r.value: ROLE_LABELS[r] for r in (Role.PROGRAMME_MANAGER, Role.HR, Role.UNION_REP, Role.EXECUTIVE)}


# --- fields ----------------------------------------------------------------------------------

def radios(label: str, mapping: dict[str, str], message: str, **kw) -> RadioField:
    return RadioField(label, choices=list(mapping.items()), widget=GovRadioInput(),
                      invalid_choice_message=message, **kw)


def text(label: str, max_length: int, required: str | None = None, **kw) -> StringField:
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"))
    return StringField(label, validators=validators, widget=GovTextInput(), filters=[_strip], **kw)


def long_text(label: str, max_length: int = 5000, required: str | None = None, **kw) -> TextAreaField:
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=max_length, message=f"{label} must be {max_length:,} characters or fewer"))
    return TextAreaField(label, validators=validators, widget=GovTextArea(), filters=[_strip], **kw)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def save(form, obj, names: list[str]) -> None:
    """Copy the named fields onto the record (never `version`: the mapper manages it)."""
    for name in names:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


# --- projects --------------------------------------------------------------------------------

class ProjectForm(VersionedForm):
    name = text("Project name", 200, required="Enter the project name")
    type = radios("Type of shared service", PROJECT_TYPES, "Select the type of shared service")
    stage = radios("Stage", PROJECT_STAGES, "Select the stage the project has reached")
    go_live_date = GovDateField("Go-live date", description="For example, 1 4 2027. Leave blank if not decided yet.")
    lead_body = text("Lead body", 200, description="The agency that leads the project, for example Kent County Council")
    area_served = text("Area served", 200, description="For example, Ashford borough")
    population = WholeNumberField(
        "Population served", error_name="Population served",
        validators=[Optional(), NumberRange(min=0, max=MAX_POPULATION,
                                            message=f"Population served must be between 0 and {MAX_POPULATION:,}")],
    )
    anonymity_k = WholeNumberField(
        "Anonymity threshold (k)", error_name="Anonymity threshold", default=DEFAULT_K,
        description=(f"Survey and concern breakdowns with fewer than this many answers are hidden. "
                     f"The default is {DEFAULT_K}; it cannot be less than {MIN_K}."),
        validators=[InputRequired(message="Enter the anonymity threshold"),
                    NumberRange(min=MIN_K, message=f"Anonymity threshold must be {MIN_K} or more"),
                    NumberRange(max=MAX_K, message=f"Anonymity threshold must be {MAX_K} or less")],
    )
    summary = long_text("Summary", description="What the shared service does, for whom, and who is in it")
    illustrative = BooleanField("Some figures for this project are illustrative", widget=SingleCheckbox(),
                                description="Pages will label its population and dates as illustrative figures.")
    submit = SubmitField("Save project", widget=GovSubmitInput())

    FIELDS = ["name", "type", "stage", "go_live_date", "lead_body", "area_served", "population",
              "anonymity_k", "summary", "illustrative"]

    def __init__(self, *args, record_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_id = record_id

    def validate_name(self, field):
        if field.data and service.name_taken(Project, field.data, exclude_id=self.record_id):
            raise ValidationError(f"A project called {field.data} already exists")


# --- agencies and partnerships ----------------------------------------------------------------

class AgencyForm(VersionedForm):
    name = text("Agency name", 200, required="Enter the agency name")
    kind = SelectField("Kind of body", choices=choices(AGENCY_KINDS, blank="Select a kind of body"),
                       widget=GovSelect(), validators=[InputRequired(message="Select the kind of body")],
                       invalid_choice_message="Select the kind of body from the list")
    submit = SubmitField("Save agency", widget=GovSubmitInput())

    FIELDS = ["name", "kind"]

    def __init__(self, *args, record_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_id = record_id

    def validate_name(self, field):
        if field.data and service.name_taken(Agency, field.data, exclude_id=self.record_id):
            raise ValidationError(f"An agency called {field.data} already exists")


class PartnershipForm(VersionedForm):
    agency_id = SelectField("Partner agency", choices=[], widget=GovSelect(),
                            validators=[InputRequired(message="Select a partner agency")],
                            invalid_choice_message="Select a partner agency from the list")
    role = radios("Role in the project", PARTNERSHIP_ROLES, "Select the agency’s role in the project")
    staff_moving_in = WholeNumberField(
        "Staff moving into the shared front office", error_name="Staff moving in",
        description="Leave blank if not known yet",
        validators=[Optional(), NumberRange(min=0, max=MAX_HEADCOUNT,
                                            message=f"Staff moving in must be between 0 and {MAX_HEADCOUNT:,}")],
    )
    submit = SubmitField("Save partner", widget=GovSubmitInput())

    FIELDS = ["role", "staff_moving_in"]


class TermsForm(VersionedForm):
    weekly_hours = NumberField(
        "Weekly hours", description="Full-time contracted hours a week, for example 37", places=2,
        validators=[Optional(), NumberRange(min=1, max=60, message="Weekly hours must be between 1 and 60")],
    )
    annual_leave_days = NumberField(
        "Annual leave (days)", error_name="Annual leave",
        description="Days a year for a full-time member of staff, before long-service additions",
        places=1,
        validators=[Optional(), NumberRange(min=0, max=60, message="Annual leave must be between 0 and 60 days")],
    )
    pay_scale = text("Pay scale", 200, description="For example, NJC spinal points or police staff pay scales")
    grade_names = text("Grades", 400, description="The grades of the staff concerned, for example Scale 4 to SO1")
    performance_indicators = long_text("Performance indicators", 5000,
                                       description="The targets these staff are measured against")
    reporting_line = text("Reporting line", 400, description="Who the staff report to, for example Customer services manager")
    terms_illustrative = BooleanField("These figures are illustrative", widget=SingleCheckbox(),
                                      description="Pages will label them as illustrative figures.")
    submit = SubmitField("Save terms and conditions", widget=GovSubmitInput())

    FIELDS = ["weekly_hours", "annual_leave_days", "pay_scale", "grade_names", "performance_indicators",
              "reporting_line", "terms_illustrative"]


# --- staff groups, governance, milestones -----------------------------------------------------

class StaffGroupForm(VersionedForm):
    name = text("Staff group name", 200, required="Enter the name of the staff group",
                description="For example, Kent County Council contact advisers")
    agency_id = SelectField("Agency", choices=[], widget=GovSelect(),
                            description="The partner agency that employs them",
                            invalid_choice_message="Select an agency from the list")
    headcount = WholeNumberField(
        "Headcount", error_name="Headcount", description="How many people are in the group",
        validators=[InputRequired(message="Enter the headcount"),
                    NumberRange(min=0, max=MAX_HEADCOUNT,
                                message=f"Headcount must be between 0 and {MAX_HEADCOUNT:,}")],
    )
    illustrative = BooleanField("The headcount is illustrative", widget=SingleCheckbox())
    submit = SubmitField("Save staff group", widget=GovSubmitInput())

    FIELDS = ["name", "headcount", "illustrative"]

    def __init__(self, *args, project=None, record_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.record_id = project, record_id

    def validate_name(self, field):
        wanted = (field.data or "").strip().lower()
        if self.project is not None and any(g.name.strip().lower() == wanted and g.id != self.record_id
                                            for g in self.project.staff_groups):
            raise ValidationError(f"This project already has a staff group called {field.data}")


class GovernanceForm(VersionedForm):
    kind = radios("Kind of body", GOVERNANCE_KINDS, "Select the kind of governance body")
    name = text("Name", 200, required="Enter the name of the body",
                description="For example, Ashford Gateway project board")
    site = text("Site", 200, description="For a project board or forum: the site it looks after, for example Ashford Gateway")
    chair = text("Chair", 200, description="A post or a body, for example Director of Customer Services")
    members = long_text("Members", 5000, description="One member (a body or a post) on each line")
    meets = text("How often it meets", 100, description="For example, monthly")
    illustrative = BooleanField("Some details are illustrative", widget=SingleCheckbox())
    submit = SubmitField("Save governance body", widget=GovSubmitInput())

    FIELDS = ["kind", "name", "site", "chair", "members", "meets", "illustrative"]


class MilestoneForm(VersionedForm):
    kind = radios("Kind of milestone", MILESTONE_KINDS, "Select the kind of milestone")
    title = text("Title", 200, required="Enter a title for the milestone",
                 description="For example, Ashford Gateway opens")
    on = GovDateField("Date", description="For example, 27 3 2027",
                      validators=[DateRequired("Enter the date of the milestone")])
    description = long_text("Description", 5000)
    illustrative = BooleanField("The date is illustrative", widget=SingleCheckbox())
    submit = SubmitField("Save milestone", widget=GovSubmitInput())

    FIELDS = ["kind", "title", "on", "description", "illustrative"]


# --- membership ------------------------------------------------------------------------------

SAME_AS_ACCOUNT = ""


class AddMemberForm(FlaskForm):
    user_id = SelectField("Person", choices=[], widget=GovSelect(),
                          validators=[InputRequired(message="Select the person to add")],
                          invalid_choice_message="Select a person from the list")
    role = SelectField(
        "Role on this project",
        choices=[(SAME_AS_ACCOUNT, "Same as their account role")] + list(PROJECT_ROLES.items()),
        widget=GovSelect(), default=SAME_AS_ACCOUNT,
        description="What they may do on this project’s records",
        invalid_choice_message="Select a role from the list",
    )
    submit = SubmitField("Add member", widget=GovSubmitInput())


class MemberRoleForm(VersionedForm):
    role = SelectField("Role on this project", choices=list(PROJECT_ROLES.items()), widget=GovSelect(),
                       invalid_choice_message="Select a role from the list")
    submit = SubmitField("Save role", widget=GovSubmitInput())

    FIELDS = ["role"]


class ConfirmForm(FlaskForm):
    """A delete confirmation: the button is the whole form."""
