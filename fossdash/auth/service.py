"""Account work that views and the CLI share."""
from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from fossdash.auth import sessions
from fossdash.auth.models import Role, User
from fossdash.auth.passwords import problem
from fossdash.extensions import db


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def valid_email(email: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    email = normalise_email(email)
    if not valid_email(email):
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    try:
        Role(role)
    except ValueError:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(r.value for r in Role)}")
    if find_by_email(email):
        raise AccountError(f"An account with the email address {email} already exists")
    why = problem(password, email)
    if why:
        raise AccountError(why)
    user = User(email=email, role=role, name=name or email.split("@")[0])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal which emails exist.
        generate_password_hash(password, method="scrypt")
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        sessions.end_all(user.id)
