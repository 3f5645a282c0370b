"""Event and EventSession: what is on the agenda, and when."""

from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.audiences.models import Audience, event_audiences
from stem_events.audiences.services import kind_audiences
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Goal, Municipality, Theme

if TYPE_CHECKING:
    from stem_events.initiatives.models import Initiative


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    EventStatus.DRAFT: _l("ontwerp"),
    EventStatus.IN_REVIEW: _l("ter goedkeuring"),
    EventStatus.PUBLISHED: _l("gepubliceerd"),
    EventStatus.POSTPONED: _l("uitgesteld"),
    EventStatus.CANCELLED: _l("geannuleerd"),
    EventStatus.REJECTED: _l("afgewezen"),
}

#: What the public may see (CONTRACT.md): never drafts, events in review or rejected ones.
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.POSTPONED, EventStatus.CANCELLED)


class PriceKind(enum.StrEnum):
    FREE = "free"
    AMOUNT = "amount"
    ON_SITE = "on_site"  # "betalen ter plaatse"


class RegistrationMode(enum.StrEnum):
    NONE = "none"  # no registration needed
    SERIES = "series"  # one registration for the whole series (the term)
    SESSIONS = "sessions"  # open sessions: each session has its own capacity


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


def slugify(text: str, max_length: int = 80) -> str:
    """'Robotica voor 8–12-jarigen!' → 'robotica-voor-8-12-jarigen'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "activiteit"


def new_uid() -> str:
    """A session's iCalendar UID: random, never derived from title or date, never changed."""
    return f"{uuid.uuid4()}@stem-events"


event_organisations = sa.Table(
    "event_organisations",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True, index=True,
    ),
)

event_themes = sa.Table(
    "event_themes",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

event_goals = sa.Table(
    "event_goals",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_code", sa.ForeignKey("goals.code", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Contact(NamedTuple):
    """A public contact: an e-mail address and a phone number (either may be empty)."""

    email: str
    phone: str

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80))
    summary: Mapped[str] = mapped_column(sa.String(400), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus, 16), default=EventStatus.DRAFT, index=True
    )
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)

    venue_name: Mapped[str] = mapped_column(sa.String(200), default="")
    street: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(4), default="")
    municipality_nis: Mapped[str | None] = mapped_column(
        sa.ForeignKey("municipalities.nis"), index=True
    )
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")

    age_min: Mapped[int | None] = mapped_column(sa.SmallInteger)
    age_max: Mapped[int | None] = mapped_column(sa.SmallInteger)
    price_kind: Mapped[PriceKind] = mapped_column(str_enum(PriceKind, 16), default=PriceKind.FREE)
    price_cents: Mapped[int | None] = mapped_column(sa.Integer)
    # "kansentarief / UiTPAS": a reduced price is offered (free events count as reduced).
    price_reduced: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default="0")
    capacity: Mapped[int | None] = mapped_column(sa.Integer)
    registration_mode: Mapped[RegistrationMode] = mapped_column(
        str_enum(RegistrationMode, 16), default=RegistrationMode.NONE
    )
    waitlist_enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    booking_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # A contact for this event only; empty: the organisation's public contact (`contact`).
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    image_path: Mapped[str] = mapped_column(sa.String(200), default="")
    edition_year: Mapped[int | None] = mapped_column(sa.SmallInteger)  # State-of-the-STEM
    # Span of all sessions (cancelled ones included), kept current by the session hook below:
    # lets the agenda count and select upcoming events without grouping every session.
    first_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Normalised texts for full-text search, kept current by events/search.py.
    search_title: Mapped[str] = mapped_column(sa.Text, default="")
    search_body: Mapped[str] = mapped_column(sa.Text, default="")
    # UiTdatabank facility codes (stem_events.events.forms.ACCESSIBILITY); a JSON list
    accessibility: Mapped[list] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    # Nascholing (kind teacher_training): recognised as teachers' professional development, and
    # for which education levels (events.presentation.EDUCATION_LEVELS); a JSON list
    professional_development: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false())
    education_levels: Mapped[list] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'"))
    # Optimistic concurrency: each saved change adds one; a form carries the version it saw
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    organisation: Mapped[Organisation] = relationship()
    co_organisations: Mapped[list[Organisation]] = relationship(secondary=event_organisations)
    municipality: Mapped[Municipality | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=event_themes, order_by=Theme.position)
    goals: Mapped[list[Goal]] = relationship(secondary=event_goals, order_by=Goal.position)
    audiences: Mapped[list[Audience]] = relationship(secondary=event_audiences,
                                                     order_by=Audience.position)
    # The initiatives the event presents (the network package's link table).
    initiatives: Mapped[list[Initiative]] = relationship(secondary="event_initiatives",
                                                         order_by="Initiative.name")
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSession.starts_at"
    )

    __table_args__ = (
        sa.CheckConstraint("age_min IS NULL OR age_min >= 0", name="age_min_positive"),
        sa.CheckConstraint("age_max IS NULL OR age_max <= 120", name="age_max_sane"),
        sa.CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR age_min <= age_max", name="age_range"
        ),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        sa.CheckConstraint(
            "(price_kind = 'amount' AND price_cents IS NOT NULL AND price_cents > 0) OR "
            "(price_kind <> 'amount' AND price_cents IS NULL)",
            name="price",
        ),
        sa.CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL "
            "OR registration_opens_at < registration_closes_at",
            name="registration_window",
        ),
        sa.Index("ix_events_status_kind", "status", "kind"),
        sa.Index("ix_events_status_last_end", "status", "last_end"),
        # The agenda filtered by place or kind reads the matching upcoming events alone; by
        # kind, testing place and age in the index (migration 0034).
        sa.Index("ix_events_municipality_last_end", "municipality_nis", "last_end"),
        sa.Index("ix_events_agenda_filter", "status", "kind", "last_end", "municipality_nis",
                 "age_min", "age_max", postgresql_include=["id"]),
    )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def organisers(self) -> list[Organisation]:
        """The main organiser first, then the co-organisers."""
        return [self.organisation] + [
            o for o in self.co_organisations if o.id != self.organisation_id
        ]

    @property
    def attendance_mode(self) -> str:
        """UiTdatabank's offline / online / mixed."""
        if self.online_url and (self.venue_name or self.municipality_nis):
            return "mixed"
        return "online" if self.online_url else "offline"

    @property
    def is_series(self) -> bool:
        return len(self.sessions) > 1

    @property
    def contact(self) -> Contact:
        """Whom participants ask (accessibility questions too): the event's own contact, else
        its organisation's public one; both parts may be empty."""
        if self.contact_email or self.contact_phone:
            return Contact(self.contact_email, self.contact_phone)
        return Contact(self.organisation.public_email, self.organisation.public_phone)


class EventSession(db.Model):
    """One dated occurrence of an event; a one-off event has exactly one."""

    __tablename__ = "event_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus, 16), default=SessionStatus.SCHEDULED
    )
    capacity: Mapped[int | None] = mapped_column(sa.Integer)  # open-sessions mode
    uid: Mapped[str] = mapped_column(sa.String(100), unique=True, default=new_uid)
    sequence: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    event: Mapped[Event] = relationship(back_populates="sessions")

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("sequence >= 0", name="sequence_positive"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        # An event's next session in the window from the index alone (migration 0034).
        sa.Index("ix_event_sessions_event_start_end", "event_id", "starts_at", "ends_at"),
        sa.Index("ix_event_sessions_starts_at", "starts_at"),
    )

    @property
    def cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


def refresh_span(event: Event) -> None:
    """Recompute `first_start`/`last_end` from the event's sessions."""
    sessions = [s for s in event.sessions if s.starts_at is not None and s.ends_at is not None]
    event.first_start = min((s.starts_at for s in sessions), default=None)
    event.last_end = max((s.ends_at for s in sessions), default=None)


def keep_spans_current(session: Session, flush_context, instances) -> None:
    touched = {o for o in session.new | session.dirty if isinstance(o, Event)}
    for obj in session.new | session.dirty | session.deleted:
        if isinstance(obj, EventSession) and obj.event is not None:
            touched.add(obj.event)
    for obj in session.deleted:
        if isinstance(obj, EventSession) and obj.event is not None and obj in obj.event.sessions:
            obj.event.sessions.remove(obj)
    for event in touched:
        if event not in session.deleted:
            refresh_span(event)


def carry_kind_audiences(session: Session, flush_context, instances) -> None:
    """An event of a kind that always carries an audience (a nascholing or a teacher club:
    leerkrachten) is tagged with it however it was saved: the form, a club, an import, the
    demo data, a changed kind. Tagging it, not only filtering by kind, lets its page, the
    report and every listing of its audiences agree."""
    for event in [o for o in session.new | session.dirty if isinstance(o, Event)]:
        wanted = kind_audiences(event.kind)
        if not wanted or event in session.deleted:
            continue
        if event not in session.new and not sa.inspect(event).attrs.kind.history.has_changes():
            continue
        have = {a.slug for a in event.audiences}
        missing = [s for s in wanted if s not in have]
        if missing:
            event.audiences.extend(session.scalars(
                sa.select(Audience).where(Audience.slug.in_(missing))))


class CardStamp(db.Model):
    """A counter per event raised by database triggers (migrations 0025, 0031, 0042) whenever
    anything its agenda card or API item shows changes, whoever writes; absent means 0.
    Deleting rows deletes those events' stored parts and moves the data version's epoch
    (0042): a stamp never matches an older part again."""

    __tablename__ = "card_stamps"

    event_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[int] = mapped_column(sa.BigInteger)


class CardFragment(db.Model):
    """An agenda card rendered once per (event, language), whatever session it shows: the
    markup around the per-request parts (the session's time, seats left, the role-model
    badge). Valid while its render key and stamp match (`events.cards`)."""

    __tablename__ = "card_fragments"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    render_key: Mapped[str] = mapped_column(sa.String(40))
    stamp: Mapped[int] = mapped_column(sa.BigInteger)
    head: Mapped[str] = mapped_column(sa.Text)
    tail: Mapped[str] = mapped_column(sa.Text)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
