"""Initiatives: lasting STEM initiatives, their organisations, themes, goals and
municipalities, and the events that present them."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.audiences.models import Audience, initiative_audiences
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.reference.models import Goal, Municipality, Theme


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
    # The audiences (doelgroepen) of the editable list; `audience` above is free text.
    audiences: Mapped[list[Audience]] = relationship(secondary=initiative_audiences,
                                                     order_by=Audience.position)

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


class InitiativeLabel(db.Model):
    """The STEM-label: an initiative won `category` in an award round of `year`; shown as a
    badge until `valid_until` (inclusive). Granted and withdrawn by the awards domain when a
    round's results are published (`nomination_id`); a later win renews it."""

    __tablename__ = "stem_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), unique=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    category: Mapped[str] = mapped_column(sa.String(200))
    valid_until: Mapped[date] = mapped_column(sa.Date, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    """The category's place in its round: an initiative's badges follow the round's order."""
