"""State-of-the-STEM editions: programme items, participants' choices and market stands
(the edition's award rounds live in `stem_events/awards/`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.events.models import Event, new_uid
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative


# ------------------------------------------------------------------ State-of-the-STEM
class Edition(db.Model):
    """A State-of-the-STEM edition; its umbrella event has kind state_of_the_stem."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger, unique=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), unique=True)
    venue: Mapped[str] = mapped_column(sa.String(200), default="")

    event: Mapped[Event | None] = relationship()
    programme: Mapped[list[ProgrammeItem]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ProgrammeItem.starts_at, ProgrammeItem.track, ProgrammeItem.id)")
    stands: Mapped[list[MarketStand]] = relationship(
        cascade="all, delete-orphan", order_by="MarketStand.stand_number")

    __table_args__ = (sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_sane"),)


class ProgrammeItem(db.Model):
    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    track: Mapped[str] = mapped_column(sa.String(80), default="")
    room: Mapped[str] = mapped_column(sa.String(80), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    speakers: Mapped[str] = mapped_column(sa.String(400), default="")
    capacity: Mapped[int | None] = mapped_column(sa.Integer)
    # Cancelled items stay in feeds as STATUS:CANCELLED; they take no new choices.
    cancelled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # iCal identity of the item (programme feed, personal feeds): stored, never recomputed.
    uid: Mapped[str] = mapped_column(sa.String(100), unique=True, default=new_uid)
    sequence: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
    )

    def overlaps(self, other: ProgrammeItem) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class ProgrammeChoice(db.Model):
    """A participant's chosen programme item; the registration is for the edition's umbrella
    event. Taken and counted inside `registrations.locking.locked_event(umbrella event)`."""

    __tablename__ = "programme_choices"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    programme_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    item: Mapped[ProgrammeItem] = relationship()


class MarketStand(db.Model):
    __tablename__ = "market_stands"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    stand_number: Mapped[str] = mapped_column(sa.String(20))

    initiative: Mapped[Initiative] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("edition_id", "stand_number", name="uq_market_stands_number"),
        sa.UniqueConstraint("edition_id", "initiative_id", name="uq_market_stands_initiative"),
    )
