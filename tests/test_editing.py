"""The conflict page speaks the person's language: labels, not codes; amounts, not 37.00."""
from decimal import Decimal

from wtforms import Form, SelectField

from fossdash.editing import _display, _shown
from fossdash.forms import options


class _F(Form):
    stage = SelectField("Stage", choices=options({"design": "Design", "live": "Live"}))


def test_choices_show_their_labels_and_unknown_values_show_as_they_are():
    form = _F()
    assert _shown(form.stage, "live") == "Live"
    assert _shown(form.stage, "retired") == "retired"
    assert _shown(form.stage, None) == "(blank)"


def test_amounts_and_flags_read_plainly():
    assert _display(Decimal("21000.00")) == "21,000"
    assert _display(Decimal("37.50")) == "37.50"
    assert _display(False) == "No"


def test_an_id_that_does_not_exist_is_refused_and_logged(app, db, login):
    from fossdash.audit import AuditEvent

    client = login("admin")
    assert client.get("/projects/987654/").status_code == 404
    notes = db.session.scalars(db.select(AuditEvent.note).filter_by(action="access_refused")).all()
    assert any("no project 987654" in n for n in notes)
