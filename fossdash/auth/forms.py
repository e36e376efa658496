from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from fossdash.auth.models import ROLE_LABELS
from fossdash.auth.passwords import problem
from fossdash.forms import (
    ChoiceField,
    EditForm,
    FlaskForm,
    GovCheckboxInput,
    GovDateField,
    GovPlainPasswordInput,
    GovSubmitInput,
    GovTextInput,
    options,
)
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput

from fossdash.audit_search import REFUSED, REFUSED_CHOICES, REFUSED_HIDE, REFUSED_ONLY

ROLE_CHOICES = options({r.value: label for r, label in ROLE_LABELS.items()})


class SignInForm(FlaskForm):
    email = StringField(
        "Email address", widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address"),
                    Length(max=254, message="Email address must be 254 characters or fewer")],
    )
    password = PasswordField(
        "Password", widget=GovPlainPasswordInput(), validators=[InputRequired(message="Enter your password")]
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class NewPassword:
    def __call__(self, form, field):
        email = getattr(form, "email", None)
        why = problem(field.data or "", email.data if email is not None else getattr(form, "_email", ""))
        if why:
            raise ValidationError(why)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = PasswordField(
        "New password", widget=GovPasswordInput(),
        description="At least 10 characters. A few words together are easy to remember and hard to guess.",
        validators=[InputRequired(message="Enter a new password"), NewPassword()],
    )
    confirm = PasswordField(
        "Confirm new password", widget=GovPasswordInput(),
        validators=[InputRequired(message="Confirm your new password"),
                    EqualTo("new_password", message="The passwords do not match")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class UserForm(EditForm):
    name = StringField(
        "Full name", widget=GovTextInput(),
        validators=[InputRequired(message="Enter the person's full name"),
                    Length(max=200, message="Full name must be 200 characters or fewer")],
    )
    email = StringField(
        "Email address", widget=GovTextInput(),
        validators=[InputRequired(message="Enter an email address"),
                    Email(message="Enter an email address in the correct format, like name@example.org",
                          check_deliverability=False),
                    Length(max=254, message="Email address must be 254 characters or fewer")],
    )
    role = ChoiceField("Role", choices=ROLE_CHOICES, message="Select a role")
    active = BooleanField("Account is active", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class OptionalNewPassword(NewPassword):
    """The password rules, for a field that may be left blank."""

    def __call__(self, form, field):
        if field.data:
            super().__call__(form, field)


class EditUserForm(UserForm):
    new_password = PasswordField(
        "New temporary password (optional)", widget=GovPasswordInput(),
        description="Only if they have forgotten theirs. Leave blank to keep their password. "
                    "Setting one signs them out everywhere; give it to them by a separate channel.",
        validators=[OptionalNewPassword()],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class NewUserForm(UserForm):
    password = PasswordField(
        "Temporary password", widget=GovPasswordInput(),
        description="At least 10 characters. Give it to the person by a separate channel.",
        validators=[InputRequired(message="Enter a temporary password"), NewPassword()],
    )


class AuditFilterForm(FlaskForm):
    """Filters for the audit log (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    actor = StringField("Name or email", widget=GovTextInput(),
                        validators=[Length(max=254, message="Name or email must be 254 characters or fewer")])
    entity = ChoiceField("Record type", required=False, validate_choice=False)
    action = ChoiceField("Action", required=False, validate_choice=False)
    project = ChoiceField("Project", required=False, validate_choice=False)
    from_date = GovDateField("From date")
    to_date = GovDateField("To date")
    refused = RadioField("Refused access", choices=options(REFUSED_CHOICES), default=REFUSED_HIDE,
                         widget=GovRadioInput(), invalid_choice_message="Choose whether to show refused access")

    def validate_refused(self, field):
        if field.data == REFUSED_ONLY and self.action.data and self.action.data != REFUSED:
            raise ValidationError("To show only refused access, set the action to ‘Any’")

    def validate_to_date(self, field):
        if field.data and self.from_date.data and field.data < self.from_date.data:
            raise ValidationError("To date must be the same as or after the from date")
