"""Award rounds: categories with weighted criteria, open nominations with a motivation per
criterion, a jury per category that declares conflicts and scores independently, and the
winners whose initiatives then carry the STEM-label (`initiatives.models.InitiativeLabel`)."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation, User
from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc, to_local
from stem_events.editions.models import Edition
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative

DEFAULT_VALIDITY_YEARS = 2
SCORES = range(1, 6)  # every criterion is scored 1–5


class Phase(enum.StrEnum):
    """Where a round stands, from its dates (and `published_at`): nothing is stored."""

    UPCOMING = "upcoming"
    NOMINATIONS = "nominations"
    JURY = "jury"
    DELIBERATION = "deliberation"  # the jury period closed, results not yet published
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.UPCOMING: _l("binnenkort open voor nominaties"),
    Phase.NOMINATIONS: _l("nominaties open"),
    Phase.JURY: _l("de jury beoordeelt"),
    Phase.DELIBERATION: _l("de jury heeft beoordeeld; resultaten volgen"),
    Phase.PUBLISHED: _l("resultaten bekend"),
}


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class AwardRound(db.Model):
    """One award round: inside a State-of-the-STEM edition (`edition`) or on its own, with
    its ceremony event (an event of kind `award_event`, or the edition's umbrella event)."""

    __tablename__ = "award_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    edition_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("editions.id", ondelete="SET NULL"), index=True)
    ceremony_event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True)
    nominations_open: Mapped[datetime] = mapped_column(UTCDateTime)
    nominations_close: Mapped[datetime] = mapped_column(UTCDateTime)
    jury_close: Mapped[datetime] = mapped_column(UTCDateTime)
    validity_years: Mapped[int] = mapped_column(sa.SmallInteger, default=DEFAULT_VALIDITY_YEARS)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    edition: Mapped[Edition | None] = relationship()
    ceremony: Mapped[Event | None] = relationship()
    categories: Mapped[list[AwardCategory]] = relationship(
        back_populates="round", cascade="all, delete-orphan",
        order_by="(AwardCategory.position, AwardCategory.id)")

    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_sane"),
        sa.CheckConstraint("nominations_close > nominations_open", name="nominations_period"),
        sa.CheckConstraint("jury_close > nominations_close", name="jury_after_nominations"),
        sa.CheckConstraint("validity_years BETWEEN 1 AND 10", name="validity_sane"),
        sa.CheckConstraint("length(title) > 0", name="title_not_empty"),
    )

    @property
    def nominations_last_day(self) -> date:
        """The last Brussels day of the nomination period ("tot en met")."""
        return to_local(self.nominations_close - timedelta(seconds=1)).date()

    @property
    def jury_last_day(self) -> date:
        return to_local(self.jury_close - timedelta(seconds=1)).date()

    def phase(self, now: datetime | None = None) -> Phase:
        now = now or now_utc()
        if self.published_at is not None:
            return Phase.PUBLISHED
        if now < self.nominations_open:
            return Phase.UPCOMING
        if now < self.nominations_close:
            return Phase.NOMINATIONS
        if now < self.jury_close:
            return Phase.JURY
        return Phase.DELIBERATION


class AwardCategory(db.Model):
    __tablename__ = "award_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    round: Mapped[AwardRound] = relationship(back_populates="categories")
    criteria: Mapped[list[AwardCriterion]] = relationship(
        cascade="all, delete-orphan", order_by="(AwardCriterion.position, AwardCriterion.id)")
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="Nomination.id")
    jurors: Mapped[list[Juror]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="Juror.id")

    __table_args__ = (
        sa.UniqueConstraint("round_id", "name", name="uq_award_categories_name"),
    )

    @property
    def active_nominations(self) -> list[Nomination]:
        return [n for n in self.nominations if n.declined_at is None]


class AwardCriterion(db.Model):
    """What the jury scores (1–5); a category's ranking weighs the scores by `weight`."""

    __tablename__ = "award_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_categories.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        sa.UniqueConstraint("category_id", "name", name="uq_award_criteria_name"),
        sa.CheckConstraint("weight BETWEEN 1 AND 10", name="weight_sane"),
    )


class Nomination(db.Model):
    """A published initiative nominated in a category, by an organisation (any, its own or
    another's) or by a coordinator (no organisation). The nominated organisation may decline."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_categories.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    nominated_by_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    nominated_by_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    shortlisted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    winner: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    category: Mapped[AwardCategory] = relationship(back_populates="nominations")
    initiative: Mapped[Initiative] = relationship()
    nominated_by: Mapped[Organisation | None] = relationship()
    nominated_by_user: Mapped[User | None] = relationship()
    motivations: Mapped[list[Motivation]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("category_id", "initiative_id", name="uq_nominations_initiative"),
        sa.CheckConstraint("NOT winner OR shortlisted", name="winner_is_shortlisted"),
        sa.CheckConstraint("declined_at IS NULL OR NOT shortlisted", name="declined_not_listed"),
    )

    @property
    def declined(self) -> bool:
        return self.declined_at is not None


class Motivation(db.Model):
    """Why the nominator thinks the initiative meets one criterion."""

    __tablename__ = "nomination_motivations"

    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_criteria.id", ondelete="CASCADE"), primary_key=True, index=True)
    text: Mapped[str] = mapped_column(sa.Text)

    criterion: Mapped[AwardCriterion] = relationship()


class Juror(db.Model):
    """A jury member of one category, appointed by e-mail: the signed link carries `nonce`
    (removing the juror or a new link voids older ones); `user` when they have an account.
    `organisation`: the juror's own organisation, conflicted with its initiatives."""

    __tablename__ = "award_jurors"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_categories.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    nonce: Mapped[str] = mapped_column(sa.String(40), default=new_nonce)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[AwardCategory] = relationship(back_populates="jurors")
    user: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    conflicts: Mapped[list[Conflict]] = relationship(cascade="all, delete-orphan")
    scores: Mapped[list[Score]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("category_id", "email", name="uq_award_jurors_email"),
    )


class Conflict(db.Model):
    """A conflict of interest: the juror does not score this nomination."""

    __tablename__ = "award_conflicts"

    juror_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_jurors.id", ondelete="CASCADE"), primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), primary_key=True, index=True)


class Score(db.Model):
    """One juror's score (1–5) of one nomination on one criterion, with a comment."""

    __tablename__ = "award_scores"

    juror_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_jurors.id", ondelete="CASCADE"), primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), primary_key=True, index=True)
    criterion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_criteria.id", ondelete="CASCADE"), primary_key=True, index=True)
    value: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    __table_args__ = (sa.CheckConstraint("value BETWEEN 1 AND 5", name="value_1_to_5"),)
