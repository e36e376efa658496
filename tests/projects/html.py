"""A few HTML readers for the projects tests (the standard library's parser: no extra package)."""
from __future__ import annotations

import re
from html.parser import HTMLParser


class _Cells(HTMLParser):
    """Rows of a table as [(row_attrs, [(tag, classes, text), ...])]; row_attrs include its cells' data-* names."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[dict, list]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append((attrs, []))
        elif tag in ("td", "th") and self.rows:
            # A row's data-* attributes may sit on its heading cell (govukTable puts none on <tr>).
            self.rows[-1][0].update({k: v for k, v in attrs.items() if k.startswith("data-") and k != "data-sort-value"})
            self._cell = [tag, set((attrs.get("class") or "").split()), ""]
            self.rows[-1][1].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            if self._cell is not None:
                self._cell[2] = " ".join(self._cell[2].split())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def table_rows(html: str) -> list[tuple[dict, list]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def text(html: str) -> str:
    """The page's visible words, tags removed and spaces collapsed (for 'x in page' checks)."""
    body = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    import html as h

    return " ".join(h.unescape(body).split())


def error_summary(html: str) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    m = re.search(r'<div class="govuk-error-summary".*?</ul>', html, flags=re.S)
    if not m:
        return []
    return [text(x) for x in re.findall(r"<a [^>]*>(.*?)</a>", m.group(0), flags=re.S)]
