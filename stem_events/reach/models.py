"""Reach answers, stored apart from the identity.

`reach_answers` holds what was answered and for which event (and session in open-sessions
mode) — no name, no e-mail, no registration id, no timestamp, and a random primary key, so
neither an id's order nor a time can be matched to a registration. `reach_links` is the only
bridge to a registration: it lets the person see and erase their own answers until the
privacy purge deletes it; the answers then stay as counts that belong to nobody."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.extensions import db

WITHHELD = "withheld"  # "zeg ik liever niet"


def new_answer_id() -> str:
    return secrets.token_hex(16)


class ReachAnswer(db.Model):
    __tablename__ = "reach_answers"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_answer_id)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    # NULL: not answered. `female` (meisje/vrouw), `male` (jongen/man), `other`, `withheld`.
    gender: Mapped[str | None] = mapped_column(sa.String(10))
    # NULL: not answered. `yes`, `no`, `withheld`: entitled to kansentarief / UiTPAS.
    reduced_rate: Mapped[str | None] = mapped_column(sa.String(10))
    # NULL: not answered; the home municipality's NIS code (from the postcode), or `withheld`.
    home: Mapped[str | None] = mapped_column(sa.String(10))
    # Answered by a guardian for a child under 13.
    by_guardian: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    __table_args__ = (
        sa.CheckConstraint("gender IS NULL OR gender IN ('female', 'male', 'other', 'withheld')",
                           name="gender_known"),
        sa.CheckConstraint("reduced_rate IS NULL OR reduced_rate IN ('yes', 'no', 'withheld')",
                           name="reduced_rate_known"),
    )


class ReachLink(db.Model):
    """Which registration gave an answer: deleted by the privacy purge (and with the
    registration), never shown to anyone but the person through their own signed link."""

    __tablename__ = "reach_links"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    answer_id: Mapped[str] = mapped_column(
        sa.ForeignKey("reach_answers.id", ondelete="CASCADE"), unique=True)
