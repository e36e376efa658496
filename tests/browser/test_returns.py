"""The Returns page in a browser: a programme manager chooses a quarter and downloads the quarterly
return with the keyboard only, and the page passes axe."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_a_programme_manager_downloads_the_quarterly_return_by_keyboard(page, live_server, sign_in, axe, shot):
    world = live_server.world
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/returns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns")
    axe(page, "returns page")
    shot(page, "returns-page")

    for _ in range(80):  # past the header, the breadcrumbs and the project navigation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "quarter":
            break
    select = page.locator("select[name=quarter]")
    expect(select).to_be_focused()
    offered = select.locator("option").all_inner_texts()
    page.keyboard.press("ArrowDown")  # one quarter further back than the last complete one
    chosen = select.evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == offered[2]
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Download the return (Excel)")
    expect(button).to_be_focused()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    key = chosen.split(" (")[0].replace(" ", "-")
    assert download.value.suggested_filename.startswith(f"return-{key.lower()}-")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames[0] == "Cover"
    assert {"Concerns", "Training", "Communication", "Morale", "Milestones"} <= set(book.sheetnames)
    assert any(chosen in str(v) for row in book["Cover"].iter_rows(values_only=True) for v in row if v)
