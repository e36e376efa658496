"""Factories: plain functions that add a record with sensible defaults and commit.

Domain test packages add their own methods by subclassing or by functions taking `make`.
"""
from __future__ import annotations

import itertools
from datetime import date

_seq = itertools.count(1)


_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    """scrypt is slow on purpose; hash the shared test password once per run."""
    if password not in _HASHES:
        from werkzeug.security import generate_password_hash

        _HASHES[password] = generate_password_hash(password, method="scrypt")
    return _HASHES[password]


class Factory:
    PASSWORD = "correct horse battery staple"

    @staticmethod
    def _n() -> int:
        return next(_seq)

    def user(self, role: str = "programme_manager", email: str | None = None, name: str | None = None,
             active: bool = True):
        from fossdash.auth.models import User
        from fossdash.extensions import db

        n = self._n()
        user = User(email=email or f"{role}{n}@example.org", name=name or f"{role.replace('_', ' ').title()} {n}",
                    role=role, active=active)
        user.password_hash = password_hash(self.PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    def project(self, name: str | None = None, **kw):
        from fossdash.extensions import db
        from fossdash.projects.models import Project

        n = self._n()
        values = {"name": name or f"Project {n}", "type": "one_stop_shop", "stage": "design",
                  "lead_body": "Anytown District Council", "go_live_date": date(2027, 4, 1)}
        values.update(kw)
        project = Project(**values)
        db.session.add(project)
        db.session.commit()
        return project

    def member(self, project, user, role: str | None = None):
        from fossdash.auth.models import ProjectMembership
        from fossdash.extensions import db

        m = ProjectMembership(project_id=project.id, user_id=user.id, role=role or user.role)
        db.session.add(m)
        db.session.commit()
        return m

    def agency(self, name: str | None = None, kind: str = "district_council"):
        from fossdash.extensions import db
        from fossdash.projects.models import Agency

        agency = Agency(name=name or f"Agency {self._n()}", kind=kind)
        db.session.add(agency)
        db.session.commit()
        return agency

    def partnership(self, project, agency=None, **kw):
        from fossdash.extensions import db
        from fossdash.projects.models import Partnership

        agency = agency or self.agency()
        values = {"role": "partner", "weekly_hours": 37, "annual_leave_days": 25, "pay_scale": "NJC",
                  "grade_names": "Scale 4", "reporting_line": "Customer services manager"}
        values.update(kw)
        p = Partnership(project_id=project.id, agency_id=agency.id, **values)
        db.session.add(p)
        db.session.commit()
        return p

    def staff_group(self, project, agency=None, name: str | None = None, headcount: int = 12):
        from fossdash.extensions import db
        from fossdash.projects.models import StaffGroup

        g = StaffGroup(project_id=project.id, agency_id=agency.id if agency else None,
                       name=name or f"Staff group {self._n()}", headcount=headcount)
        db.session.add(g)
        db.session.commit()
        return g

    def milestone(self, project, on: date = date(2026, 9, 1), kind: str = "go_live", title: str = "Go live"):
        from fossdash.extensions import db
        from fossdash.projects.models import Milestone

        m = Milestone(project_id=project.id, on=on, kind=kind, title=title)
        db.session.add(m)
        db.session.commit()
        return m
