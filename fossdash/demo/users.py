"""Demo accounts, one or more per role. The programme manager runs two projects so that access
scoping can be seen (memberships are added by the projects part)."""
from __future__ import annotations

from fossdash.auth.models import User
from fossdash.auth.service import find_by_email

USERS = [
    ("admin@fossdash.example", "Alex Admin", "admin"),
    ("pm@fossdash.example", "Priya Patel (programme manager)", "programme_manager"),
    ("pm.kent@fossdash.example", "Kieran Walsh (programme manager)", "programme_manager"),
    ("hr@fossdash.example", "Helen Rowe (HR)", "hr"),
    ("union@fossdash.example", "Uzma Khan (union rep)", "union_rep"),
    ("exec@fossdash.example", "Edward Marsh (executive)", "executive"),
]


def load(ctx: dict) -> None:
    from fossdash.extensions import db

    users = {}
    for email, name, role in USERS:
        user = find_by_email(email)
        if user is None:
            user = User(email=email, name=name, role=role)
            user.set_password(ctx["password"])
            db.session.add(user)
        users[role if role not in users else email] = user
    db.session.flush()
    ctx["users"] = {email: find_by_email(email) for email, _n, _r in USERS}
