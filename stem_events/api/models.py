"""What the API stores: the request-independent JSON of each event (`api.fragments`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db


class ApiEventFragment(db.Model):
    """An event's item of `/api/v1/events` without what changes per request: `body` is the
    item's JSON text with a marker where each per-request member goes. `open_from` and
    `open_until` are what `registration_open` is computed from at request time (no
    `open_until`: never open). Valid while its render key and stamp (`card_stamps`) match."""

    __tablename__ = "api_event_fragments"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    render_key: Mapped[str] = mapped_column(sa.String(40))
    stamp: Mapped[int] = mapped_column(sa.BigInteger)
    body: Mapped[str] = mapped_column(sa.Text)
    open_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    open_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
