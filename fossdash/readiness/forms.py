"""Forms of readiness. Every field comes from fossdash.forms. The assessment form is made per
framework: a score (radios 1 to 5) and a note for each of the framework's dimensions."""
from __future__ import annotations

from functools import cache

from fossdash.forms import (
    ChoiceField,
    EditForm,
    GovDateField,
    GovSubmitInput,
    SubmitField,
    WholeNumberField,
    long_text,
    options,
    radios,
    text,
)
from fossdash.metrics import readiness as rules

SCORES = {
    "1": "1 – not ready at all (red)",
    "2": "2 – a little ready (red)",
    "3": "3 – partly ready (amber)",
    "4": "4 – mostly ready (green)",
    "5": "5 – fully ready (green)",
}
MAX_WEIGHT = 10


class _AssessmentBase(EditForm):
    assessed_on = GovDateField("Date of the assessment", what="Date of the assessment", past_only=True,
                               required="Enter the date of the assessment",
                               description="For example, 31 3 2007")
    staff_group_id = ChoiceField("Which staff does it cover?", message="Select which staff it covers",
                                 required=False, invalid="Select a staff group from the list")
    assessor = text("Assessor", 200, required="Enter who made the assessment", what="Assessor",
                    description="The person or post who made it, for example “Programme manager”.")
    summary = long_text("Summary (optional)", 5000, what="Summary",
                        description="What the assessment found overall. Do not name staff.")
    submit = SubmitField("Save assessment", widget=GovSubmitInput())

    FRAMEWORK = rules.FOSS
    FIELDS = ["assessed_on", "assessor", "summary"]

    def set_options(self, project) -> None:
        self.staff_group_id.choices = options(((str(g.id), g.name) for g in project.staff_groups),
                                              blank="The whole project")

    def chosen_group(self) -> int | None:
        value = self.staff_group_id.data
        return int(value) if value not in (None, "") and str(value).isdigit() else None

    def dimension_fields(self):
        """(key, label, score field, note field) per dimension, in the framework's order."""
        return [(key, label, getattr(self, f"score_{key}"), getattr(self, f"note_{key}"))
                for key, label in rules.DIMENSIONS[self.FRAMEWORK].items()]


@cache
def assessment_form(framework: str) -> type[_AssessmentBase]:
    """The assessment form class of one framework (made once)."""
    attrs: dict = {"FRAMEWORK": framework}
    for key, label in rules.DIMENSIONS[framework].items():
        attrs[f"score_{key}"] = radios(label, SCORES, f"Select a score for {label.lower()}")
        attrs[f"note_{key}"] = long_text(f"Note on {label.lower()} (optional)", 2000,
                                         what=f"The note on {label.lower()}")
    return type(f"{framework.title()}AssessmentForm", (_AssessmentBase,), attrs)


def _weight(label: str):
    return WholeNumberField(label, what=f"The weight of {label[:1].lower()}{label[1:]}", minimum=0,
                            maximum=MAX_WEIGHT, required=f"Enter a weight for {label[:1].lower()}{label[1:]}",
                            range_message=f"The weight of {label[:1].lower()}{label[1:]} must be a whole "
                                          f"number from 0 to {MAX_WEIGHT}", example="1")


class SettingsForm(EditForm):
    target_days = WholeNumberField(
        "Target days to answer a concern", what="Target days", minimum=1, maximum=365, required="Enter the target days",
        range_message="Target days must be a whole number from 1 to 365", example="10",
        description="A concern or question counts as answered in time when it is answered within this many days "
                    "of being raised. This also sets when the project dashboard lists concerns as waiting too long.")
    weight_training = _weight(rules.COMPONENTS["training"].label)
    weight_comms = _weight(rules.COMPONENTS["comms"].label)
    weight_concerns = _weight(rules.COMPONENTS["concerns"].label)
    weight_grading = _weight(rules.COMPONENTS["grading"].label)
    weight_morale = _weight(rules.COMPONENTS["morale"].label)
    weight_participation = _weight(rules.COMPONENTS["participation"].label)
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    FIELDS = ["target_days", "weight_training", "weight_comms", "weight_concerns", "weight_grading",
              "weight_morale", "weight_participation"]

    def weight_fields(self):
        return [getattr(self, f"weight_{name}") for name in rules.COMPONENTS]
