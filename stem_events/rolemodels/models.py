"""Role models (rolmodellen): people working in STEM whom young people can recognise
themselves in, the consents they gave (each recorded apart: who, for what, when), and where
they take part (events, network moments among them; State-of-the-STEM programme items;
initiatives).

A profile is public only when the person consented to it and a coordinator approved it
(`RoleModelStatus.APPROVED`); the photo and the self-description are shown only with their own
consent. Withdrawal keeps the row as a tombstone (id, status, moment) and nothing else, so a
reused withdrawal link is recognised and an export (UiTdatabank) knows what to remove."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime, str_enum
from stem_events.date_time import now_utc
from stem_events.editions.models import ProgrammeItem
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative
from stem_events.reference.models import Theme

PHOTOS = "role-models"  # the media kind (key prefix) of role models' photos
MINIMUM_AGE = 16  # younger only with a guardian's consent


class RoleModelStatus(enum.StrEnum):
    PROPOSED = "proposed"  # an organiser proposed; the person has not answered yet
    CONFIRMED = "confirmed"  # the person consented; a coordinator has not decided yet
    APPROVED = "approved"  # public
    REJECTED = "rejected"  # a coordinator said no
    WITHDRAWN = "withdrawn"  # the person withdrew: only the tombstone is left

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    RoleModelStatus.PROPOSED: _l("wacht op toestemming van de persoon"),
    RoleModelStatus.CONFIRMED: _l("ter goedkeuring"),
    RoleModelStatus.APPROVED: _l("gepubliceerd"),
    RoleModelStatus.REJECTED: _l("afgewezen"),
    RoleModelStatus.WITHDRAWN: _l("ingetrokken"),
}


class ConsentSubject(enum.StrEnum):
    """What a consent is for: each is given (or not) on its own."""

    PROFILE = "profile"
    PHOTO = "photo"
    SELF_DESCRIPTION = "self_description"

    @property
    def label(self) -> str:
        return str(CONSENT_LABELS[self])


CONSENT_LABELS = {
    ConsentSubject.PROFILE: _l("profiel"),
    ConsentSubject.PHOTO: _l("foto"),
    ConsentSubject.SELF_DESCRIPTION: _l("hoe ik mezelf beschrijf"),
}


class ConsentGiver(enum.StrEnum):
    SELF = "self"  # the person, 16 or older
    GUARDIAN = "guardian"  # a parent or guardian of a person under 16


def _link_table(name: str, right: str, right_fk: str) -> sa.Table:
    return sa.Table(
        name, db.metadata,
        sa.Column("role_model_id", sa.ForeignKey("role_models.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column(right, sa.ForeignKey(right_fk, ondelete="CASCADE"), primary_key=True,
                  index=True),
    )


role_model_themes = _link_table("role_model_themes", "theme_id", "themes.id")
#: Events (network moments are events too) where the role model takes part.
role_model_events = _link_table("role_model_events", "event_id", "events.id")
role_model_programme_items = _link_table("role_model_programme_items", "programme_item_id",
                                         "programme_items.id")
role_model_initiatives = _link_table("role_model_initiatives", "initiative_id",
                                     "initiatives.id")


class RoleModel(db.Model):
    __tablename__ = "role_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[RoleModelStatus] = mapped_column(
        str_enum(RoleModelStatus, 16), default=RoleModelStatus.PROPOSED, index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    job: Mapped[str] = mapped_column(sa.String(120), default="")
    employer: Mapped[str] = mapped_column(sa.String(160), default="")
    # The employer when it is an organisation of the platform (linked on the profile).
    employer_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    # The organisation whose organiser proposed the profile (its members see it in /manage).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Plain text in the person's own words: never HTML, shown escaped.
    story: Mapped[str] = mapped_column(sa.Text, default="")
    # How they describe themselves: shown only with its own consent.
    self_description: Mapped[str] = mapped_column(sa.String(300), default="")
    photo: Mapped[str] = mapped_column(sa.String(120), default="")  # a media name of PHOTOS
    # Where the signed links are sent; only coordinators see it; gone at withdrawal.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    # The random part of the signed links: a used link finds an empty or another nonce.
    confirm_nonce: Mapped[str] = mapped_column(sa.String(32), default="")
    withdraw_nonce: Mapped[str] = mapped_column(sa.String(32), default="")
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[employer_organisation_id])
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    themes: Mapped[list[Theme]] = relationship(secondary=role_model_themes,
                                               order_by=Theme.position)
    events: Mapped[list[Event]] = relationship(secondary=role_model_events)
    programme_items: Mapped[list[ProgrammeItem]] = relationship(
        secondary=role_model_programme_items, order_by=ProgrammeItem.starts_at)
    initiatives: Mapped[list[Initiative]] = relationship(secondary=role_model_initiatives,
                                                         order_by=Initiative.name)
    consents: Mapped[list[RoleModelConsent]] = relationship(
        back_populates="role_model", cascade="all, delete-orphan",
        order_by="RoleModelConsent.given_at")

    __table_args__ = (
        sa.CheckConstraint(
            "status = 'withdrawn' OR length(name) > 0", name="name_unless_withdrawn"),
    )

    @property
    def is_public(self) -> bool:
        """Approved by a coordinator, with the person's consent to the profile (`PUBLIC`)."""
        return self.status == RoleModelStatus.APPROVED and \
            self.consent(ConsentSubject.PROFILE) is not None

    def consent(self, subject: ConsentSubject) -> RoleModelConsent | None:
        return next((c for c in self.consents if c.subject == subject), None)

    @property
    def shows_photo(self) -> bool:
        return bool(self.photo) and self.consent(ConsentSubject.PHOTO) is not None

    @property
    def shows_self_description(self) -> bool:
        return bool(self.self_description) and \
            self.consent(ConsentSubject.SELF_DESCRIPTION) is not None

    @property
    def employer_name(self) -> str:
        return self.employer_organisation.name if self.employer_organisation else self.employer


class RoleModelConsent(db.Model):
    """One consent, recorded on its own: for what, given by whom (the person, or for someone
    under 16 a parent or guardian, by name) and when."""

    __tablename__ = "role_model_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_model_id: Mapped[int] = mapped_column(
        sa.ForeignKey("role_models.id", ondelete="CASCADE"), index=True)
    subject: Mapped[ConsentSubject] = mapped_column(str_enum(ConsentSubject, 24))
    given_by: Mapped[ConsentGiver] = mapped_column(str_enum(ConsentGiver, 16))
    given_by_name: Mapped[str] = mapped_column(sa.String(120))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    role_model: Mapped[RoleModel] = relationship(back_populates="consents")

    __table_args__ = (
        sa.UniqueConstraint("role_model_id", "subject", name="one_consent_per_subject"),
    )


#: The one condition for a role model the public sees: approved by a coordinator, with the
#: person's recorded consent to the profile (a withdrawal removes both). Every public query
#: (pages, the events domain's questions, the report) uses it.
PUBLIC = sa.and_(RoleModel.status == RoleModelStatus.APPROVED,
                 RoleModel.consents.any(RoleModelConsent.subject == ConsentSubject.PROFILE))
