"""Mails from organiser and coordinator flows (approvals, resets, invitations), through the
same outbox as the registration mails: written in the caller's transaction, delivered when its
unit of work ends, and retried by `flask send-mails` when the mail server is down."""

from __future__ import annotations

from markupsafe import escape

from stem_events.mail.outbox import enqueue_text


def _html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)


def notify(to: str, subject: str, text: str, html: str | None = None) -> int:
    return enqueue_text("notice", to, subject, text, html or _html(text))
