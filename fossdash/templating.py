"""Template globals and filters shared by every page."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask
from jinja2 import Template
from markupsafe import Markup, escape

from fossdash import navigation
from fossdash.modelkit import illustrative_mix

SERVICE_NAME = "fossdash"


def govuk_date(value, with_time: bool = False) -> str:
    """'21 November 2026' (GOV.UK style), optionally with '2:05pm'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    text = f"{value.day} {value.strftime('%B %Y')}"
    if with_time and isinstance(value, datetime):
        hour = value.hour % 12 or 12
        text += f" at {hour}:{value.strftime('%M')}{'am' if value.hour < 12 else 'pm'}"
    return text


def number(value, places: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        value = float(value)
    if places is None:
        return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,.{places}f}"


def money(value, places: int = 0) -> str:
    return "" if value is None else "£" + number(value, places)


def error_summary(form) -> dict:
    """govukErrorSummary params for a WTForms form, each link going to the field's first input
    (for a date, its Day box, as GOV.UK asks)."""
    from govuk_frontend_wtf.main import wtforms_errors
    from govuk_frontend_wtf.wtforms_widgets import GovDateInput

    params = wtforms_errors(form)
    dates = {f"#{field.id}": f"#{field.name}-day" for field in form
             if isinstance(getattr(field, "widget", None), GovDateInput)}
    for item in params["errorList"]:
        item["href"] = dates.get(item["href"], item["href"])
    return params


UK = ZoneInfo("Europe/London")


def govuk_datetime(value) -> str:
    """A stored (naive UTC) moment as UK time: '21 November 2026 at 2:05pm'."""
    if value is None or value == "":
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(UK).replace(tzinfo=None)
    return govuk_date(local, with_time=True)


def html_attributes(attributes) -> Markup:
    """` name="value"` pairs as govuk-frontend-jinja's govukAttributes writes them (a string
    passes through as markup; {"value": v, "optional": true} skips an empty value and writes a
    true one as the bare name; booleans as "true"/"false"), escaped: for the table macro, which
    writes GOV.UK table markup itself (macros/table.html says why)."""
    if not attributes:
        return _NO_ATTRIBUTES
    if isinstance(attributes, str):
        return Markup(attributes)
    out = []
    for name, value in attributes.items():
        optional = False
        if isinstance(value, Mapping):
            optional = value.get("optional") is True
            value = value.get("value")
        if optional and value is True:
            out.append(f" {escape(name)}")
            continue
        if optional and (value is None or value is False):
            continue
        if isinstance(value, bool):
            value = str(value).lower()
        out.append(f' {escape(name)}="{escape(value)}"')
    return Markup("".join(out))


_NO_ATTRIBUTES = Markup("")


def table_rows(rows, header_first: bool = False) -> list[list[tuple]]:
    """record_table's body cells, each as (row header?, extra classes, attributes, content) for
    the macro to write: the cell options govukTable reads ("text" escaped by the template, "html"
    as given, "format", "classes", "colspan", "rowspan", "attributes", and record_table's "sort"),
    read here once per cell rather than looked up one by one in the template."""
    out = []
    for row in rows or ():
        if not row:
            continue
        cells = []
        for i, c in enumerate(row):
            th = header_first and i == 0
            if not isinstance(c, Mapping):
                cells.append((th, "", _NO_ATTRIBUTES, "" if c is None else c))
                continue
            fmt, classes = c.get("format"), c.get("classes")
            extra = (f" govuk-table__cell--{fmt}" if fmt and not th else "") + (f" {classes}" if classes else "")
            attrs = c.get("attributes")
            if "sort" in c:
                attrs = dict(attrs or {}, **{"data-sort-value": "" if c["sort"] is None else c["sort"]})
            written = html_attributes(attrs) if attrs else _NO_ATTRIBUTES
            if c.get("colspan") or c.get("rowspan"):
                span = Markup("").join(Markup(f' {name}="{escape(c[name])}"')
                                       for name in ("colspan", "rowspan") if c.get(name))
                written = span + written
            html = c.get("html")
            content = Markup(html) if html else c.get("text", "")
            cells.append((th, extra, written, "" if content is None else content))
        out.append(cells)
    return out


class QuickImportTemplate(Template):
    """A template whose `{% from … import … %}` does not recompare every global each time.

    Jinja checks on every import whether the importing page has globals the imported template
    lacks (then the import is built afresh with them). It compares the page's set of global names
    with the template's ChainMap of globals one name at a time: 30 imports a page (the GOV.UK
    macros, our kits) made that about 0.5 ms of every page. Here the template's names are a
    frozenset, taken once; the comparison and the result are Jinja's own (Template
    `_get_default_module`, Jinja 3.1). Globals added after a template's first import only send it
    down Jinja's slower, still correct, path."""

    def _get_default_module(self, ctx=None):
        if ctx is not None:
            names = self.__dict__.get("_global_names")
            if names is None:
                names = self._global_names = frozenset(self.globals)
            missing = ctx.globals_keys - names
            if missing:
                return self.make_module({k: ctx.parent[k] for k in missing})
        return super()._get_default_module()


def init_app(app: Flask) -> None:
    app.jinja_env.template_class = QuickImportTemplate
    app.jinja_env.filters["table_rows"] = table_rows
    app.jinja_env.filters["html_attributes"] = html_attributes
    app.jinja_env.filters["govuk_date"] = govuk_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["govuk_datetime"] = govuk_datetime
    app.jinja_env.filters["illustrative_mix"] = illustrative_mix
    app.add_template_global(error_summary)
    navigation.init_app(app)

    @app.context_processor
    def _globals():
        return {"service_name": SERVICE_NAME, "today": date.today()}
