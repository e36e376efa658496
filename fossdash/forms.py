"""Form pieces every domain uses: GOV.UK widgets by default, the version field for safe edits."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

__all__ = [
    "FlaskForm", "VersionedForm", "GovCheckboxInput", "GovDateInput", "GovSelect", "GovSubmitInput",
    "GovTextArea", "GovTextInput", "BooleanField", "DateField", "DecimalField", "HiddenField",
    "IntegerField", "SelectField", "StringField", "SubmitField", "TextAreaField", "InputRequired",
    "Length", "NumberRange", "Optional", "choices", "GovNumberInput", "GovPlainPasswordInput",
    "WholeNumberField", "NumberField", "SingleCheckbox",
]


class GovNumberInput(GovTextInput):
    """A text input for whole or decimal numbers (GOV.UK advises against type=number)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("inputmode", "decimal")
        params.setdefault("spellcheck", False)
        params.setdefault("classes", "govuk-input--width-10")
        return params


class GovPlainPasswordInput(GovTextInput):
    """A plain GOV.UK text input of type password that never echoes the value back.

    Used on the sign-in form instead of the password-input component, whose "Show password"
    button shares the word "password" with the field and confuses label-driven tools."""

    def __call__(self, field, **kwargs):
        kwargs["value"] = ""
        kwargs["type"] = "password"
        return super().__call__(field, **kwargs)


class GovDateField(DateField):
    """A date as GOV.UK's Day, Month and Year boxes, with GOV.UK's error messages
    ("From date must include a month", "From date must be a real date"). All three boxes left
    blank gives None. To make it required use DateRequired("Enter the ..."), not InputRequired;
    never add Optional (both would hide "must include a month")."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, format="%d %m %Y", **kwargs):
        super().__init__(label, validators, format=format, **kwargs)

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.raw_data is not None and len(self.raw_data) != 3:
            # The widget shows three boxes: a form posted without them (or a forged one) still
            # renders, as blanks.
            self.raw_data = (list(self.raw_data) + ["", "", ""])[:3] if self.raw_data else None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        parts = [(v or "").strip() for v in valuelist] + ["", "", ""]
        day, month, year = parts[:3]
        self.data = None
        if not (day or month or year):
            return
        missing = [name for name, value in (("day", day), ("month", month), ("year", year)) if not value]
        if missing:
            raise ValueError(f"{self.label.text} must include a {' and a '.join(missing)}")
        try:
            d, m, y = int(day), int(month), int(year)
            if y < 1000:
                raise ValueError
            self.data = date(y, m, d)
        except ValueError:
            raise ValueError(f"{self.label.text} must be a real date") from None


class DateRequired:
    """Required for a GovDateField, keeping its own more precise message when there is one."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is None:
            raise StopValidation(self.message)


class VersionedForm(FlaskForm):
    """Carries the version of the record it was loaded from (see fossdash.editing)."""

    version = HiddenField()


def choices(mapping: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + list(mapping.items())


class WholeNumberField(IntegerField):
    """An integer typed as text ("1,400,000" is fine); blank means no value."""

    def __init__(self, label=None, validators=None, error_name: str | None = None, **kw):
        kw.setdefault("widget", GovNumberInput())
        super().__init__(label, validators, **kw)
        self.error_name = error_name or self.label.text

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").strip().replace(",", "")
        if raw == "":
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.error_name} must be a whole number") from None


class NumberField(DecimalField):
    """A decimal number typed as text, rounded to `places`; blank means no value."""

    def __init__(self, label=None, validators=None, error_name: str | None = None, places: int = 2, **kw):
        kw.setdefault("widget", GovNumberInput())
        super().__init__(label, validators, places=places, **kw)
        self.error_name = error_name or self.label.text

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").strip()
        if raw == "":
            self.data = None
            return
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.data = None
            raise ValueError(f"{self.error_name} must be a number")
        self.data = value.quantize(Decimal(1).scaleb(-self.places))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = format(self.data, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class SingleCheckbox(GovCheckboxInput):
    """One checkbox whose hint sits under its label (not above the box, as a group's would)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if field.description:
            params["items"][0].setdefault("hint", {"text": field.description})
        params["hint"] = None  # an empty hint would still be named in aria-describedby
        return params
