"""Grading forms: GOV.UK widgets, GOV.UK error messages, nothing saved unless all of it is valid.
Every field comes from fossdash.forms."""
from __future__ import annotations

from fossdash.forms import (
    AmountField,
    BooleanField,
    CheckboxesField,
    ChoiceField,
    EditForm,
    Form,
    GovCheckboxInput,
    GovDateField,
    GovSubmitInput,
    RadiosField,
    SubmitField,
    WholeNumberField,
    long_text,
    options,
    text,
)
from fossdash.grading.models import FACTORS, POSITIONS
from fossdash.grading.queue import AGES, AWAITING, SORTS
from fossdash.grading.rules import POINTS

TEXT_MAX = 5000


def pay_field(label: str, what: str) -> AmountField:
    return AmountField(label, what=what, minimum=0, maximum=1_000_000, required=f"Enter {what}",
                       example="19500", description="In pounds a year, for example 19500")


def hours_field() -> AmountField:
    return AmountField("Weekly hours", more_than=0, maximum=60, required="Enter the weekly hours", example="37",
                       range_message="Weekly hours must be more than 0 and no more than 60",
                       description="Full-time hours a week, for example 37")


def _pay_in_order(form) -> bool:
    """The lowest pay is no more than the highest (checked with the other fields, so every problem
    is listed at once)."""
    low, high = form.pay_min, form.pay_max
    if low.errors or high.errors or low.data is None or high.data is None or low.data <= high.data:
        return True
    low.errors.append("The lowest pay must be the same as or less than the highest pay")
    return False


class IssueForm(EditForm):
    role_title = text("Role being harmonised", required="Enter the role being harmonised",
                      description="For example, customer service adviser")
    description = long_text("What the issue is", TEXT_MAX,
                            description="Optional. What staff have said, and what needs settling.")
    staff_group_ids = CheckboxesField("Staff groups covered", coerce=int,
                                      message="Select staff groups of this project only",
                                      description="Select every staff group of this project who do this role.")
    illustrative = BooleanField("These figures are illustrative (invented for a demonstration or training)",
                                widget=GovCheckboxInput(), default=False)
    submit = SubmitField("Save", widget=GovSubmitInput())


class NewIssueForm(IssueForm):
    agencies = CheckboxesField(
        "Partner agencies to compare", coerce=int, message="Select partner agencies of this project only",
        description="Their grade, weekly hours and annual leave are filled in from the terms and "
                    "conditions recorded for the project. You can change them afterwards.",
    )
    submit = SubmitField("Raise grading issue", widget=GovSubmitInput())


class AddAgencyForm(Form):
    agency_id = ChoiceField("Partner agency", coerce=int, message="Select a partner agency")
    submit = SubmitField("Add and fill in from their terms", widget=GovSubmitInput())


class AgencyRowForm(EditForm):
    current_grade = text("Current grade", description="For example, Scale 4 or Police staff grade C")
    pay_min = pay_field("Lowest pay in the range", "the lowest pay in the range")
    pay_max = pay_field("Highest pay in the range", "the highest pay in the range")
    weekly_hours = hours_field()
    annual_leave_days = AmountField("Annual leave (days)", what="annual leave", places=1, minimum=0, maximum=60,
                                    example="25", description="Optional. Days a year before long-service "
                                                              "additions, for example 25")
    reason = long_text("Why are you changing these terms?", 1000,
                       description="Optional. Shown on the issue's timeline.")
    submit = SubmitField("Save terms", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _pay_in_order(self) and ok


def _level(value):
    return int(value) if value not in (None, "", "None") else None


def _level_field(factor: str) -> ChoiceField:
    levels = [(str(i), f"Level {i} ({p} points, illustrative)") for i, p in enumerate(POINTS[factor], start=1)]
    return ChoiceField(FACTORS[factor], choices=options(levels, blank="Not evaluated yet"), coerce=_level,
                       required=False, message=f"Select a level for {FACTORS[factor].lower()}")


class EvaluationForm(EditForm):
    knowledge = _level_field("knowledge")
    mental_skills = _level_field("mental_skills")
    interpersonal_skills = _level_field("interpersonal_skills")
    physical_skills = _level_field("physical_skills")
    initiative = _level_field("initiative")
    physical_demands = _level_field("physical_demands")
    mental_demands = _level_field("mental_demands")
    emotional_demands = _level_field("emotional_demands")
    resp_people = _level_field("resp_people")
    resp_supervision = _level_field("resp_supervision")
    resp_financial = _level_field("resp_financial")
    resp_physical = _level_field("resp_physical")
    working_conditions = _level_field("working_conditions")
    evaluated_on = GovDateField("Date of the evaluation", what="the date of the evaluation",
                                description="Optional. For example, 27 3 2027")
    panel = text("Evaluated by", description="Optional. For example, joint HR and union panel")
    notes = long_text("Notes", TEXT_MAX, description="Optional.")
    submit = SubmitField("Save job evaluation", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and all(getattr(self, f).data is None for f in FACTORS):
            self.knowledge.errors.append("Select a level for at least one factor")
            ok = False
        return ok


class DecisionForm(EditForm):
    new_grade = text("New grade", required="Enter the new grade", description="For example, Scale 5 (Single Status)")
    pay_min = pay_field("Lowest pay in the new range", "the lowest pay in the new range")
    pay_max = pay_field("Highest pay in the new range", "the highest pay in the new range")
    weekly_hours = hours_field()
    effective_date = GovDateField("Takes effect on", what="the date the new grading takes effect",
                                  required="Enter the date the new grading takes effect",
                                  description="For example, 1 4 2027")
    pay_protection_months = WholeNumberField(
        "Months of pay protection", minimum=0, maximum=120, example="12",
        required="Enter the months of pay protection, or 0 for none",
        description="How long staff whose pay goes down keep their current pay. Enter 0 for none.",
    )
    notes = long_text("Notes", TEXT_MAX, description="Optional.")
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _pay_in_order(self) and ok


class PositionForm(EditForm):
    position = RadiosField("What is the union's position?", choices=POSITIONS, message="Select the union's position")
    conditions = long_text("The union's conditions", TEXT_MAX,
                           description="Needed if the union supports with conditions: what has to happen for it "
                                       "to support the proposal.")
    reasons = long_text("Why the union opposes it", TEXT_MAX, description="Needed if the union opposes.")
    submit = SubmitField("Save the union's position", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        from fossdash.grading.rules import position_problem

        ok = super().validate(extra_validators)
        if ok:
            problem = position_problem(self.position.data, self.conditions.data or "", self.reasons.data or "")
            if problem:
                getattr(self, problem[0]).errors.append(problem[1])
                ok = False
        return ok


class MoveForm(EditForm):
    to_status = RadiosField("Where should the issue go next?", message="Select where the issue goes next")
    reason = long_text("Reason", 2000, required="Enter the reason for this move",
                       description="Everyone on the project sees it on the issue's timeline.")
    submit = SubmitField("Move the issue", widget=GovSubmitInput())


class CommentForm(Form):
    body = long_text("Add a comment", TEXT_MAX, required="Enter your comment",
                     description="Everyone on the project who can see this issue can read it.")
    submit = SubmitField("Add comment", widget=GovSubmitInput())


def _filter(label: str, choices=()) -> ChoiceField:
    return ChoiceField(label, choices=choices, required=False, validate_choice=False)


class QueueFilterForm(Form):
    class Meta:
        csrf = False  # a GET search form changes nothing

    awaiting = _filter("Show", AWAITING)
    project = _filter("Project")
    status = _filter("Status")
    older_than = _filter("Waiting in this status", AGES)
    sort = _filter("Sort by", SORTS)
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
