"""Forms for projects, agencies, partnerships and terms, staff groups, governance, milestones and
memberships. Every field comes from fossdash.forms, so every message is in GOV.UK error-message
style and a mistyped value gives a plain message instead of WTForms' defaults."""
from __future__ import annotations

from fossdash.auth.models import ROLE_LABELS, Role
from fossdash.forms import (
    AmountField,
    BooleanField,
    ChoiceField,
    EditForm,
    Form,
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


# --- projects --------------------------------------------------------------------------------

class ProjectForm(EditForm):
    name = text("Project name", 200, required="Enter the project name")
    type = radios("Type of shared service", PROJECT_TYPES, "Select the type of shared service")
    stage = radios("Stage", PROJECT_STAGES, "Select the stage the project has reached")
    go_live_date = GovDateField("Go-live date", description="For example, 1 4 2027. Leave blank if not decided yet.")
    lead_body = text("Lead body", 200, description="The agency that leads the project, for example Kent County Council")
    area_served = text("Area served", 200, description="For example, Ashford borough")
    population = WholeNumberField(
        "Population served", minimum=0, maximum=MAX_POPULATION,
        range_message=f"Population served must be between 0 and {MAX_POPULATION:,}",
    )
    anonymity_k = WholeNumberField(
        "Anonymity threshold (k)", what="Anonymity threshold", default=DEFAULT_K, minimum=MIN_K, maximum=MAX_K,
        required="Enter the anonymity threshold",
        description=(f"Survey and concern breakdowns with fewer than this many answers are hidden. "
                     f"The default is {DEFAULT_K}; it cannot be less than {MIN_K}."),
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

class AgencyForm(EditForm):
    name = text("Agency name", 200, required="Enter the agency name")
    kind = select("Kind of body", AGENCY_KINDS, "Select the kind of body", blank="Select a kind of body",
                  invalid="Select the kind of body from the list")
    submit = SubmitField("Save agency", widget=GovSubmitInput())

    FIELDS = ["name", "kind"]

    def __init__(self, *args, record_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_id = record_id

    def validate_name(self, field):
        if field.data and service.name_taken(Agency, field.data, exclude_id=self.record_id):
            raise ValidationError(f"An agency called {field.data} already exists")


class PartnershipForm(EditForm):
    agency_id = ChoiceField("Partner agency", message="Select a partner agency",
                            invalid="Select a partner agency from the list")
    role = radios("Role in the project", PARTNERSHIP_ROLES, "Select the agency’s role in the project")
    staff_moving_in = WholeNumberField(
        "Staff moving into the shared front office", what="Staff moving in", minimum=0, maximum=MAX_HEADCOUNT,
        range_message=f"Staff moving in must be between 0 and {MAX_HEADCOUNT:,}",
        description="Leave blank if not known yet",
    )
    submit = SubmitField("Save partner", widget=GovSubmitInput())

    FIELDS = ["role", "staff_moving_in"]


class TermsForm(EditForm):
    weekly_hours = AmountField(
        "Weekly hours", minimum=1, maximum=60, range_message="Weekly hours must be between 1 and 60",
        description="Full-time contracted hours a week, for example 37",
    )
    annual_leave_days = AmountField(
        "Annual leave (days)", what="Annual leave", places=1, minimum=0, maximum=60,
        range_message="Annual leave must be between 0 and 60 days",
        description="Days a year for a full-time member of staff, before long-service additions",
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

class StaffGroupForm(EditForm):
    name = text("Staff group name", 200, required="Enter the name of the staff group",
                description="For example, Kent County Council contact advisers")
    agency_id = ChoiceField("Agency", message="Select an agency from the list", required=False,
                            description="The partner agency that employs them")
    headcount = WholeNumberField(
        "Headcount", minimum=0, maximum=MAX_HEADCOUNT, required="Enter the headcount",
        range_message=f"Headcount must be between 0 and {MAX_HEADCOUNT:,}",
        description="How many people are in the group",
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


class GovernanceForm(EditForm):
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


class MilestoneForm(EditForm):
    kind = radios("Kind of milestone", MILESTONE_KINDS, "Select the kind of milestone")
    title = text("Title", 200, required="Enter a title for the milestone",
                 description="For example, Ashford Gateway opens")
    on = GovDateField("Date", description="For example, 27 3 2027", required="Enter the date of the milestone")
    description = long_text("Description", 5000)
    illustrative = BooleanField("The date is illustrative", widget=SingleCheckbox())
    submit = SubmitField("Save milestone", widget=GovSubmitInput())

    FIELDS = ["kind", "title", "on", "description", "illustrative"]


# --- membership ------------------------------------------------------------------------------

SAME_AS_ACCOUNT = ""


class AddMemberForm(Form):
    user_id = ChoiceField("Person", message="Select the person to add", invalid="Select a person from the list")
    role = select(
        "Role on this project", PROJECT_ROLES, "Select a role from the list", blank="Same as their account role",
        required=False, default=SAME_AS_ACCOUNT, description="What they may do on this project’s records",
    )
    submit = SubmitField("Add member", widget=GovSubmitInput())


class MemberRoleForm(EditForm):
    role = select("Role on this project", PROJECT_ROLES, "Select a role from the list")
    submit = SubmitField("Save role", widget=GovSubmitInput())

    FIELDS = ["role"]
