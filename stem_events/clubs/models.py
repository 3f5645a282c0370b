"""A teacher STEM-club, the organisations that host it, and the schools taking part."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.reference.models import Municipality

club_organisations = sa.Table(
    "club_organisations",
    db.metadata,
    sa.Column("club_id", sa.ForeignKey("clubs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class Club(db.Model):
    """A local, cross-school club of teachers, hosted with a STEM-academy or organisations.

    Its meetings are one event of the kind `teacher_club` with its sessions (`series_event`,
    the current school year's series; a new school year is a new series). The contact and the
    schools are public only with the consent of the people named (`contact_consent`,
    `ClubSchool.consent`)."""

    __tablename__ = "clubs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    municipality_nis: Mapped[str] = mapped_column(sa.ForeignKey("municipalities.nis"),
                                                  index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_consent: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    series_event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    municipality: Mapped[Municipality] = relationship()
    series_event: Mapped[Event | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=club_organisations, order_by=Organisation.name)
    schools: Mapped[list[ClubSchool]] = relationship(
        back_populates="club", cascade="all, delete-orphan", order_by="ClubSchool.name")

    @property
    def public_schools(self) -> list[ClubSchool]:
        return [s for s in self.schools if s.consent]

    @property
    def public_contact(self) -> bool:
        return self.contact_consent and bool(self.contact_email or self.contact_phone)


class ClubSchool(db.Model):
    """A school taking part; shown by name only when the school agreed (`consent`)."""

    __tablename__ = "club_schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(sa.ForeignKey("clubs.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    consent: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    club: Mapped[Club] = relationship(back_populates="schools")
