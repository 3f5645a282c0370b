"""What the UiTdatabank import remembers: the coordinators' choice of what to import (event
types, themes, regions) and the UiTdatabank organizers it met, each matched to one of our
organisations or waiting for a coordinator to assign it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.accounts.models import Organisation
from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db


class UitdatabankImportSettings(db.Model):
    """One row: what `flask uitdatabank import` asks the Search API for."""

    __tablename__ = "uitdatabank_import_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    eventtypes: Mapped[list] = mapped_column(sa.JSON, default=list)  # taxonomy ids
    themes: Mapped[list] = mapped_column(sa.JSON, default=list)  # taxonomy ids
    regions: Mapped[list] = mapped_column(sa.JSON, default=list)  # NIS codes (province or not)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")


class UitdatabankOrganizer(db.Model):
    """An organizer in UiTdatabank whose events we import, and the organisation they belong to
    here (matched by KBO number, or name and postcode; else assigned by a coordinator)."""

    __tablename__ = "uitdatabank_organizers"

    organizer_id: Mapped[str] = mapped_column(sa.String(300), primary_key=True)  # `@id`
    name: Mapped[str] = mapped_column(sa.String(300), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    waiting: Mapped[int] = mapped_column(sa.Integer, default=0)  # events seen, not imported
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    organisation: Mapped[Organisation | None] = relationship()
