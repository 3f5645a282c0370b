"""Registrations for events, the organisers' own questions, attendance and reminders."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db
from stem_events.reference.models import HelixPillar


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("bevestigd"),
    RegistrationStatus.WAITLISTED: _l("op de wachtlijst"),
    RegistrationStatus.CANCELLED: _l("geannuleerd"),
}


class QuestionKind(enum.StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    CHECKBOX = "checkbox"


def new_own_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(db.Model):
    """One seat: an adult, a young person from 13, or one child registered by a guardian.

    `identity_key` says who the registration is (DOMAIN.md) within its scope (the event, or
    one session in open-sessions mode); a unique index over the rows that are not cancelled
    makes a second seat for the same identity impossible, whatever the concurrency.
    """

    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus, 16))
    identity_key: Mapped[str] = mapped_column(sa.String(400))

    # Who registers and receives the mails: the adult, the young person or the guardian.
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # sha256 of the normalised contact e-mail: the owner of a personal feed (feeds package).
    owner_key: Mapped[str] = mapped_column(sa.String(64), index=True, default="")
    # A child registered by a guardian; or a young person's own date of birth.
    is_child: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    child_first_name: Mapped[str] = mapped_column(sa.String(80), default="")
    child_last_name: Mapped[str] = mapped_column(sa.String(80), default="")
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    guardian_consent: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    photo_consent: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # A young person from 13 registering themselves for an event for minors.
    parent_name: Mapped[str] = mapped_column(sa.String(120), default="")
    parent_email: Mapped[str] = mapped_column(sa.String(254), default="")
    # Network moments: who the participant represents.
    participant_organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    participant_helix: Mapped[HelixPillar | None] = mapped_column(str_enum(HelixPillar, 16))
    # Opt-in: shown to the other opted-in participants of the network moment.
    show_in_participant_list: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # Kept after the privacy purge (the birth date is not): rules.AGE_GROUPS, "" = unknown.
    age_group: Mapped[str] = mapped_column(sa.String(8), default="")
    # A class booked by a teacher (one row, `seats` seats; no pupils' names): the school, the
    # class, how many pupils and accompanying adults. `remarks` is erased soon after the event.
    seats: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    is_group: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    school_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    school_number: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    class_name: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    pupils: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    accompanying_adults: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    remarks: Mapped[str] = mapped_column(sa.String(1000), default="", server_default="")
    # An organiser's offer of fewer seats to a waiting group: held until it expires.
    offered_seats: Mapped[int | None] = mapped_column(sa.Integer)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    # The secret of the participant's own page (`registrations.own`). The column keeps its first
    # name, `manage_token`: renaming it would rebuild the table on SQLite (its unique
    # constraint is named after the column), and a rebuild under foreign keys is not worth a name.
    own_token: Mapped[str] = mapped_column("manage_token", sa.String(64), unique=True,
                                           default=new_own_token)
    anonymised: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # Added to the sessions' SEQUENCE in the owner's personal feed and calendar attachments;
    # 1 when created, +1 at every status change (registrations/calendar.py).
    calendar_sequence: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    session: Mapped[EventSession | None] = relationship()

    __table_args__ = (
        sa.Index(
            "uq_registrations_identity", "event_id", "identity_key", unique=True,
            sqlite_where=sa.text("status <> 'cancelled'"),
            postgresql_where=sa.text("status <> 'cancelled'"),
        ),
        sa.Index("ix_registrations_event_status", "event_id", "status", "id"),
        sa.Index("ix_registrations_email", sa.func.lower(contact_email)),
        sa.CheckConstraint(
            "NOT is_child OR (child_first_name <> '' AND child_last_name <> '' "
            "AND birth_date IS NOT NULL) OR anonymised",
            name="child_identity",
        ),
        sa.CheckConstraint(
            "status <> 'cancelled' OR cancelled_at IS NOT NULL", name="cancelled_at_set"
        ),
        sa.CheckConstraint("seats >= 1", name="seats_positive"),
        sa.CheckConstraint(
            "NOT is_group OR (school_name <> '' AND class_name <> '' AND pupils >= 1) "
            "OR anonymised", name="group_identity",
        ),
        sa.CheckConstraint("offered_seats IS NULL OR (offered_seats >= 1 AND offered_seats < "
                           "seats AND offer_expires_at IS NOT NULL)", name="offer_smaller"),
    )

    @property
    def participant_name(self) -> str:
        if self.is_group:
            return str(_l("%(klas)s – %(school)s (%(size)s)", klas=self.class_name,
                          school=self.school_name, size=self.group_size))
        if self.is_child:
            return f"{self.child_first_name} {self.child_last_name}".strip()
        return self.contact_name

    @property
    def group_size(self) -> str:
        """"24 leerlingen en 2 begeleiders": what a group's row, mail and calendar entry say."""
        return str(_l("%(p)s leerlingen en %(a)s begeleiders", p=self.pupils,
                      a=self.accompanying_adults))

    def offer_open(self, now: datetime) -> bool:
        return self.offered_seats is not None and self.offer_expires_at is not None \
            and self.offer_expires_at > now

    @property
    def active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class RegistrationQuestion(db.Model):
    """A question an organiser asks with the registration form of one event."""

    __tablename__ = "registration_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, 16))
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    event: Mapped[Event] = relationship()


class EventGroupSettings(db.Model):
    """An event open to classes ("scholenaanbod"): group sizes and how seats are counted.

    A group's size is its number of pupils; its seats are the pupils, plus the accompanying
    adults when they take seats. Without a row, classes cannot book.
    """

    __tablename__ = "event_group_settings"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    min_size: Mapped[int] = mapped_column(sa.Integer, default=1)
    max_size: Mapped[int] = mapped_column(sa.Integer, default=30)
    adults_take_seats: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    individuals_allowed: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    __table_args__ = (
        sa.CheckConstraint("min_size >= 1 AND max_size >= min_size AND max_size <= 1000",
                           name="sizes"),
    )

    def seats_for(self, pupils: int, adults: int) -> int:
        return pupils + (adults if self.adults_take_seats else 0)


class Attendance(db.Model):
    """A registration checked in at one session (recorded per session, DOMAIN.md)."""

    __tablename__ = "attendances"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # A group: how many of it came (pupils and adults); None for one person.
    present_count: Mapped[int | None] = mapped_column(sa.Integer)


class ReminderDelivery(db.Model):
    """The claim that a reminder for (registration, session) was sent: at most one row each."""

    __tablename__ = "reminder_deliveries"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
