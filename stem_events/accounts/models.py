"""Users, organisations and who belongs to which organisation."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.extensions import db
from stem_events.reference.models import HelixPillar, Municipality

from .passwords import hash_password


class Role(enum.StrEnum):
    ADMIN = "admin"  # coordinator: the STEM-regisseur and its regional staff
    ORGANISER = "organiser"


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    EDITOR = "editor"

    @property
    def label(self) -> str:
        return {"owner": _l("eigenaar"), "editor": _l("redacteur")}[self.value]


def new_nonce() -> str:
    """A random value that is part of every login session (`session_nonce`) or mailed token
    (`token_nonce`) of a user; changing it ends those sessions or voids those links."""
    return secrets.token_hex(16)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    helix: Mapped[HelixPillar] = mapped_column(str_enum(HelixPillar, 16))
    municipality_nis: Mapped[str | None] = mapped_column(
        sa.ForeignKey("municipalities.nis"), index=True
    )
    website: Mapped[str | None] = mapped_column(sa.String(300))
    kbo_number: Mapped[str | None] = mapped_column(sa.String(10))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    is_academy: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    approved: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    trusted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    # The public contact for participants' questions (accessibility too): shown on the
    # organisation's and its events' pages and in every mail; the contact person above is not.
    public_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    public_phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    municipality: Mapped[Municipality | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def pending(self) -> bool:
        """Requested and not yet approved or rejected by a coordinator."""
        return not self.approved and self.reviewed_at is None


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(256), default="")
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, 16), default=Role.ORGANISER)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    token_nonce: Mapped[str] = mapped_column(sa.String(32), default=new_nonce, server_default="")
    # Part of the session and the remember-me cookie: a new one on logout or a password change
    # signs the user out everywhere, even where a copy of a cookie was taken.
    session_nonce: Mapped[str] = mapped_column(sa.String(32), default=new_nonce,
                                               server_default="")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Unique regardless of case: Jan@School.be and jan@school.be are one account.
    __table_args__ = (sa.Index("uq_users_email_lower", sa.func.lower(email), unique=True),)

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    def set_password(self, password: str) -> None:
        """A new password voids earlier mailed links and ends every session."""
        self.password_hash = hash_password(password)
        self.token_nonce = new_nonce()
        self.end_sessions()

    def end_sessions(self) -> None:
        """Sign out everywhere: every session and remember-me cookie carries the old nonce."""
        self.session_nonce = new_nonce()

    def get_id(self) -> str:  # Flask-Login: stored in the session and the remember-me cookie
        return f"{self.id}:{self.session_nonce}"

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        """THE rule for coordinators' rights (`policies.is_coordinator`, `web.access`): an
        active account with the coordinator role."""
        return self.active and self.is_admin


class Membership(db.Model):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, 16), default=MemberRole.EDITOR)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An invitation to join an organisation, sent by e-mail; the link works once, for a week."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, 16), default=MemberRole.EDITOR)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
