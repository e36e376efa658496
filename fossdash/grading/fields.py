"""Form fields for the grading forms, each refusing bad input with one GOV.UK message: amounts
typed as people type them ("£19,500"), whole numbers, dates as three boxes, selects and radios that
never say "Not a valid choice", staff-group checkboxes, and a version field a forged POST cannot
fill from the stored record."""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask import request
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import Field, HiddenField, RadioField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError

from fossdash.forms import DateField, GovDateInput, GovNumberInput, GovSelect, SelectField, VersionedForm
from fossdash.grading.models import NamedIds


class VersionField(HiddenField):
    """The version a form was loaded from. Posted without it, it is blank (so the save is treated
    as made from an old version and refused), never the stored record's version."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""


class Versioned(VersionedForm):
    version = VersionField()


def posted():
    """The submitted form data on a POST, even when it is empty.

    Flask-WTF treats an empty POST as no submission and fills the form from the stored record, so
    a forged empty POST would pass as "saved unchanged". Passing the (empty) data explicitly makes
    every required field say what is missing instead.
    """
    return request.form if request.method == "POST" else None


class AmountField(Field):
    """A decimal amount typed by a person: "£19,500", "19500.00", "37.5". Stored to `places`
    decimal places. Messages name the field in GOV.UK style."""

    widget = GovNumberInput()

    def __init__(self, label=None, validators=None, places: int = 2, name_in_message: str = "",
                 minimum: Decimal | None = None, maximum: Decimal | None = None, required: bool = True,
                 required_message: str = "", unit: str = "", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places
        self.quantum = Decimal(1).scaleb(-places)
        self.what = name_in_message or (label or "").lower()
        self.minimum, self.maximum, self.required, self.unit = minimum, maximum, required, unit
        self.required_message = required_message or f"Enter {self.what}"
        self.raw = ""
        if required:
            self.flags.required = True

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = f"{self.data:.{self.places}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        cleaned = re.sub(r"[£,\s]", "", self.raw)
        try:
            value = Decimal(cleaned)
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise ValueError(f"{self.what.capitalize()} must be a number, like {self._example()}")
        self.data = value.quantize(self.quantum, rounding=ROUND_HALF_UP)

    def _example(self) -> str:
        return {"pay": "19500", "hours": "37", "leave": "25", "months": "12"}.get(self.unit, "10")

    def pre_validate(self, form):
        if self.process_errors:
            return
        if self.data is None:
            if self.required:
                raise ValidationError(self.required_message)
            return
        low, high = self.minimum, self.maximum
        if self.unit == "hours":
            if not (low < self.data <= high):
                raise ValidationError(f"{self.what.capitalize()} must be more than {low} and no more than {high}")
            return
        if low is not None and self.data < low:
            raise ValidationError(f"{self.what.capitalize()} must be {low} or more")
        if high is not None and self.data > high:
            raise ValidationError(f"{self.what.capitalize()} must be {high} or less")


class WholeNumberField(AmountField):
    def process_formdata(self, valuelist):
        raw = re.sub(r"[,\s]", "", (valuelist[0] if valuelist else "").strip())
        if raw and re.fullmatch(r"-?\d+\.\d*[1-9]\d*", raw):  # 1.5: a fraction, not a number to round
            self.data = None
            raise ValueError(f"{self.what.capitalize()} must be a whole number, like 12")
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = int(self.data)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


def pay_field(label: str, what: str, required: bool = True) -> AmountField:
    return AmountField(label, places=2, name_in_message=what, minimum=Decimal(0), maximum=Decimal(1_000_000),
                       required=required, unit="pay", description="In pounds a year, for example 19500")


def hours_field(required: bool = True) -> AmountField:
    return AmountField("Weekly hours", places=2, name_in_message="weekly hours", minimum=Decimal(0),
                       maximum=Decimal(60), required=required, unit="hours",
                       required_message="Enter the weekly hours", description="Full-time hours a week, for example 37")


class _Choice:
    """A select or radios whose every refusal is one GOV.UK message (never WTForms' "Not a valid
    choice"): missing, unknown and malformed values all get `message`."""

    def __init__(self, *args, message: str = "Select an option", required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.message, self.required = message, required
        if required:
            self.flags.required = True

    def process_formdata(self, valuelist):
        self.data = None  # posted without this field: nothing chosen (never the stored value)
        if valuelist:
            try:
                self.data = self.coerce(valuelist[0])
            except (ValueError, TypeError):
                self.data = None

    def pre_validate(self, form):
        if self.data in (None, ""):
            if self.required:
                raise StopValidation(self.message)
            return
        if self.data not in {value for value, *_ in (self.choices or [])}:
            raise StopValidation(self.message)


class ChoiceField(_Choice, SelectField):
    widget = GovSelect()


class RadiosField(_Choice, RadioField):
    widget = GovRadioInput()


class DayField(DateField):
    """A GOV.UK date input (day, month, year) with GOV.UK error messages."""

    widget = GovDateInput()

    def __init__(self, label=None, what: str = "the date", required_message: str = "", required: bool = True,
                 **kwargs):
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(label, **kwargs)
        self.what, self.required = what, required
        self.required_message = required_message or f"Enter {what}"

    def process_formdata(self, valuelist):
        self.data = None
        parts = [(v or "").strip() for v in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = list(parts)  # the widget shows back exactly three boxes
        if not any(parts):
            return
        what = self.what[0].upper() + self.what[1:]
        day, month, year = parts
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValueError(f"{what} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValueError(f"{what} must be a real date")
        if len(year) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{what} must be a real date") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required:
            raise StopValidation(self.required_message)


class GroupsField(SelectMultipleField):
    """Checkboxes of staff groups; its data prints as the groups' names."""

    widget = GovCheckboxesInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def process_data(self, value):
        super().process_data(value)
        self._name_data()

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self._name_data()

    def _name_data(self):
        names = {v: label for v, label in (self.choices or [])}
        self.data = NamedIds(self.data or [], names)

    def pre_validate(self, form):
        valid = {v for v, _ in (self.choices or [])}
        for value in self.data or []:
            if value not in valid:
                raise ValidationError("Select staff groups of this project only")


class Required:
    """Typed, and not only spaces (InputRequired lets "   " through)."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        raw = field.raw_data[0] if field.raw_data else ""
        if not str(raw).strip():
            field.errors[:] = []
            raise StopValidation(self.message)
