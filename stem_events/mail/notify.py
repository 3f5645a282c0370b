"""Mails from organiser and coordinator flows (approvals, resets, invitations), through the
same outbox as the registration mails: written in the caller's transaction, delivered when the
request ends, and retried by `flask send-mails` when the mail server is down."""

from __future__ import annotations

from flask import g, has_request_context
from markupsafe import escape

from stem_events.mail.outbox import compose, enqueue


def _html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)


def deliver_when_request_ends(message_id: int) -> int:
    """A mail already in the outbox goes out after this request (if its transaction committed;
    otherwise its row does not exist); outside a request `flask send-mails` sends it."""
    if has_request_context():
        g.setdefault("mail_ids", []).append(message_id)
    return message_id


def notify(to: str, subject: str, text: str, html: str | None = None) -> int:
    return deliver_when_request_ends(
        enqueue("notice", compose(to, subject, text, html or _html(text))))
