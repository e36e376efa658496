"""Imports every domain's models so the metadata (and Alembic) sees all tables."""
from __future__ import annotations

import importlib

MODEL_MODULES = [
    "fossdash.audit",
    "fossdash.auth.models",
    "fossdash.projects.models",
    "fossdash.concerns.models",
    "fossdash.grading.models",
]


def load_all() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
