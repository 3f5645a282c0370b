"""Tables of the feeds: rendered fragments, personal feed tokens (the data version is
`stem_events.data_version`).
"""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.events.models import EventSession
from stem_events.extensions import db

#: Sessions by end and start with what a feed's order needs (migration 0032): the sessions of
#: a feed's window come from this index alone (`services.feed_order_query`), never from the
#: rows of past sessions. Declared here, beside the feeds that need it, on the sessions' table.
sa.Index("ix_event_sessions_window", EventSession.ends_at, EventSession.starts_at,
         EventSession.event_id, EventSession.sequence, EventSession.updated_at,
         EventSession.uid)


class FeedFragment(db.Model):
    """The rendered VEVENT bytes of one session, valid while its stamp (the render key, the
    session's sequence, both rows' updated_at and the event's card stamp, migration 0044)
    matches the rows (`services.fragment_stamp`)."""

    __tablename__ = "feed_fragments"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True,
        autoincrement=False,
    )
    render_key: Mapped[str] = mapped_column(sa.String(40))
    sequence: Mapped[int] = mapped_column(sa.Integer)
    session_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    event_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    card_stamp: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


def new_token() -> str:
    """43 URL-safe characters, 256 bits from the OS's CSPRNG: unguessable."""
    return secrets.token_urlsafe(32)


class FeedToken(db.Model):
    """The secret of a personal feed `/feeds/<token>.ics`; renewing revokes the old one."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    owner_key: Mapped[str] = mapped_column(sa.String(64), index=True)  # sha256 of the e-mail
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("feed_tokens.id", ondelete="SET NULL")
    )

    @property
    def active(self) -> bool:
        return self.revoked_at is None


feed_token_events = sa.Table(
    "feed_token_events",
    db.metadata,
    sa.Column("owner_key", sa.String(64), primary_key=True),
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)
