"""Uploaded files kept in the database (the default store, MEDIA_URL unset): every host that
reads the database serves them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db


class MediaBlob(db.Model):
    __tablename__ = "media_blobs"
    __table_args__ = (
        sa.CheckConstraint("size = length(data)", name="ck_media_blobs_size"),
    )

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)  # "<kind>/<name>"
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.Integer)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
