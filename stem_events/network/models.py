"""Initiatives, network moments and State-of-the-STEM editions (issue 8)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.events.models import Event, new_uid
from stem_events.extensions import db
from stem_events.reference.models import Goal, HelixPillar, Municipality, Province, Theme


class InitiativeStatus(enum.StrEnum):
    """Moderated like events: only published initiatives are public."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(INITIATIVE_STATUS_LABELS[self])


INITIATIVE_STATUS_LABELS = {
    InitiativeStatus.DRAFT: _l("ontwerp"),
    InitiativeStatus.IN_REVIEW: _l("ter goedkeuring"),
    InitiativeStatus.PUBLISHED: _l("gepubliceerd"),
    InitiativeStatus.REJECTED: _l("afgewezen"),
}


def _link_table(name: str, left: str, left_fk: str, right: str, right_fk: str) -> sa.Table:
    return sa.Table(
        name, db.metadata,
        sa.Column(left, sa.ForeignKey(left_fk, ondelete="CASCADE"), primary_key=True),
        sa.Column(right, sa.ForeignKey(right_fk, ondelete="CASCADE"), primary_key=True,
                  index=True),
    )


initiative_organisations = _link_table("initiative_organisations", "initiative_id",
                                       "initiatives.id", "organisation_id", "organisations.id")
initiative_themes = _link_table("initiative_themes", "initiative_id", "initiatives.id",
                                "theme_id", "themes.id")
initiative_goals = _link_table("initiative_goals", "initiative_id", "initiatives.id",
                               "goal_code", "goals.code")
initiative_municipalities = _link_table("initiative_municipalities", "initiative_id",
                                        "initiatives.id", "municipality_nis",
                                        "municipalities.nis")
#: Events (network moments, markets, workshops) present initiatives.
event_initiatives = _link_table("event_initiatives", "event_id", "events.id",
                                "initiative_id", "initiatives.id")


class Initiative(db.Model):
    """A lasting STEM initiative (not a dated event), e.g. a STEM-academy's coding club."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80))
    summary: Mapped[str] = mapped_column(sa.String(400), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    audience: Mapped[str] = mapped_column(sa.String(400), default="")
    age_min: Mapped[int | None] = mapped_column(sa.SmallInteger)
    age_max: Mapped[int | None] = mapped_column(sa.SmallInteger)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    # The public contact of the initiative (a shared address), not a person's private data.
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    status: Mapped[InitiativeStatus] = mapped_column(
        str_enum(InitiativeStatus, 16), default=InitiativeStatus.DRAFT, index=True
    )
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Raised by every saved edit: a form based on an older version is refused (no lost update).
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    # Lower case without accents (events.search.normalise) for the catalogue's search.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=initiative_organisations, order_by=Organisation.name)
    themes: Mapped[list[Theme]] = relationship(secondary=initiative_themes,
                                               order_by=Theme.position)
    goals: Mapped[list[Goal]] = relationship(secondary=initiative_goals, order_by=Goal.position)
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=initiative_municipalities, order_by=Municipality.name)
    events: Mapped[list[Event]] = relationship(secondary=event_initiatives, viewonly=True)

    __table_args__ = (
        sa.CheckConstraint("age_min IS NULL OR age_min >= 0", name="age_min_positive"),
        sa.CheckConstraint("age_max IS NULL OR age_max <= 120", name="age_max_sane"),
        sa.CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR age_min <= age_max", name="age_range"),
        sa.CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    @property
    def is_public(self) -> bool:
        return self.status == InitiativeStatus.PUBLISHED


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


# ------------------------------------------------------------------ State-of-the-STEM
class Edition(db.Model):
    """A State-of-the-STEM edition; its umbrella event has kind state_of_the_stem."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger, unique=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), unique=True)
    venue: Mapped[str] = mapped_column(sa.String(200), default="")
    awards_published: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    event: Mapped[Event | None] = relationship()
    programme: Mapped[list[ProgrammeItem]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ProgrammeItem.starts_at, ProgrammeItem.track, ProgrammeItem.id)")
    stands: Mapped[list[MarketStand]] = relationship(
        cascade="all, delete-orphan", order_by="MarketStand.stand_number")
    award_categories: Mapped[list[AwardCategory]] = relationship(
        cascade="all, delete-orphan", order_by="AwardCategory.position")

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


class AwardCategory(db.Model):
    __tablename__ = "award_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    nominations: Mapped[list[Nomination]] = relationship(
        cascade="all, delete-orphan", order_by="Nomination.id")

    __table_args__ = (
        sa.UniqueConstraint("edition_id", "name", name="uq_award_categories_name"),
    )


class Nomination(db.Model):
    """An initiative nominated in an award category; the initiative must be published."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_categories.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    shortlisted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    winner: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    initiative: Mapped[Initiative] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("category_id", "initiative_id", name="uq_nominations_initiative"),
        sa.CheckConstraint("NOT winner OR shortlisted", name="winner_is_shortlisted"),
    )
