"""Small text helpers shared by every domain."""
from __future__ import annotations

import logging
import re


def like_pattern(text: str) -> str:
    """A LIKE pattern that matches `text` anywhere, with LIKE's wildcards taken literally
    (use with `escape="\\\\"`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


STAFF_LINK_PATH = re.compile(r"/s/[A-Za-z0-9_\-]+")


class RedactStaffLinks(logging.Filter):
    """Keep the anonymous staff link's secret token out of every log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message:
            record.msg = STAFF_LINK_PATH.sub("/s/[staff link]", message)
            record.args = ()
        return True


def redact_logs() -> None:
    """Attach the filter to every handler of the root logger (where app records end up)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactStaffLinks) for f in handler.filters):
            handler.addFilter(RedactStaffLinks())
