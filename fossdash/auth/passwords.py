"""Password policy: at least 10 characters and not a commonly used password."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


def problem(password: str, email: str = "") -> str | None:
    """Why this password is not allowed, in words for the error message; None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return "Password is too common, choose one that is harder to guess"
    if email and lowered == email.lower() or (email and lowered == email.split("@")[0].lower()):
        return "Password must not be your email address"
    return None
