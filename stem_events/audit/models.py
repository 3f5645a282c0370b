"""The audit log: who changed what, and when, on events and organisations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem_events.database import UTCDateTime
from stem_events.date_time import now_utc
from stem_events.extensions import db

if TYPE_CHECKING:  # by name only: the audit log sits below accounts (docs/architecture.md)
    from stem_events.accounts.models import Organisation, User


class AuditEntry(db.Model):
    """One status change or edit. `changes` is a JSON diff {field: [before, after]}; an
    approval also keeps the approved state under `snapshot`, to show what changed since."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    initiative_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(sa.String(200), default="")  # title, kept after delete
    action: Mapped[str] = mapped_column(sa.String(40))
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    user: Mapped[User | None] = relationship("User")
    organisation: Mapped[Organisation | None] = relationship("Organisation")
