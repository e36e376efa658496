"""Doing what a person does on a page: confirm(client, url) opens the "Are you sure?" page and
presses its button, sending back the version the page carried (as the real form does)."""
from __future__ import annotations

import re


def shown_version(html: str) -> str:
    match = re.search(r'<input[^>]*name="version"[^>]*value="(\d*)"', html) or \
        re.search(r'<input[^>]*value="(\d*)"[^>]*name="version"', html)
    assert match, "the page carries no version field"
    return match.group(1)


def confirm(client, url: str, **kwargs):
    page = client.get(url)
    if page.status_code != 200:
        return page
    return client.post(url, data={"version": shown_version(page.get_data(as_text=True))}, **kwargs)
