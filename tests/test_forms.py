"""The one form-field library (fossdash.forms): GOV.UK messages for dates, amounts, whole numbers
and choices, the forged-POST guard in the base form, and the defects it fixed: a number too long
for Decimal gave a 500, and an empty response was saved as a response."""
from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from fossdash.form_choices import _Options  # what every choice field here is
from fossdash.forms import (
    AmountField,
    CheckboxesField,
    EditForm,
    Form,
    GovDateField,
    Option,
    WholeNumberField,
    options,
    radios,
    select,
    text,
)
from tests.grading.helpers import issue, issue_url, snapshot
from tests.projects.html import error_summary

TOO_LONG = ["1e30", "1e309", "9" * 40, "-1e30"]


class _Sample(EditForm):
    name = text("Name", required="Enter the name")
    pay = AmountField("Pay", what="the pay", minimum=0, maximum=1_000_000, required="Enter the pay",
                      example="19500")
    hours = AmountField("Weekly hours", more_than=0, maximum=60)
    headcount = WholeNumberField("Headcount", minimum=0, maximum=100_000)
    on = GovDateField("Date raised", required="Enter the date it was raised")
    kind = select("Kind of body", {"council": "Council", "police": "Police"}, "Select the kind of body",
                  blank="Select a kind of body")
    stage = radios("Stage", {"design": "Design", "live": "Live"}, "Select the stage")
    groups = CheckboxesField("Staff groups", coerce=int, choices=[(1, "Advisers"), (2, "Officers")],
                             message="Select staff groups of this project only")


GOOD = {"name": "Ashford", "pay": "19500", "hours": "37", "headcount": "12", "on": ["1", "4", "2027"],
        "kind": "council", "stage": "live", "groups": ["1"]}


def _post(app, data, **kw):
    """The form as a view builds it (no formdata given), on a POST of `data`."""
    pairs = [(k, x) for k, v in data.items() for x in (v if isinstance(v, list) else [v])]
    with app.test_request_context("/", method="POST", data=MultiDict(pairs)):
        form = _Sample(**kw)
        form.validate()
        return form


def _errors(app, **changes):
    return {k: v for k, v in _post(app, {**GOOD, **changes}).errors.items()}


def test_the_good_form_is_valid_and_typed(app):
    form = _post(app, {**GOOD, "pay": "£19,500.50", "headcount": "1,400"})
    assert form.errors == {}
    assert (form.pay.data, form.headcount.data, form.on.data) == (Decimal("19500.50"), 1400, date(2027, 4, 1))
    assert (form.kind.data, form.stage.data, list(form.groups.data)) == ("council", "live", [1])
    assert str(form.groups.data) == "Advisers"  # (the conflict page shows labels, not ids)


@pytest.mark.parametrize("parts,message", [
    (["1", "", ""], "Date raised must include a month and a year"),
    (["", "4", "2027"], "Date raised must include a day"),
    (["31", "2", "2027"], "Date raised must be a real date"),
    (["1", "April", "2027"], "Date raised must be a real date"),
    (["1", "4", "27"], "Year must include 4 numbers"),
    (["", "", ""], "Enter the date it was raised"),
])
def test_dates_get_gov_uk_messages(app, parts, message):
    assert _errors(app, on=parts) == {"on": [message]}


@pytest.mark.parametrize("field,value,message", [
    ("pay", "twenty", "The pay must be a number, like 19500"),
    ("pay", "NaN", "The pay must be a number, like 19500"),
    ("pay", "-1", "The pay must be 0 or more"),
    ("pay", "1000001", "The pay must be 1,000,000 or less"),
    ("pay", "", "Enter the pay"),
    ("hours", "0", "Weekly hours must be more than 0"),
    ("headcount", "1.5", "Headcount must be a whole number"),
    ("headcount", "twelve", "Headcount must be a whole number"),
    ("name", "   ", "Enter the name"),
])
def test_numbers_and_text_get_one_gov_uk_message(app, field, value, message):
    assert _errors(app, **{field: value}) == {field: [message]}


@pytest.mark.parametrize("value", TOO_LONG)
def test_a_number_too_long_for_decimal_is_out_of_range_not_a_crash(app, value):
    errors = _errors(app, pay=value, hours=value, headcount=value)
    if value.startswith("-"):
        assert errors == {"pay": ["The pay must be 0 or more"], "hours": ["Weekly hours must be more than 0"],
                          "headcount": ["Headcount must be 0 or more"]}
    else:
        assert errors == {"pay": ["The pay must be 1,000,000 or less"], "hours": ["Weekly hours must be 60 or less"],
                          "headcount": ["Headcount must be 100,000 or less"]}


@pytest.mark.parametrize("field,value,message", [
    ("kind", "", "Select the kind of body"),
    ("kind", "parish", "Select the kind of body"),
    ("stage", "retired", "Select the stage"),
    ("groups", ["9"], "Select staff groups of this project only"),
    ("groups", ["x"], "Select staff groups of this project only"),
])
def test_choices_never_say_not_a_valid_choice(app, field, value, message):
    assert _errors(app, **{field: value}) == {field: [message]}


def test_a_choice_left_out_of_the_post_is_nothing_chosen(app):
    data = {k: v for k, v in GOOD.items() if k not in ("kind", "stage")}
    assert _post(app, data).errors == {"kind": ["Select the kind of body"], "stage": ["Select the stage"]}


def test_options_are_select_choices_that_still_read_as_pairs():
    from wtforms.fields.choices import SelectChoice

    opts = options({"a": "A"}, blank="Select one")
    assert all(isinstance(o, SelectChoice) for o in opts)
    assert [tuple(o) for o in opts] == [("", "Select one"), ("a", "A")]
    assert opts[1][0] == "a" and dict(opts) == {"": "Select one", "a": "A"}
    assert options([Option("x", "X"), ("y", "Y")]) == [Option("x", "X"), Option("y", "Y")]


def test_no_form_passes_deprecated_tuple_choices(app):
    """WTForms 3.2+ warns about tuple choices (to be removed): every form here uses Options."""
    from fossdash.auth import forms as auth
    from fossdash.concerns import forms as concerns
    from fossdash.grading import forms as grading
    from fossdash.projects import forms as projects

    classes = [c for m in (auth, concerns, grading, projects) for c in vars(m).values()
               if isinstance(c, type) and issubclass(c, Form) and c.__module__ == m.__name__]
    assert len(classes) > 20
    with app.test_request_context("/"), warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for cls in classes:
            form = cls(formdata=None)
            for field in form:
                if hasattr(field, "iter_choices") and field.choices:
                    list(field.iter_choices())
                if isinstance(field, _Options):
                    field.choices = [("a", "A")]  # as a view sets them
                    assert isinstance(field.choices[0], Option)


# --- the forged-POST guard --------------------------------------------------------------------

STORED = SimpleNamespace(name="Ashford", pay=Decimal(19500), hours=Decimal(37), headcount=12, on=date(2027, 4, 1),
                         kind="council", stage="live", groups=[1], version=3)


def test_an_empty_post_is_validated_as_empty_not_filled_from_the_record(app):
    form = _post(app, {}, obj=STORED)
    assert set(form.errors) == {"name", "pay", "on", "kind", "stage"}
    assert form.version.data == ""  # never the stored version: the save counts as stale


def test_formdata_given_explicitly_is_left_alone(app):
    with app.test_request_context("/", method="POST", data={}):
        form = _Sample(formdata=None, obj=STORED)  # (a form shown beside another, on a POST)
        assert (form.name.data, form.kind.data, form.version.data) == ("Ashford", "council", 3)
    with app.test_request_context("/?kind=police", method="GET"):
        from flask import request

        assert _Sample(request.args).kind.data == "police"  # a GET filter form
        assert _Sample(obj=STORED).kind.data == "council"  # a GET edit page


def test_a_forged_empty_post_to_an_edit_page_saves_nothing(world, db, login):
    project = world.project
    version = project.version
    resp = login(world.users["programme_manager"]).post(f"/projects/{project.id}/edit", data={})
    assert resp.status_code == 200
    assert "Enter the project name" in error_summary(resp.text)
    db.session.refresh(project)
    assert project.version == version


# --- a number too long for Decimal, through the routes -----------------------------------------

@pytest.mark.parametrize("value", TOO_LONG[:3])
def test_terms_with_a_number_too_long_for_decimal_are_refused(world, db, login, value):
    from fossdash.projects.models import Partnership

    p = db.session.get(Partnership, world.ids["partnership_id"])
    before = (p.weekly_hours, p.annual_leave_days, p.version)
    resp = login(world.users["hr"]).post(
        f"/projects/{world.project.id}/partners/{p.id}/terms",
        data={"weekly_hours": value, "annual_leave_days": value, "version": str(p.version)})
    assert resp.status_code == 200
    assert error_summary(resp.text) == ["Weekly hours must be between 1 and 60",
                                        "Annual leave must be between 0 and 60 days"]
    db.session.refresh(p)
    assert (p.weekly_hours, p.annual_leave_days, p.version) == before


ROW = {"current_grade": "Scale 5", "pay_min": "20500", "pay_max": "22000", "weekly_hours": "37",
       "annual_leave_days": "26"}


@pytest.mark.parametrize("value", TOO_LONG[:3])
def test_a_grading_row_with_a_number_too_long_for_decimal_is_refused(app, world, login, value):
    before = snapshot(world)
    row = next(r for r in issue(world).rows if r.id == world.ids["row_id"])
    resp = login(world.users["hr"]).post(
        issue_url(world, f"agencies/{row.id}/edit"),
        data={**ROW, "pay_max": value, "weekly_hours": value, "annual_leave_days": value,
              "version": str(row.version)})
    assert resp.status_code == 200
    assert error_summary(resp.text) == ["The highest pay in the range must be 1,000,000 or less",
                                        "Weekly hours must be more than 0 and no more than 60",
                                        "Annual leave must be 60 or less"]
    assert snapshot(world) == before


@pytest.mark.parametrize("value", TOO_LONG[:3])
def test_a_decision_with_a_number_too_long_for_decimal_is_refused(app, world, login, value):
    data = {"new_grade": "Scale 5", "pay_min": "21000", "pay_max": value, "weekly_hours": value,
            "effective_date": ["1", "4", "2027"], "pay_protection_months": value, "version": ""}
    resp = login(world.users["hr"]).post(issue_url(world, "decision"), data=data)
    assert resp.status_code == 200
    assert error_summary(resp.text) == ["The highest pay in the new range must be 1,000,000 or less",
                                        "Weekly hours must be more than 0 and no more than 60",
                                        "Months of pay protection must be 120 or less"]
    assert issue(world).decision is None


# --- an empty response ------------------------------------------------------------------------

@pytest.mark.parametrize("status,message", [
    ("responding", "Enter the response"),
    ("answered", "Enter the response before marking it answered"),
])
def test_saving_an_empty_response_is_an_error_and_changes_nothing(world, db, login, status, message):
    from fossdash.concerns.models import Concern

    c = db.session.get(Concern, world.ids["concern_id"])
    assert c.status == "open"
    before = (c.status, c.response, c.version)
    resp = login(world.users["programme_manager"]).post(
        f"/projects/{world.project.id}/concerns/{c.id}/answer",
        data={"version": str(c.version), "response": "  ", "actions": "", "status": status})
    assert resp.status_code == 200
    assert error_summary(resp.text) == [message]
    db.session.refresh(c)
    assert (c.status, c.response, c.version) == before
