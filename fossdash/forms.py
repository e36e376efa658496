"""The one form-field library every domain builds its forms from: GOV.UK widgets, GOV.UK error
messages (one per field, never WTForms' "Not a valid choice"), and the base forms.

    Form        base of every form: a POST always validates what was posted, even nothing (below)
    EditForm    a Form carrying the version of the record it was loaded from (fossdash.editing)
    GovDateField, AmountField, WholeNumberField, ChoiceField, RadiosField, CheckboxesField,
    VersionField, Required; builders text(), long_text(), radios(), select(); options(); save()

The forged-POST guard: Flask-WTF treats an empty POST as "no submission" and fills the form from
the stored record (`obj=`), so a forged empty POST would pass as "saved unchanged". Form passes
the posted data explicitly, even when empty, so every required field says what is missing.
`FlaskForm` here *is* Form, so forms importing FlaskForm from this module get the guard too."""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask import has_request_context, request
from flask_wtf import FlaskForm as _FlaskWTFForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovDateInput, GovSubmitInput, GovTextArea, GovTextInput
from werkzeug.datastructures import CombinedMultiDict
from wtforms import BooleanField, DateField, Field, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from fossdash.form_choices import CheckboxesField, ChoiceField, Option, RadiosField, options
from fossdash.once import OnceField
from fossdash.form_widgets import GovNumberInput, GovPlainPasswordInput, SingleCheckbox

__all__ = [  # (and, for convenience, the WTForms fields and GOV.UK widgets the domain forms use)
    "Form", "FlaskForm", "EditForm", "ConfirmForm", "save", "GovDateField", "AmountField",
    "WholeNumberField", "ChoiceField", "RadiosField", "CheckboxesField", "VersionField", "Required", "Option",
    "options", "text", "long_text", "radios", "select", "GovNumberInput", "GovPlainPasswordInput", "SingleCheckbox",
    "GovCheckboxInput", "GovSubmitInput", "GovTextInput", "BooleanField", "StringField", "SubmitField",
    "ValidationError",
]

SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_GIVEN_NOTHING = object()


def _sentence(what: str) -> str:
    return what[:1].upper() + what[1:]


def _number(value) -> str:
    return f"{value:,}"


# --- base forms ------------------------------------------------------------------------------

class Form(_FlaskWTFForm):
    """Every form's base. Built without formdata during a POST, it reads what was posted even when
    that is nothing (see the module's docstring). Passing formdata (None too) is left alone."""

    def __init__(self, formdata=_GIVEN_NOTHING, **kwargs):
        if formdata is _GIVEN_NOTHING and has_request_context() and request.method in SUBMIT_METHODS \
                and not request.is_json:
            formdata = CombinedMultiDict((request.files, request.form)) if request.files else request.form
        if formdata is _GIVEN_NOTHING:
            super().__init__(**kwargs)
        else:
            super().__init__(formdata, **kwargs)


FlaskForm = Form


class VersionField(HiddenField):
    """The version a form was loaded from. Posted without it, it is blank (so the save counts as
    made from an old version and is refused), never the stored record's version."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""


class EditForm(Form):
    """A form editing a stored record: carries the version it was loaded from (fossdash.editing),
    and a one-time token, so that sent twice it creates its record once (fossdash/once.py)."""

    version = VersionField()
    once = OnceField()


class ConfirmForm(EditForm):
    """A delete confirmation: the button is the whole form (and the record's version, when the
    page carried it: fossdash.editing.delete_record)."""


def save(form, obj, names: list[str]) -> None:
    """Copy the named fields onto the record (never `version`: the mapper manages it)."""
    for name in names:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


# --- validators ------------------------------------------------------------------------------

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


# --- dates -----------------------------------------------------------------------------------

class GovDateField(DateField):
    """A date as GOV.UK's Day, Month and Year boxes, with GOV.UK's messages ("Date raised must
    include a month", "... must be a real date", "Year must include 4 numbers"). All three boxes
    blank (or left out of the POST) is None; `required` is the message for that. `what` names the
    field in messages (default: the label). `past_only`: never after today."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, *, required: str | None = None, what: str | None = None,
                 past_only: bool = False, **kwargs):
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(label, validators, **kwargs)
        self.required, self.past_only = required, past_only
        self.what = _sentence(what or self.label.text)
        if required:
            self.flags.required = True

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.raw_data is not None:  # the widget shows back exactly three boxes (a forged POST too)
            self.raw_data = (list(self.raw_data) + ["", "", ""])[:3] if self.raw_data else None

    def process_formdata(self, valuelist):
        self.data = None
        day, month, year = ([(v or "").strip() for v in valuelist][:3] + ["", "", ""])[:3]
        if not (day or month or year):
            return
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if missing:
            raise ValueError(f"{self.what} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValueError(f"{self.what} must be a real date")
        if len(year) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{self.what} must be a real date") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required:
            raise StopValidation(self.required)
        if self.data and self.past_only and self.data > date.today():
            raise StopValidation(f"{self.what} must be today or in the past")


# --- numbers ---------------------------------------------------------------------------------

class AmountField(Field):
    """A decimal number typed as people type it ("£19,500", "19,500.00", "37.5"), kept to `places`
    decimal places (rounded half up). Blank is None; `required` is the message for that.
    `minimum`/`maximum` are inclusive, `more_than` exclusive; `range_message` replaces the default
    "X must be 0 or more" / "X must be 60 or less". `example` adds ", like 19500" to "X must be a
    number". A number too long to round (1e30, forty 9s) is out of range, never a server error."""

    widget = GovNumberInput()
    NOT_A = "a number"

    def __init__(self, label=None, validators=None, *, what: str | None = None, places: int = 2,
                 minimum=None, maximum=None, more_than=None, required: str | None = None,
                 range_message: str | None = None, example: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.what = _sentence(what or self.label.text)
        self.places, self.quantum = places, Decimal(1).scaleb(-places)
        self.minimum, self.maximum, self.more_than = (None if v is None else Decimal(v)
                                                      for v in (minimum, maximum, more_than))
        self.required, self.range_message, self.example = required, range_message, example
        if required:
            self.flags.required = True

    def _not_a_number(self) -> ValueError:
        return ValueError(f"{self.what} must be {self.NOT_A}" + (f", like {self.example}" if self.example else ""))

    def _parse(self, raw: str) -> Decimal:
        try:
            value = Decimal(re.sub(r"[£,\s]", "", raw))
        except (InvalidOperation, ValueError):
            raise self._not_a_number() from None
        if not value.is_finite():
            raise self._not_a_number()
        return value

    def _round(self, value: Decimal):
        try:
            return value.quantize(self.quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than Decimal keeps: out of any range, pre_validate says so
            return value

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "") or ""
        if raw.strip():
            self.data = self._round(self._parse(raw.strip()))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = f"{self.data:.{self.places}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None:
            if self.required:
                raise StopValidation(self.required)
            return
        low, high, above = self.minimum, self.maximum, self.more_than
        if above is not None and not self.data > above:
            raise StopValidation(self.range_message or f"{self.what} must be more than {_number(above)}")
        if low is not None and self.data < low:
            raise StopValidation(self.range_message or f"{self.what} must be {_number(low)} or more")
        if high is not None and self.data > high:
            raise StopValidation(self.range_message or f"{self.what} must be {_number(high)} or less")
        if abs(self.data) >= 10 ** 15:  # no bounds given, and too long for any column
            raise StopValidation(f"{self.what} must be less than {_number(10 ** 15)}")


class WholeNumberField(AmountField):
    """An AmountField for whole numbers ("1,400,000"; "1.0" is 1): a fraction or anything else is
    "X must be a whole number" (", like 12" with `example`)."""

    NOT_A = "a whole number"

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["places"] = 0
        super().__init__(label, validators, **kwargs)

    def _parse(self, raw: str) -> Decimal:
        if "£" in raw:
            raise self._not_a_number()
        value = super()._parse(raw)
        if value != value.to_integral_value():
            raise self._not_a_number()
        return value

    def _round(self, value: Decimal):
        return int(value) if value.adjusted() < 18 else value  # (a longer one is out of range anyway)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


# --- builders --------------------------------------------------------------------------------

_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\n\r"} | {127: None}


def _strip(value):
    """Surrounding spaces off, and control characters (pasted in, never typed) out."""
    return value.translate(_CONTROL).strip() if isinstance(value, str) else value


def _text_validators(label, max_length, required, what):
    validators = [Required(required)] if required else [Optional()]
    validators.append(Length(max=max_length, message=f"{_sentence(what or label)} must be "
                                                     f"{max_length:,} characters or fewer"))
    return validators


def text(label: str, max_length: int = 200, required: str | None = None, what: str | None = None,
         **kw) -> StringField:
    """A one-line text input, stripped; `required` is the message when blank or only spaces."""
    kw.setdefault("widget", GovTextInput())
    return StringField(label, validators=_text_validators(label, max_length, required, what) + kw.pop("validators", []),
                       filters=[_strip], **kw)


def long_text(label: str, max_length: int = 5000, required: str | None = None, what: str | None = None,
              **kw) -> TextAreaField:
    """A textarea, stripped; `required` is the message when blank or only spaces."""
    kw.setdefault("widget", GovTextArea())
    return TextAreaField(label, validators=_text_validators(label, max_length, required, what)
                         + kw.pop("validators", []), filters=[_strip], **kw)


def radios(label: str, choices, message: str, **kw) -> RadiosField:
    return RadiosField(label, choices=choices, message=message, **kw)


def select(label: str, choices, message: str, blank: str | None = None, **kw) -> ChoiceField:
    """A select; `blank` adds a first empty option with that text ("Select a ...")."""
    return ChoiceField(label, choices=options(choices, blank), message=message, **kw)
