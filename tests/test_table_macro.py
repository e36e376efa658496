"""templates/macros/table.html: scroll_region (wide tables) and record_table (GOV.UK tables from data)."""
from __future__ import annotations

import re

IMPORT = '{% from "macros/table.html" import scroll_region, record_table %}'


def render(app, source: str, **context) -> str:
    with app.test_request_context("/"):
        return app.jinja_env.from_string(IMPORT + source).render(**context)


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_scroll_region_is_a_named_focusable_region_with_a_hint(app):
    html = render(app, '{% call scroll_region(label) %}<table class="govuk-table"></table>{% endcall %}',
                  label='Projects <"table">')
    assert '<div class="app-scroll-region" data-app-scroll-region>' in html
    assert ('<div class="app-table-scroll" role="region" aria-label="Projects &lt;&#34;table&#34;&gt;" '
            'tabindex="0">') in html  # the label is escaped
    # The hint is there, hidden until app.js finds that the table overflows its box.
    assert re.search(r'<p class="govuk-body-s app-scroll-region__hint" hidden>Scroll sideways to see all columns',
                     html)
    assert '<table class="govuk-table"></table>' in html
    assert html.index("app-scroll-region__hint") < html.index('role="region"') < html.index("<table")


def test_record_table_builds_a_govuk_table(app):
    html = squeeze(render(app, """{{ record_table("Partner agencies",
        ["Agency", {"text": "Staff", "format": "numeric"}],
        [[{"text": "Police <HQ>"}, {"text": "1,204", "format": "numeric"}],
         [{"html": link}, 37],
         ["Plain", none]]) }}""", link=__import__("markupsafe").Markup('<a class="govuk-link" href="/x">Council</a>')))
    assert html.startswith('<table class="govuk-table">')
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Partner agencies</caption>' in html
    assert '<th scope="col" class="govuk-table__header">Agency</th>' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Staff</th>' in html
    assert '<td class="govuk-table__cell">Police &lt;HQ&gt;</td>' in html  # text is escaped
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1,204</td>' in html
    assert '<td class="govuk-table__cell"><a class="govuk-link" href="/x">Council</a></td>' in html  # html is not
    assert '<td class="govuk-table__cell">37</td>' in html  # a plain value is a text cell
    assert '<td class="govuk-table__cell">Plain</td><td class="govuk-table__cell"></td>' in html
    assert "app-table-scroll" not in html  # no scrolling unless asked


def test_record_table_caption_sizes_and_hidden_caption(app):
    small = squeeze(render(app, '{{ record_table("Totals", ["A"], [["1"]], caption_size="s") }}'))
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Totals</caption>' in small
    body = squeeze(render(app, '{{ record_table("Totals", ["A"], [["1"]], caption_size=none) }}'))
    assert '<caption class="govuk-table__caption">Totals</caption>' in body
    hidden = squeeze(render(app, '{{ record_table("Totals", ["A"], [["1"]], caption_hidden=true) }}'))
    assert '<caption class="govuk-table__caption govuk-visually-hidden">Totals</caption>' in hidden


def test_record_table_row_headers_classes_attributes_and_empty(app):
    html = squeeze(render(app, """{{ record_table("Terms", ["Term", "Police"], [["Weekly hours", "37"]],
        first_cell_is_header=true, classes="app-terms-table", attributes={"data-module": "moj-sortable-table"}) }}"""))
    assert '<table class="govuk-table app-terms-table" data-module="moj-sortable-table">' in html
    assert '<th scope="row" class="govuk-table__header">Weekly hours</th><td class="govuk-table__cell">37</td>' in html
    empty = squeeze(render(app, '{{ record_table("Partners", ["Agency", "Role", "Staff"], [], empty="No partners yet.",'
                                ' first_cell_is_header=true) }}'))
    assert '<td class="govuk-table__cell" colspan="3">No partners yet.</td>' in empty
    nothing = squeeze(render(app, '{{ record_table("Partners", ["Agency"], []) }}'))
    assert '<tbody class="govuk-table__body"></tbody>' in nothing


def test_record_table_can_scroll(app):
    html = squeeze(render(app, '{{ record_table("Terms by partner", ["Term"], [["Hours"]], scroll=true) }}'))
    assert '<div class="app-table-scroll" role="region" aria-label="Terms by partner" tabindex="0"><table' in html
    named = squeeze(render(app, '{{ record_table("Terms", ["Term"], [["Hours"]], scroll=true, label="Terms table") }}'))
    assert 'aria-label="Terms table"' in named


def test_projects_list_and_terms_comparison_scroll_by_keyboard(app, make, login):
    project = make.project("Scrolling project")
    for name, hours in (("Zeta District Council", 37), ("Alpha Police", 39), ("Beta Borough Council", 37)):
        make.partnership(project, make.agency(name), weekly_hours=hours)
    admin = login("admin")
    listing = admin.get("/projects/").text
    assert 'role="region" aria-label="Projects table" tabindex="0"' in listing
    assert "Scroll sideways to see all columns" in listing
    compare = admin.get(f"/projects/{project.id}/terms/compare").text
    assert 'role="region" aria-label="Terms and conditions by partner agency" tabindex="0"' in compare
    assert compare.count('data-app-scroll-region') == 1


def test_record_table_sortable_marks_headings_and_sort_values(app):
    html = squeeze(render(app, """{{ record_table("Projects",
        [{"text": "Name", "sort": "ascending"}, "Go-live", {"text": "Staff", "format": "numeric"},
         {"html": "<span>Actions</span>", "sort": false}],
        [[{"text": "Kent", "sort": "kent"}, {"text": "1 April 2027", "sort": "2027-04-01"},
          {"text": "1,204", "format": "numeric", "sort": 1204}, {"text": "Change"}],
         [{"text": "Bury", "sort": none}, "Not set", 3, ""]], sortable=true) }}"""))
    assert html.startswith('<table class="govuk-table" data-module="moj-sortable-table">')
    assert '<th scope="col" class="govuk-table__header" aria-sort="ascending">Name</th>' in html
    assert '<th scope="col" class="govuk-table__header" aria-sort="none">Go-live</th>' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric" aria-sort="none">Staff</th>' in html
    assert '<th scope="col" class="govuk-table__header"><span>Actions</span></th>' in html  # not a sort button
    assert '<td class="govuk-table__cell" data-sort-value="2027-04-01">1 April 2027</td>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric" data-sort-value="1204">1,204</td>' in html
    assert '<td class="govuk-table__cell" data-sort-value="">Bury</td>' in html
    plain = squeeze(render(app, '{{ record_table("Totals", [{"text": "A", "sort": "ascending"}], [["1"]]) }}'))
    assert "aria-sort" not in plain and "moj-sortable-table" not in plain  # only when asked


def test_record_table_writes_what_govuk_table_writes(app):
    """record_table writes the GOV.UK table markup itself (govukTable's per-cell macro calls were
    most of the cost of wide tables): the same markup as govukTable for every kind of cell."""
    markup = __import__("markupsafe").Markup
    head = ["Round", {"text": "Answers", "format": "numeric", "classes": "app-narrow"},
            {"html": markup("<span>Agency</span>"), "colspan": 2, "attributes": {"data-x": 'a"b'}}]
    rows = [[{"text": "Pulse <1>"}, {"text": 0, "format": "numeric"}, {"html": markup("<b>x</b>"), "rowspan": 2},
             {"text": "y", "attributes": {"data-flag": True, "hidden": {"value": True, "optional": True},
                                          "data-none": {"value": None, "optional": True}}}],
            [],
            ["Plain & simple", 12, None, {"text": "z", "classes": "app-red"}]]
    ours = squeeze(render(app, '{{ record_table("Cap <t>", head, rows, caption_size="s", first_cell_is_header=true,'
                               ' classes="app-wide", attributes={"id": "t1"}) }}', head=head, rows=rows))
    cells = [[c if isinstance(c, dict) else {"text": "" if c is None else c} for c in row] for row in rows]
    theirs = squeeze(render(app, '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}'
                                 '{{ govukTable({"caption": "Cap <t>", "captionClasses": "govuk-table__caption--s",'
                                 ' "head": head, "rows": rows, "firstCellIsHeader": true, "classes": "app-wide",'
                                 ' "attributes": {"id": "t1"}}) }}',
                            head=[h if isinstance(h, dict) else {"text": h} for h in head], rows=cells))
    assert ours == theirs
    assert 'data-flag="true"' in ours and " hidden>" in ours and "data-none" not in ours
