"""QuickImportTemplate (fossdash/templating.py) answers `{% from … import … %}` as Jinja does."""
from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, Template

from fossdash.templating import QuickImportTemplate

SOURCES = {
    "macros.html": "{% macro hi(name) %}{{ greeting | default('Hello') }}, {{ name }}{% endmacro %}",
    "page.html": "{% from 'macros.html' import hi %}{{ hi('Ann') }} / {{ hi('Bo') }}",
}


def _render(template_class, extra_globals=None) -> str:
    env = Environment(loader=DictLoader(SOURCES))
    env.template_class = template_class
    page = env.get_template("page.html", globals=extra_globals)
    return page.render() + " | " + page.render()  # twice: the second import is the cached one


@pytest.mark.parametrize("extra", [None, {"greeting": "Good morning"}])
def test_imports_render_as_jinja_renders_them(extra):
    assert _render(QuickImportTemplate, extra) == _render(Template, extra)


def test_a_page_global_the_macros_lack_reaches_them():
    assert _render(QuickImportTemplate, {"greeting": "Good morning"}).startswith("Good morning, Ann")


def test_the_app_loads_every_template_with_it(app):
    assert isinstance(app.jinja_env.get_template("base.html"), QuickImportTemplate)
