"""Accounts, server-side sessions and project memberships."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from fossdash.extensions import db
from fossdash.modelkit import VersionedModel, utcnow


class Role(str, enum.Enum):
    ADMIN = "admin"
    PROGRAMME_MANAGER = "programme_manager"
    HR = "hr"
    UNION_REP = "union_rep"
    EXECUTIVE = "executive"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.PROGRAMME_MANAGER: "Programme manager",
    Role.HR: "HR",
    Role.UNION_REP: "Union representative",
    Role.EXECUTIVE: "Executive",
}


class User(UserMixin, VersionedModel, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    last_sign_in_at: Mapped[datetime | None]

    memberships: Mapped[list[ProjectMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login reads `is_active`; a disabled account cannot sign in or keep a session.
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. The cookie holds only `id`; revoking the row ends the session."""

    __tablename__ = "user_session"
    __audit__ = False

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=lambda: secrets.token_urlsafe(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ProjectMembership(VersionedModel, db.Model):
    """A user's part in one project; the role here decides what they may do on its records."""

    __tablename__ = "project_membership"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="memberships")
    project: Mapped["Project"] = relationship(back_populates="memberships")  # noqa: F821
