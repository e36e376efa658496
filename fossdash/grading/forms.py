"""Grading forms: GOV.UK widgets, GOV.UK error messages, nothing saved unless all of it is valid.
The field classes they are built from are in fields.py."""
from __future__ import annotations

from decimal import Decimal

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import BooleanField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError

from fossdash.forms import (
    FlaskForm,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    Length,
    Optional,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from fossdash.grading.fields import (  # noqa: F401  (posted is used by the views)
    AmountField,
    ChoiceField,
    DayField,
    GroupsField,
    RadiosField,
    Required,
    Versioned,
    WholeNumberField,
    hours_field,
    pay_field,
    posted,
)
from fossdash.grading.models import FACTORS, POSITIONS
from fossdash.grading.service import POINTS
from fossdash.grading.queue import AGES, AWAITING, SORTS

TEXT_MAX = 5000


def _text(label: str, message: str, max_len: int = 200, **kw) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[
        Required(message), Length(max=max_len, message=f"{label} must be {max_len} characters or fewer")], **kw)


def _area(label: str, max_len: int = TEXT_MAX, required: str | None = None, **kw) -> TextAreaField:
    validators = [Required(required)] if required else [Optional()]
    validators.append(Length(max=max_len, message=f"{label} must be {max_len:,} characters or fewer"))
    return TextAreaField(label, widget=GovTextArea(), validators=validators, **kw)


def _pay_in_order(form) -> bool:
    """The lowest pay is no more than the highest (checked with the other fields, so every problem
    is listed at once)."""
    low, high = form.pay_min, form.pay_max
    if low.errors or high.errors or low.data is None or high.data is None or low.data <= high.data:
        return True
    low.errors.append("The lowest pay must be the same as or less than the highest pay")
    return False


class IssueForm(Versioned):
    role_title = _text("Role being harmonised", "Enter the role being harmonised",
                       description="For example, customer service adviser")
    description = _area("What the issue is", description="Optional. What staff have said, and what needs settling.")
    staff_group_ids = GroupsField("Staff groups covered",
                                  description="Select every staff group of this project who do this role.")
    illustrative = BooleanField("These figures are illustrative (invented for a demonstration or training)",
                                widget=GovCheckboxInput(), default=False)
    submit = SubmitField("Save", widget=GovSubmitInput())


class NewIssueForm(IssueForm):
    agencies = SelectMultipleField(
        "Partner agencies to compare", widget=GovCheckboxesInput(), coerce=int,
        description="Their grade, weekly hours and annual leave are filled in from the terms and "
                    "conditions recorded for the project. You can change them afterwards.",
    )
    submit = SubmitField("Raise grading issue", widget=GovSubmitInput())

    def validate_agencies(self, field):
        valid = {v for v, _ in field.choices}
        if any(v not in valid for v in field.data or []):
            raise ValidationError("Select partner agencies of this project only")


class AddAgencyForm(FlaskForm):
    agency_id = ChoiceField("Partner agency", coerce=int, message="Select a partner agency")
    submit = SubmitField("Add and fill in from their terms", widget=GovSubmitInput())


class AgencyRowForm(Versioned):
    current_grade = StringField("Current grade", widget=GovTextInput(), validators=[
        Optional(), Length(max=200, message="Current grade must be 200 characters or fewer")],
        description="For example, Scale 4 or Police staff grade C")
    pay_min = pay_field("Lowest pay in the range", "the lowest pay in the range")
    pay_max = pay_field("Highest pay in the range", "the highest pay in the range")
    weekly_hours = hours_field()
    annual_leave_days = AmountField("Annual leave (days)", places=1, name_in_message="annual leave",
                                    minimum=Decimal(0), maximum=Decimal(60), required=False, unit="leave",
                                    description="Optional. Days a year before long-service additions, for example 25")
    reason = _area("Why are you changing these terms?", max_len=1000,
                   description="Optional. Shown on the issue's timeline.")
    submit = SubmitField("Save terms", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _pay_in_order(self) and ok


def _level_choices(factor: str) -> list[tuple[str, str]]:
    return [("", "Not evaluated yet")] + [
        (str(i), f"Level {i} ({p} points, illustrative)") for i, p in enumerate(POINTS[factor], start=1)
    ]


def _level(value):
    return int(value) if value not in (None, "", "None") else None


class _LevelField(ChoiceField):
    def __init__(self, factor: str, **kwargs):
        super().__init__(FACTORS[factor], choices=_level_choices(factor), coerce=_level, required=False,
                         message=f"Select a level for {FACTORS[factor].lower()}", **kwargs)

    def iter_choices(self):  # choices are strings; data is an int
        for value, label in self.choices:
            yield value, label, value == ("" if self.data is None else str(self.data)), {}

    def pre_validate(self, form):
        if self.data is not None and not 1 <= self.data <= len(self.choices) - 1:
            raise StopValidation(self.message)


class EvaluationForm(Versioned):
    knowledge = _LevelField("knowledge")
    mental_skills = _LevelField("mental_skills")
    interpersonal_skills = _LevelField("interpersonal_skills")
    physical_skills = _LevelField("physical_skills")
    initiative = _LevelField("initiative")
    physical_demands = _LevelField("physical_demands")
    mental_demands = _LevelField("mental_demands")
    emotional_demands = _LevelField("emotional_demands")
    resp_people = _LevelField("resp_people")
    resp_supervision = _LevelField("resp_supervision")
    resp_financial = _LevelField("resp_financial")
    resp_physical = _LevelField("resp_physical")
    working_conditions = _LevelField("working_conditions")
    evaluated_on = DayField("Date of the evaluation", what="the date of the evaluation", required=False,
                            description="Optional. For example, 27 3 2027")
    panel = StringField("Evaluated by", widget=GovTextInput(), validators=[
        Optional(), Length(max=200, message="Evaluated by must be 200 characters or fewer")],
        description="Optional. For example, joint HR and union panel")
    notes = _area("Notes", description="Optional.")
    submit = SubmitField("Save job evaluation", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and all(getattr(self, f).data is None for f in FACTORS):
            self.knowledge.errors.append("Select a level for at least one factor")
            ok = False
        return ok


class DecisionForm(Versioned):
    new_grade = _text("New grade", "Enter the new grade", description="For example, Scale 5 (Single Status)")
    pay_min = pay_field("Lowest pay in the new range", "the lowest pay in the new range")
    pay_max = pay_field("Highest pay in the new range", "the highest pay in the new range")
    weekly_hours = hours_field()
    effective_date = DayField("Takes effect on", what="the date the new grading takes effect",
                              description="For example, 1 4 2027")
    pay_protection_months = WholeNumberField(
        "Months of pay protection", places=0, name_in_message="months of pay protection", unit="months",
        minimum=Decimal(0), maximum=Decimal(120),
        required_message="Enter the months of pay protection, or 0 for none",
        description="How long staff whose pay goes down keep their current pay. Enter 0 for none.",
    )
    notes = _area("Notes", description="Optional.")
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _pay_in_order(self) and ok


class PositionForm(Versioned):
    position = RadiosField("What is the union's position?", choices=list(POSITIONS.items()),
                           message="Select the union's position")
    conditions = _area("The union's conditions",
                       description="Needed if the union supports with conditions: what has to happen for it to "
                                   "support the proposal.")
    reasons = _area("Why the union opposes it", description="Needed if the union opposes.")
    submit = SubmitField("Save the union's position", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        from fossdash.grading.service import position_problem

        ok = super().validate(extra_validators)
        if ok:
            problem = position_problem(self.position.data, self.conditions.data or "", self.reasons.data or "")
            if problem:
                getattr(self, problem[0]).errors.append(problem[1])
                ok = False
        return ok


class MoveForm(Versioned):
    to_status = RadiosField("Where should the issue go next?", choices=[],
                            message="Select where the issue goes next")
    reason = _area("Reason", max_len=2000, required="Enter the reason for this move",
                   description="Everyone on the project sees it on the issue's timeline.")
    submit = SubmitField("Move the issue", widget=GovSubmitInput())


class CommentForm(FlaskForm):
    body = _area("Add a comment", required="Enter your comment",
                 description="Everyone on the project who can see this issue can read it.")
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    awaiting = SelectField("Show", widget=GovSelect(), choices=list(AWAITING.items()), validators=[Optional()])
    project = SelectField("Project", widget=GovSelect(), choices=[], validators=[Optional()])
    status = SelectField("Status", widget=GovSelect(), choices=[], validators=[Optional()])
    older_than = SelectField("Waiting in this status", widget=GovSelect(), choices=list(AGES.items()),
                             validators=[Optional()])
    sort = SelectField("Sort by", widget=GovSelect(), choices=list(SORTS.items()), validators=[Optional()])
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
