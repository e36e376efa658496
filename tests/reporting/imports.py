"""Helpers for the import tests: fill a downloaded template, write a CSV, upload through the page."""
from __future__ import annotations

import csv
import html
import io
import re

from openpyxl import load_workbook


def template(client, pid: int, kind: str):
    resp = client.get(f"/projects/{pid}/returns/imports/{kind}/template.xlsx")
    assert resp.status_code == 200, resp.status_code
    return load_workbook(io.BytesIO(resp.data))


def filled(client, pid: int, kind: str, rows: list[list]) -> bytes:
    """The project's template with `rows` typed under its header row."""
    wb = template(client, pid, kind)
    ws = wb.worksheets[1]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for values in rows:
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, pid: int, kind: str, data: bytes, name: str = "records.xlsx", follow: bool = False):
    return client.post(f"/projects/{pid}/returns/imports/{kind}/upload",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data",
                       follow_redirects=follow)


def confirm_url(resp) -> str:
    assert resp.status_code == 302, resp.status_code
    return resp.headers["Location"]


def summary_items(page: str) -> list[str]:
    """The GOV.UK error summary's items, as text."""
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert block, "no error summary"
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]
