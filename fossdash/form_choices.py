"""Selects, radios and checkboxes for fossdash/forms.py (import them from there): options as
WTForms' SelectChoice, and one GOV.UK message for every refusal (never "Not a valid choice")."""
from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect
from wtforms import RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import StopValidation

_UNUSABLE = object()  # a choice value the field's coerce refuses (the blank option of an int field)


class Option(SelectChoice, tuple):
    """One option of a select, radios or checkboxes: WTForms' SelectChoice (WTForms 3.2+; tuples
    are deprecated), which still reads as the (value, label) pair it replaces, so code and
    templates written for pairs (`for value, label in field.choices`, `choice[0]`) keep working."""

    def __new__(cls, value, label=None, render_kw=None, optgroup=None):
        return tuple.__new__(cls, (value, value if label is None else label))

    def __iter__(self):
        return iter((self.value, self.label))


def options(items=(), blank: str | None = None) -> list[Option]:
    """Options from a {value: label} mapping, (value, label) pairs, SelectChoices or plain values,
    after a first blank option ("", blank) when `blank` is given."""
    out = [Option("", blank)] if blank is not None else []
    for item in (items.items() if isinstance(items, dict) else items or ()):
        if isinstance(item, Option):
            out.append(item)
        elif isinstance(item, SelectChoice):
            out.append(Option(item.value, item.label, item.render_kw, item.optgroup))
        elif isinstance(item, (str, int)):
            out.append(Option(item))
        else:
            out.append(Option(*item))
    return out


class _Options:
    """Choices stored as Options whatever they are given as (views set tuples too)."""

    @property
    def choices(self):
        return SelectField.choices.fget(self)

    @choices.setter
    def choices(self, value):
        SelectField.choices.fset(self, value if callable(value) else options(value))

    def _coerced(self, value):
        try:
            return self.coerce(value)
        except (ValueError, TypeError):
            return _UNUSABLE

    def values(self) -> set:
        """The field's valid values, coerced (so comparable with its data)."""
        return {v for v in (self._coerced(c.value) for c in options(self.choices)) if v is not _UNUSABLE}


class _OneChoice(_Options):
    """A select or radios whose every refusal is one GOV.UK message: nothing chosen gives `message`
    (when `required`), an unknown or malformed value gives `invalid` (default: `message`).
    Posted without the field, nothing is chosen (never the stored value). `validate_choice=False`
    (filter forms) lets an unknown value through for the view to ignore."""

    def __init__(self, label=None, validators=None, *, choices=(), message: str = "Select an option",
                 invalid: str | None = None, required: bool = True, **kwargs):
        super().__init__(label, validators, choices=options(choices), **kwargs)
        self.message, self.invalid, self.required = message, invalid or message, required
        self.malformed = False
        if required:
            self.flags.required = True

    def process_formdata(self, valuelist):
        self.data, self.malformed = None, False
        if valuelist:
            self.data = self._coerced(valuelist[0])
            if self.data is _UNUSABLE:
                self.data, self.malformed = None, True

    def iter_choices(self):
        return [Choice(c.value, c.label, self._coerced(c.value) == self.data, c.render_kw)
                for c in options(self.choices)]

    def has_groups(self):
        return False

    def pre_validate(self, form):
        if self.malformed and self.validate_choice:
            raise StopValidation(self.invalid)
        if self.data in (None, ""):
            if self.required:
                raise StopValidation(self.message)
            return
        if self.validate_choice and self.data not in self.values():
            raise StopValidation(self.invalid)


class ChoiceField(_OneChoice, SelectField):
    """A GOV.UK select: ChoiceField(label, choices=..., message="Select ...")."""

    widget = GovSelect()


class RadiosField(_OneChoice, RadioField):
    """GOV.UK radios: RadiosField(label, choices=..., message="Select ...")."""

    widget = GovRadioInput()


class Labelled(list):
    """The chosen values of a CheckboxesField, printed as their labels (for the conflict page)."""

    def __init__(self, values=(), field=None):
        super().__init__(values)
        self.field = field

    def __str__(self) -> str:
        labels = {} if self.field is None else {self.field._coerced(c.value): c.label
                                                  for c in options(self.field.choices)}
        return ", ".join(sorted(str(labels.get(v, v)) for v in self))


class CheckboxesField(_Options, SelectMultipleField):
    """GOV.UK checkboxes for several choices (data: a list that prints as the labels). A value not
    among the choices, or malformed, gives `message`; `required` is the message for none."""

    widget = GovCheckboxesInput()

    def __init__(self, label=None, validators=None, *, choices=(), message: str = "Select options from the list",
                 required: str | None = None, **kwargs):
        super().__init__(label, validators, choices=options(choices), **kwargs)
        self.message, self.required, self.malformed = message, required, False

    def process_data(self, value):
        super().process_data(value or [])
        self.data = Labelled(self.data or [], self)

    def process_formdata(self, valuelist):
        values = [self._coerced(v) for v in valuelist]
        self.malformed = _UNUSABLE in values
        self.data = Labelled([v for v in values if v is not _UNUSABLE], self)

    def pre_validate(self, form):
        if self.malformed or any(v not in self.values() for v in self.data or []):
            raise StopValidation(self.message)
        if self.required and not self.data:
            raise StopValidation(self.required)
