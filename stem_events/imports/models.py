"""Import sources (an organisation's iCal feed), their runs, and the link of each imported
event and session to the source's UID and occurrence (RECURRENCE-ID or original start)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db
from stem_events.reference.models import Theme


class RunOutcome(enum.StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not-modified"
    FAILED = "failed"
    HELD = "held"  # would cancel more than half of the upcoming sessions: waits for the organiser


class ImportSource(db.Model):
    """A feed an organisation imports. `defaults` holds what a feed does not carry (kind,
    themes, goals, ages, price, a place to fall back on, how people register)."""

    __tablename__ = "import_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str] = mapped_column(sa.String(2000))
    trusted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    paused: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    interval_minutes: Mapped[int] = mapped_column(sa.Integer, default=60)
    defaults: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Conditional GET: what the server said last time.
    etag: Mapped[str] = mapped_column(sa.String(500), default="")
    last_modified: Mapped[str] = mapped_column(sa.String(100), default="")
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(sa.Integer, default=0)  # in a row
    last_error: Mapped[str] = mapped_column(sa.Text, default="")  # Dutch, for the source page
    # One runner per source: set by a conditional UPDATE, cleared when the run ends.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A run held because it would cancel too much; the organiser's confirmation lets the
    # next run apply the cancellations once.
    held_reason: Mapped[str] = mapped_column(sa.Text, default="")
    cancellations_confirmed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        sa.CheckConstraint("interval_minutes >= 5", name="interval_sane"),
        sa.CheckConstraint("failures >= 0", name="failures_positive"),
    )


class ImportRun(db.Model):
    """What one run of one source did: counts and, per skipped event, the reason (Dutch)."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("import_sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[RunOutcome] = mapped_column(str_enum(RunOutcome, 16), default=RunOutcome.OK)
    created: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated: Mapped[int] = mapped_column(sa.Integer, default=0)
    cancelled: Mapped[int] = mapped_column(sa.Integer, default=0)
    unchanged: Mapped[int] = mapped_column(sa.Integer, default=0)
    skipped: Mapped[int] = mapped_column(sa.Integer, default=0)
    # [{"uid", "title", "message"}]: skipped events and warnings, in Dutch
    problems: Mapped[list] = mapped_column(sa.JSON, default=list)
    error: Mapped[str] = mapped_column(sa.Text, default="")

    source: Mapped[ImportSource] = relationship()


class ImportItem(db.Model):
    """One source UID and the event it became. `fingerprint` is a hash of what the feed said
    last time, so an unchanged event is recognised without comparing every field."""

    __tablename__ = "import_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("import_sources.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(sa.String(500))
    # NULL once the organiser deleted the event here: it is not re-created.
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), unique=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")
    # The UID vanished from the feed at this moment (its upcoming sessions were cancelled);
    # `status_before_gone` is the event's status when the import cancelled the whole event
    # ("" when it did not). A UID that returns is reinstated from both.
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_before_gone: Mapped[str] = mapped_column(sa.String(16), default="")

    event: Mapped[Event | None] = relationship()
    occurrences: Mapped[list[ImportOccurrence]] = relationship(
        back_populates="item", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("source_id", "uid", name="uq_import_items_uid"),)


class ImportOccurrence(db.Model):
    """One occurrence of a source UID and our session for it. `key` is "" for a one-off
    event, else the occurrence's RECURRENCE-ID (its original start) in UTC ISO 8601, or its
    date for all-day occurrences."""

    __tablename__ = "import_occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("import_items.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(40))
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), unique=True)
    # What the feed said of this occurrence at the last run. Our session differing from it
    # means someone changed the session here: the change is kept, and the difference shown,
    # until the feed says the same again (sync.py). NULL: rows from before this was kept.
    feed_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feed_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feed_all_day: Mapped[bool | None] = mapped_column(sa.Boolean)
    feed_cancelled: Mapped[bool | None] = mapped_column(sa.Boolean)

    item: Mapped[ImportItem] = relationship(back_populates="occurrences")
    session: Mapped[EventSession] = relationship()

    __table_args__ = (sa.UniqueConstraint("item_id", "key", name="uq_import_occurrences_key"),)


class CategoryTheme(db.Model):
    """A feed's CATEGORIES value (lower case) and the theme it means, kept by coordinators at
    /admin/imports/categories (seeded by migration 0018). A category that names a theme
    itself (its slug or name) needs no row."""

    __tablename__ = "import_category_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(100), unique=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)

    theme: Mapped[Theme] = relationship()

    __table_args__ = (sa.CheckConstraint("category <> ''", name="category_not_empty"),)
