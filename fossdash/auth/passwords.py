"""Password policy: at least 10 characters, not a commonly used password, not the email.

"Common" covers the list in common_passwords.txt and the same words dressed up the usual way
(capitals, digits or symbols on the end: "Password2026!", "Welcome123").
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
_DRESSING = "0123456789!@#$%^&*?._-+= "


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The words under the common passwords: 'password' from 'password123'."""
    words = {_core(p) for p in _common()}
    return frozenset(w for w in words if len(w) >= 5)


def _core(password: str) -> str:
    return password.lower().strip(_DRESSING)


def is_common(password: str) -> bool:
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return True
    core = _core(password)
    return core in _common_words() or (core in _common())


def problem(password: str, email: str = "") -> str | None:
    """Why this password is not allowed, in words for the error message; None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if is_common(password):
        return "Password is too common, choose one that is harder to guess"
    email = (email or "").strip().lower()
    if email:
        lowered = password.strip().lower()
        local = email.split("@")[0]
        if lowered == email or lowered == local or _core(lowered) == local:
            return "Password must not be your email address"
    return None
