"""Moving through a page by keyboard alone, as the browser tests do: Tab until the focused
element is the one wanted (or fail naming where focus went), then Enter."""
from __future__ import annotations

FOCUSED = ("() => { const e = document.activeElement; "
           "return {id: e.id, text: (e.innerText || e.value || '').trim(), tag: e.tagName}; }")


def tab_to(page, check, limit: int = 120) -> None:
    """Press Tab until `check(focused)` holds; `focused` is {id, text, tag} of the focused element."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if check(now):
            return
        seen.append(now.get("id") or now.get("text"))
    raise AssertionError(f"not reachable with Tab; focus went through {seen[-20:]}")


def to_id(page, ident: str) -> None:
    tab_to(page, lambda f: f["id"] == ident)


def press_link(page, text: str) -> None:
    """Tab to the link or button whose text is `text` and press Enter, waiting for the next page."""
    tab_to(page, lambda f: " ".join(f["text"].split()) == text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
