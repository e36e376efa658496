"""Forms of the workshops. Every field comes from fossdash.forms. The scores and guesses forms are
built for the workshop's priorities when the page is asked for (one field a priority)."""
from __future__ import annotations

from fossdash.forms import (
    AmountField,
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
from fossdash.workshops import rules

NO_NAMES = "Do not name anyone."
_line = text  # (QuoteForm has a field called `text`)


def _threshold(label: str, what: str, description: str) -> AmountField:
    return AmountField(label, what=what, minimum=0, maximum=1, required=f"Enter the {what.lower()}",
                       range_message=f"{what} must be a number from 0 to 1, like 0.6", example="0.6",
                       description=description)


def _group_fields(position: int, default: str) -> dict:
    return {
        f"g{position}_name": text(f"Name of group {position}", 100, required=f"Enter the name of group {position}",
                                  what=f"Name of group {position}",
                                  description=f"For example, “{'Tenants' if position == 1 else 'Housing officers'}”. "
                                              f"Default: “{default}”."),
        f"g{position}_participants": WholeNumberField(
            f"How many took part in group {position}", what=f"Number in group {position}", minimum=0,
            maximum=rules.MAX_PEOPLE, example="15",
            description="Leave blank until you know. No participant’s name is needed."),
        f"g{position}_recruitment": long_text(
            f"How group {position} was recruited (optional)", 2000, what=f"How group {position} was recruited",
            description="For example, " + ("“Chosen to reflect the national tenant profile; paid a small incentive”."
                                           if position == 1 else "“Volunteered; released by their employer in "
                                                                 "working hours”.")),
        f"g{position}_scoring": radios(f"How group {position} scores priorities", rules.SCORINGS,
                                       f"Select how group {position} scores priorities"),
    }


class _WorkshopBase(EditForm):
    title = text("Title", 200, required="Enter the workshop’s title", what="Title",
                 description="For example, “Shared Solutions: tenants and housing officers”.")
    held_on = GovDateField("Date", what="Date", required="Enter the date of the workshop",
                           description="For example, 14 6 2007")
    place = text("Place (optional)", 200, what="Place")
    facilitator = text("Facilitator (optional)", 200, what="Facilitator",
                       description="The person or organisation who runs the day.")
    service = text("Service it is about (optional)", 200, what="Service",
                   description="For example, “Council housing: repairs, allocations and estates”.")
    high = _threshold("High score", "High score",
                      "A priority is shared when both groups score it this much or more (0 to 1; default 0.6).")
    low = _threshold("Low score", "Low score",
                     "It is divergent when one group scores it high and the other this much or less "
                     "(0 to 1; default 0.3).")


class WorkshopForm(_WorkshopBase):
    submit = SubmitField("Save", widget=GovSubmitInput())

    FIELDS = ["title", "held_on", "place", "facilitator", "service", "high", "low"]

    def thresholds_problem(self) -> dict[str, str] | None:
        if self.high.data is not None and self.low.data is not None and self.low.data >= self.high.data:
            return {"low": "Low score must be less than the high score"}
        return None


for _name, _field in {**_group_fields(1, "Service users"), **_group_fields(2, "Frontline staff")}.items():
    setattr(WorkshopForm, _name, _field)


class PrioritiesForm(EditForm):
    """Priorities one group listed, typed one a line: the fastest way in during the day."""

    lines = long_text("Priorities, one on each line", 20_000, required="Enter at least one priority",
                      what="Priorities")
    submit = SubmitField("Add these priorities", widget=GovSubmitInput())


class PriorityForm(EditForm):
    title = text("Priority", 200, required="Enter the priority", what="Priority")
    raised_by = radios("Which group listed it?", {}, "Select which group listed it")
    merged_into_id = ChoiceField("Same as another priority? (optional)", required=False,
                                 message="Select a priority from the list", invalid="Select a priority from the list")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def set_options(self, groups, others) -> None:
        self.raised_by.choices = options((str(g.position), g.name) for g in groups)
        self.merged_into_id.choices = options(((str(p.id), p.title) for p in others), blank="Not merged")

    def merged_into(self) -> int | None:
        value = self.merged_into_id.data
        return int(value) if value not in (None, "") and str(value).isdigit() else None


def scores_form(priorities, scoring: str):
    """A form with one score box a priority: `p<id>`, a rank (1 to how many priorities) or votes."""
    n = max(len(priorities), 1)
    fields: dict = {"lines": long_text("Add priorities this group listed, one on each line (optional)", 20_000,
                                       what="Priorities")}
    for i, p in enumerate(priorities, start=1):
        if scoring == "rank":
            field = WholeNumberField(p.title, what=f"Rank of “{p.title}”", minimum=1, maximum=n,
                                     range_message=f"Rank of “{p.title}” must be a number from 1 to {n}")
        else:
            field = WholeNumberField(p.title, what=f"Votes for “{p.title}”", minimum=0, maximum=rules.MAX_VOTES,
                                     range_message=f"Votes for “{p.title}” must be a number from 0 to "
                                                   f"{rules.MAX_VOTES:,}")
        fields[f"p{p.id}"] = field
    fields["submit"] = SubmitField("Save scores", widget=GovSubmitInput())
    cls = type("ScoresForm", (EditForm,), fields)
    return cls()


def guesses_form(priorities, other_name: str):
    choices = options(((str(p.id), p.title) for p in priorities), blank="No guess")
    fields: dict = {}
    for rank in range(1, rules.GUESSES + 1):
        label = ["First", "Second", "Third", "Fourth", "Fifth"][rank - 1]
        fields[f"guess_{rank}"] = ChoiceField(f"{label} guess", choices=choices, required=False,
                                              message="Select a priority from the list",
                                              description=f"What they expect {other_name.lower()} to put "
                                                          f"{['first', 'second', 'third', 'fourth', 'fifth'][rank - 1]}.")
    fields["submit"] = SubmitField("Save guesses", widget=GovSubmitInput())
    return type("GuessesForm", (EditForm,), fields)()


def _mood_fields() -> dict:
    fields: dict = {}
    for moment, moment_label in rules.MOMENTS.items():
        for measure, measure_label in rules.MEASURES.items():
            for answer in range(1, 6):
                fields[f"{moment}_{measure}_{answer}"] = WholeNumberField(
                    f"Answered {answer}", what=f"{moment_label}, {measure_label.lower()}: answered {answer}",
                    minimum=0, maximum=rules.MAX_PEOPLE)
    return fields


class MoodForm(EditForm):
    submit = SubmitField("Save mood counts", widget=GovSubmitInput())

    def counts(self) -> dict[tuple[str, str], list[int | None]]:
        return {(moment, measure): [getattr(self, f"{moment}_{measure}_{a}").data for a in range(1, 6)]
                for moment in rules.MOMENTS for measure in rules.MEASURES}


for _name, _field in _mood_fields().items():
    setattr(MoodForm, _name, _field)


class QuoteForm(EditForm):
    text = long_text("What was said, word for word", 5000, required="Enter what was said", what="Quote",
                     description=NO_NAMES)
    speaker = _line("Speaker’s role", 100, required="Enter the speaker’s role", what="Speaker’s role",
                   description="A role, never a name: for example “Tenant”, “Housing officer” or “Combined”.")
    tag = ChoiceField("What it is about (optional)", required=False, message="Select from the list")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def set_options(self, priorities) -> None:
        self.tag.choices = options(
            [("", "Not tagged")] + [(f"impact:{k}", f"Impact: {v}") for k, v in rules.IMPACTS.items()]
            + [(f"priority:{p.id}", f"Priority: {p.title}") for p in priorities])

    def chosen(self) -> tuple[str | None, int | None]:
        kind, _, value = (self.tag.data or "").partition(":")
        if kind == "impact" and value in rules.IMPACTS:
            return value, None
        if kind == "priority" and value.isdigit():
            return None, int(value)
        return None, None


class ActionForm(EditForm):
    title = text("Action agreed", 200, required="Enter the action agreed", what="Action agreed",
                 description="For example, “Tell tenants the day and time a repair will be done”.")
    priority_id = ChoiceField("Shared priority it comes from (optional)", required=False,
                              message="Select a priority from the list")
    owner = text("Owner", 200, required="Enter who owns it", what="Owner",
                 description="The post or body that makes it happen, for example “Repairs manager”.")
    due_on = GovDateField("Due date", what="Due date", required="Enter the due date",
                          description="For example, 30 9 2007")
    status = radios("Status", rules.ACTION_STATUSES, "Select the status")
    submit = SubmitField("Save", widget=GovSubmitInput())

    FIELDS = ["title", "owner", "due_on", "status"]

    def set_options(self, priorities) -> None:
        self.priority_id.choices = options(((str(p.id), p.title) for p in priorities), blank="None")

    def chosen(self) -> int | None:
        value = self.priority_id.data
        return int(value) if value not in (None, "") and str(value).isdigit() else None
