"""Account rules: creating users, checking credentials."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.errors import InvalidInput
from stem_events.extensions import db

from .models import MemberRole, Membership, Organisation, Role, User

MIN_PASSWORD_LENGTH = 10


def find_user_by_email(email: str) -> User | None:
    normalised = User.normalise_email(email)
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == normalised))


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn."
        )


def create_user(
    email: str,
    password: str,
    role: Role = Role.ORGANISER,
    display_name: str | None = None,
    organisation_id: int | None = None,
) -> User:
    """Create a user (the caller commits). Raises InvalidInput with a Dutch sentence."""
    email = User.normalise_email(email)
    if "@" not in email or "." not in email.rsplit("@", 1)[-1]:
        raise InvalidInput(f"'{email}' is geen geldig e-mailadres.")
    if find_user_by_email(email):
        raise InvalidInput(f"Er bestaat al een account met het e-mailadres {email}.")
    validate_password(password)
    user = User(email=email, display_name=display_name or email.split("@")[0], role=role)
    user.set_password(password)
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            raise InvalidInput(f"Organisatie {organisation_id} bestaat niet.")
        user.memberships.append(Membership(organisation=organisation, role=MemberRole.OWNER))
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
