"""What we remember of the exchange with UiTdatabank: which organisations export (and their
organizer there), each exported event's id there and last result, the sync queue, and the
places found or created there."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.extensions import db


class ExportChoice(enum.StrEnum):
    FOLLOW = ""  # as the organisation chose
    ON = "on"  # this event is exported even if its organisation does not export all
    OFF = "off"  # this event stays here


class JobStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"  # gave up (or cannot succeed without a change here); a change re-queues


class UitdatabankOrganisation(db.Model):
    """An organisation's choice to publish its events in UiTdatabank."""

    __tablename__ = "uitdatabank_organisations"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    export_all: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    organizer_id: Mapped[str] = mapped_column(sa.String(300), default="")  # its `@id` there
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class UitdatabankEvent(db.Model):
    """One of our events and its twin in UiTdatabank. Keyed by our event id without a foreign
    key: when the event is deleted here, the row still knows what to delete there."""

    __tablename__ = "uitdatabank_events"

    event_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    organisation_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    choice: Mapped[ExportChoice] = mapped_column(str_enum(ExportChoice, 8),
                                                 default=ExportChoice.FOLLOW)
    eventtype: Mapped[str] = mapped_column(sa.String(40), default="")  # for kind "other"
    uitdatabank_id: Mapped[str] = mapped_column(sa.String(300), default="")  # `@id` there
    deleted_there: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    last_end: Mapped[datetime | None] = mapped_column(UTCDateTime)  # of the event, when sent
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")  # Dutch, for the event page
    # The image sent: our file (`events.image_path`) and its mediaObject id there ("": none).
    image_file: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    image_id: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")


class UitdatabankJob(db.Model):
    """"Bring event N in step with UiTdatabank", written in the transaction of the change.
    What to send is read when the job runs, so a job never carries stale data; one pending job
    per event suffices (later changes join it)."""

    __tablename__ = "uitdatabank_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus, 16),
                                              default=JobStatus.PENDING)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_uitdatabank_jobs_due", "status", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_positive"),
    )


class UitdatabankPlace(db.Model):
    """A place found or created in UiTdatabank, by name and postcode (reused every time)."""

    __tablename__ = "uitdatabank_places"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    place_id: Mapped[str] = mapped_column(sa.String(300))  # its `@id` there
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
