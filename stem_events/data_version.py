"""The database's data version: one row (id 1) that tells every cache whether anything it
shows may have changed.

`data_versions` has one row (id 1). Database triggers (migration 0004) bump it on every
INSERT/DELETE and on feed-relevant UPDATEs of events, sessions, their link tables and
organisation names, whoever writes (ORM, bulk inserts, raw SQL, another host). A missing row
(e.g. after tests empty the tables) is re-created by the next change with a new random
`epoch`, so a counter that starts again never matches an old cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db


class DataVersion(db.Model):
    __tablename__ = "data_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    epoch: Mapped[str] = mapped_column(sa.String(32))
    version: Mapped[int] = mapped_column(sa.BigInteger, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


def data_version() -> Version | None:
    """The database's data version (kept by triggers), or None before the first change."""
    row = db.session.execute(
        sa.select(DataVersion.epoch, DataVersion.version, DataVersion.changed_at)
        .where(DataVersion.id == 1)
    ).first()
    if row is None:
        return None
    return Version(f"{row.epoch}.{row.version}", row.changed_at)
