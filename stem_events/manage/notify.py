"""Mails from organiser and coordinator flows, written as .eml files to OUTBOX_DIR.

A stand-in with the smallest possible interface; the real outbox (queue, SMTP, retries) is
built elsewhere and will replace the body of `notify`.
"""

from __future__ import annotations

import secrets
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from stem_events.date_time import now_utc


def notify(to: str, subject: str, text: str, html: str | None = None) -> Path:
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_FROM", "STEM-agenda <noreply@stem-events.be>")
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now_utc())
    message["Message-ID"] = make_msgid(domain="stem-events")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    outbox = Path(current_app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{now_utc():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    return path
