"""The editable list of audiences (DOMAIN.md) and its link tables to events and initiatives.

The slugs of the seeded audiences are part of the public contract (the `audience` filter);
coordinators may rename them and add new ones, never change a slug."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.extensions import db


class Audience(db.Model):
    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    # The reading on entry points and feed names: "voor meisjes" (empty: "voor " + name).
    short_name: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    # Its group on the organisers' forms: `opportunity` (kansengroepen) or `other`.
    section: Mapped[str] = mapped_column(sa.String(20), default="other", server_default="other")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        sa.CheckConstraint("section IN ('opportunity', 'other')", name="section_known"),
    )

    @property
    def for_label(self) -> str:
        """'voor meisjes': the audience as the end of a sentence or a feed name."""
        return self.short_name or f"voor {self.name.lower()}"


event_audiences = sa.Table(
    "event_audiences",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("audience_id", sa.ForeignKey("audiences.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)

initiative_audiences = sa.Table(
    "initiative_audiences",
    db.metadata,
    sa.Column("initiative_id", sa.ForeignKey("initiatives.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("audience_id", sa.ForeignKey("audiences.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)
