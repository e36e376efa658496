"""GOV.UK widgets of our own, for fossdash/forms.py (import them from there)."""
from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput


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


class SingleCheckbox(GovCheckboxInput):
    """One checkbox whose hint sits under its label (not above the box, as a group's would)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if field.description:
            params["items"][0].setdefault("hint", {"text": field.description})
        params["hint"] = None  # an empty hint would still be named in aria-describedby
        return params
