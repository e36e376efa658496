"""Form pieces every domain uses: GOV.UK widgets by default, the version field for safe edits."""
from __future__ import annotations

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
from wtforms.validators import InputRequired, Length, NumberRange, Optional

__all__ = [
    "FlaskForm", "VersionedForm", "GovCheckboxInput", "GovDateInput", "GovSelect", "GovSubmitInput",
    "GovTextArea", "GovTextInput", "BooleanField", "DateField", "DecimalField", "HiddenField",
    "IntegerField", "SelectField", "StringField", "SubmitField", "TextAreaField", "InputRequired",
    "Length", "NumberRange", "Optional", "choices", "GovNumberInput", "GovPlainPasswordInput",
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


class VersionedForm(FlaskForm):
    """Carries the version of the record it was loaded from (see fossdash.editing)."""

    version = HiddenField()


def choices(mapping: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + list(mapping.items())
