"""Reference data models and the closed vocabularies (helix pillars, event kinds)."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.database import str_enum
from stem_events.extensions import db


class HelixPillar(enum.StrEnum):
    """Quadruple helix pillar of an organisation (DOMAIN.md)."""

    GOVERNMENT = "government"
    KNOWLEDGE = "knowledge"
    COMPANY = "company"
    CITIZEN = "citizen"

    @property
    def label(self) -> str:
        return str(HELIX_LABELS[self])


HELIX_LABELS = {
    HelixPillar.GOVERNMENT: _l("overheid"),
    HelixPillar.KNOWLEDGE: _l("kennisinstelling"),
    HelixPillar.COMPANY: _l("bedrijf"),
    HelixPillar.CITIZEN: _l("burger en middenveld"),
}


class EventKind(enum.StrEnum):
    NETWORK_MOMENT = "network_moment"
    STATE_OF_THE_STEM = "state_of_the_stem"
    ACADEMY_ACTIVITY = "academy_activity"
    WORKSHOP = "workshop"
    LECTURE = "lecture"
    COMPANY_VISIT = "company_visit"
    ROADSHOW = "roadshow"
    AWARD_EVENT = "award_event"
    INFO_SESSION = "info_session"
    OTHER = "other"
    TEACHER_TRAINING = "teacher_training"  # nascholing: teachers' professional development
    TEACHER_CLUB = "teacher_club"  # a meeting of a teacher STEM-club (clubs/)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    EventKind.NETWORK_MOMENT: _l("netwerkmoment"),
    EventKind.STATE_OF_THE_STEM: _l("State-of-the-STEM"),
    EventKind.ACADEMY_ACTIVITY: _l("STEM-academie-activiteit"),
    EventKind.WORKSHOP: _l("workshop"),
    EventKind.LECTURE: _l("lezing"),
    EventKind.COMPANY_VISIT: _l("bedrijfsbezoek"),
    EventKind.ROADSHOW: _l("roadshow"),
    EventKind.AWARD_EVENT: _l("award-event"),
    EventKind.INFO_SESSION: _l("infosessie"),
    EventKind.OTHER: _l("andere activiteit"),
    EventKind.TEACHER_TRAINING: _l("nascholing"),
    EventKind.TEACHER_CLUB: _l("STEM-club voor leerkrachten"),
}


class GoalLevel(enum.StrEnum):
    STRATEGIC = "SD"
    TACTICAL = "TD"
    OPERATIONAL = "OD"


class Province(db.Model):
    """A Flemish province, or the Brussels-Capital Region (code 04000) in its place."""

    __tablename__ = "provinces"

    nis: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    name_fr: Mapped[str] = mapped_column(sa.String(80))

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="province", order_by="Municipality.name"
    )

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("Provincie ")

    @property
    def label(self):
        """The short name in the interface's language ('Oost-Vlaanderen', 'East Flanders')."""
        return reference_label(self.short_name)


class Municipality(db.Model):
    __tablename__ = "municipalities"

    nis: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), index=True)
    name_fr: Mapped[str] = mapped_column(sa.String(80))
    province_nis: Mapped[str] = mapped_column(sa.ForeignKey("provinces.nis"), index=True)

    province: Mapped[Province] = relationship(back_populates="municipalities")
    postcodes: Mapped[list[Postcode]] = relationship(
        back_populates="municipality", order_by="Postcode.code"
    )


class Postcode(db.Model):
    """A postcode of a municipality; a code may serve several municipalities (e.g. 1040)."""

    __tablename__ = "postcodes"

    code: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    municipality_nis: Mapped[str] = mapped_column(
        sa.ForeignKey("municipalities.nis"), primary_key=True
    )

    municipality: Mapped[Municipality] = relationship(back_populates="postcodes")

    __table_args__ = (sa.CheckConstraint("length(code) = 4", name="four_digits"),)


class Goal(db.Model):
    """A goal of the STEM-Agenda 2030: SD1 → TD1.2 → OD1.2.1."""

    __tablename__ = "goals"

    code: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    level: Mapped[GoalLevel] = mapped_column(str_enum(GoalLevel, 2))
    parent_code: Mapped[str | None] = mapped_column(sa.ForeignKey("goals.code"), index=True)
    title: Mapped[str] = mapped_column(sa.String(400))
    position: Mapped[int] = mapped_column(sa.Integer)

    parent: Mapped[Goal | None] = relationship(remote_side=[code], back_populates="children")
    children: Mapped[list[Goal]] = relationship(back_populates="parent", order_by="Goal.position")

    @property
    def label(self) -> str:
        """How people read the code: 'OD 1.2.1'."""
        return f"{self.code[:2]} {self.code[2:]}"


class Theme(db.Model):
    """An editable list of STEM themes (digitalisering, AI, energie, …)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    @property
    def label(self):
        """The name in the interface's language (a coordinator's new theme stays as typed)."""
        return reference_label(self.name)


# The Dutch names of the reference rows, for the English interface: the rows keep the Dutch
# name; people read it in their language (a name not listed here, e.g. a coordinator's new
# theme, is shown as stored). Lazy: evaluated when rendered, in the request's language.
REFERENCE_LABELS = {
    "Antwerpen": _l("Antwerpen"),
    "Limburg": _l("Limburg"),
    "Oost-Vlaanderen": _l("Oost-Vlaanderen"),
    "Vlaams-Brabant": _l("Vlaams-Brabant"),
    "West-Vlaanderen": _l("West-Vlaanderen"),
    "Brussels Hoofdstedelijk Gewest": _l("Brussels Hoofdstedelijk Gewest"),
    "Digitalisering": _l("Digitalisering"),
    "Artificiële intelligentie": _l("Artificiële intelligentie"),
    "Cybersecurity": _l("Cybersecurity"),
    "Programmeren en coderen": _l("Programmeren en coderen"),
    "Robotica": _l("Robotica"),
    "Energie": _l("Energie"),
    "Duurzaamheid en circulaire economie": _l("Duurzaamheid en circulaire economie"),
    "Zorg en gezondheid": _l("Zorg en gezondheid"),
    "Ruimtevaart": _l("Ruimtevaart"),
    "Wetenschap": _l("Wetenschap"),
    "Wiskunde": _l("Wiskunde"),
    "Computer en techniek": _l("Computer en techniek"),
    "Milieu en natuur": _l("Milieu en natuur"),
    "Maken en ontwerpen (maker)": _l("Maken en ontwerpen (maker)"),
}


def reference_label(name: str):
    return REFERENCE_LABELS.get(name, name)
