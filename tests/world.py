"""The `world`: one project (Alpha) with a member of every project role, a second project (Bravo)
that only `outsider` belongs to, and whatever records each domain adds through its
`tests/<domain>/world_part.py` (a `build(world, make)` function that fills `world.ids`).

`world.ids` holds the URL arguments the route matrix uses (project_id, user_id, ...).
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path

WHO = ["anonymous", "admin", "programme_manager", "hr", "union_rep", "executive", "outsider"]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    project: object = None
    other: object = None
    ids: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _parts():
    root = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(root)]), key=lambda i: i.name):
        if info.ispkg and (root / info.name / "world_part.py").exists():
            yield importlib.import_module(f"tests.{info.name}.world_part")


def build(make) -> World:
    w = World()
    for role in ("admin", "programme_manager", "hr", "union_rep", "executive"):
        w.users[role] = make.user(role, email=f"{role}@world.test")
    w.users["outsider"] = make.user("programme_manager", email="outsider@world.test")
    w.project = make.project("Alpha one-stop shop")
    w.other = make.project("Bravo contact centre")
    for role in ("programme_manager", "hr", "union_rep"):
        make.member(w.project, w.users[role])
    make.member(w.other, w.users["outsider"])
    w.ids.update(project_id=w.project.id, user_id=w.users["hr"].id)
    for part in _parts():
        part.build(w, make)
    return w
