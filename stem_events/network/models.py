"""Network moments: what a network moment adds to its event (region, invited pillars, pitches)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative
from stem_events.reference.models import HelixPillar, Province


# ------------------------------------------------------------------------- network moments
class NetworkMoment(db.Model):
    """What a network moment adds to its event (1:1): region, invited pillars, programme,
    report. Host organisations are the event's organisers."""

    __tablename__ = "network_moments"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(120), default="")
    province_nis: Mapped[str | None] = mapped_column(sa.ForeignKey("provinces.nis"))
    report: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, after the moment
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    event: Mapped[Event] = relationship()
    province: Mapped[Province | None] = relationship()
    invited: Mapped[list[InvitedPillar]] = relationship(
        cascade="all, delete-orphan", order_by="InvitedPillar.pillar")
    pitches: Mapped[list[Pitch]] = relationship(
        cascade="all, delete-orphan", order_by="Pitch.position")

    @property
    def invited_pillars(self) -> list[HelixPillar]:
        return [i.pillar for i in self.invited]


class InvitedPillar(db.Model):
    __tablename__ = "network_moment_pillars"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("network_moments.event_id", ondelete="CASCADE"), primary_key=True)
    pillar: Mapped[HelixPillar] = mapped_column(str_enum(HelixPillar, 16), primary_key=True)


class Pitch(db.Model):
    """One item of a network moment's programme: an organisation pitches (an initiative)."""

    __tablename__ = "network_pitches"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("network_moments.event_id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(200))
    initiative_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    speaker_name: Mapped[str] = mapped_column(sa.String(120), default="")

    initiative: Mapped[Initiative | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "position", name="uq_network_pitches_position"),
        sa.CheckConstraint("position >= 0", name="position_positive"),
    )
