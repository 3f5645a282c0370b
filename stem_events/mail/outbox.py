"""Writing mails to the outbox and delivering them after commit, with retries and backoff.

A mail is composed completely (RFC 5322 text) and stored in `outbox_messages` inside the
transaction of whatever caused it, so it is sent if and only if that change committed:
`enqueue()` is the one name for "send this", the unit of work (`transaction.py`) hands the
mails of committed transactions to delivery when it ends. Delivery claims each row with one
conditional UPDATE, committed at once (the one commit of this module), so two senders never
send one mail twice; each mail is then finished in a unit of work of its own.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa
from flask import current_app

from stem_events.date_time import now_utc
from stem_events.extensions import db
from stem_events.mail.models import OutboxMessage, OutboxStatus
from stem_events.single_line import one_line
from stem_events.transaction import after_commit, per_item

log = logging.getLogger(__name__)

DEFAULT_SENDER = "STEM-agenda Vlaanderen <no-reply@stem-agenda.example>"
MAX_ATTEMPTS = 10
CLAIM_SECONDS = 300  # a claimed row that was never finished is retried after this


def sender_address() -> str:
    return current_app.config.get("MAIL_SENDER") or DEFAULT_SENDER


def compose(recipient: str, subject: str, text: str, html: str,
            calendar: tuple[bytes, str] | None = None,
            images: list[tuple[str, bytes]] = ()) -> EmailMessage:
    """Plain text and HTML alternatives; `calendar` = (iCalendar bytes, iTIP method);
    `images` = PNG attachments as (file name, bytes). Header values are put on one line: a
    title stored with a line break must not fail the mail, nor add a header."""
    message = EmailMessage()
    message["From"] = one_line(sender_address())
    message["To"] = one_line(recipient)
    message["Subject"] = one_line(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender_address().rsplit("@", 1)[-1].strip(">"))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if calendar is not None:
        data, method = calendar
        message.add_attachment(
            data, maintype="text", subtype="calendar", filename="activiteit.ics",
            params={"method": method, "charset": "utf-8"},
        )
    for filename, data in images:
        message.add_attachment(data, maintype="image", subtype="png", filename=filename)
    return message


def enqueue(kind: str, message: EmailMessage, registration_id: int | None = None) -> int:
    """Store a composed mail in the current transaction; returns its id (after a flush).
    Once that transaction commits, the unit of work hands it to delivery."""
    row = OutboxMessage(
        kind=kind, recipient=str(message["To"]), subject=str(message["Subject"])[:300],
        raw=message.as_string(), registration_id=registration_id, next_attempt_at=now_utc(),
    )
    db.session.add(row)
    db.session.flush()
    after_commit(_Delivery(), key=_Delivery, last=True).ids.append(row.id)
    return row.id


class _Delivery:
    """The mails of one transaction, tried at once after it committed."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def __call__(self) -> None:
        deliver_after_commit(self.ids)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most 6 hours."""
    return timedelta(seconds=min(60 * 2 ** max(0, attempts - 1), 6 * 3600))


# ------------------------------------------------------------------ transports


def _smtp_send(url: str, message: OutboxMessage) -> None:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    timeout = float(query.get("timeout", 10))
    host, port = parts.hostname or "localhost", parts.port
    if parts.scheme == "smtps":
        smtp = smtplib.SMTP_SSL(host, port or 465, timeout=timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port or 25, timeout=timeout)
    with smtp:
        if query.get("starttls") in ("1", "true", "yes"):
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        data = message.raw.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        smtp.sendmail(_envelope_sender(), [message.recipient], data)  # SMTP wants CRLF


def _envelope_sender() -> str:
    address = sender_address()
    return address.rsplit("<", 1)[-1].rstrip(">") if "<" in address else address


def _file_send(directory: str, message: OutboxMessage) -> None:
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    # Unique names: outbox ids start again after a database reset, files must not be replaced.
    name = f"{now_utc():%Y%m%dT%H%M%S}-{message.id:08d}-{message.kind}-{secrets.token_hex(3)}.eml"
    (path / name).write_text(message.raw, encoding="utf-8")


def transport_send(message: OutboxMessage) -> None:
    url = current_app.config.get("MAIL_URL") or ""
    if url.startswith(("smtp://", "smtps://")):
        _smtp_send(url, message)
    else:
        _file_send(current_app.config["OUTBOX_DIR"], message)


# ------------------------------------------------------------------ delivery


def _claim(message_id: int) -> bool:
    """Take one due message for this sender, atomically; False when another sender has it."""
    now = now_utc()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id,
               OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
               OutboxMessage.next_attempt_at <= now)
        .values(status=OutboxStatus.SENDING,
                next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _deliver_one(message_id: int) -> bool:
    """Claim and send one mail; its unit of work (see `deliver`) saves the outcome. An
    unexpected error leaves it claimed: it is tried again after CLAIM_SECONDS."""
    if not _claim(message_id):
        return False
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        transport_send(message)
    except (OSError, smtplib.SMTPException) as error:
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        give_up = message.attempts >= current_app.config.get("MAIL_MAX_ATTEMPTS", MAX_ATTEMPTS)
        message.status = OutboxStatus.FAILED if give_up else OutboxStatus.PENDING
        message.next_attempt_at = now_utc() + backoff(message.attempts)
        log.warning("mail %s not delivered (attempt %s): %s", message_id, message.attempts,
                    message.last_error)
        return False
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = now_utc()
    message.last_error = ""
    return True


def deliver(ids: list[int] | None = None, limit: int = 500) -> tuple[int, int]:
    """Deliver due mails (or only `ids`), each in a unit of work of its own, so one mail that
    fails never stops the others; returns (sent, still pending)."""
    now = now_utc()
    query = sa.select(OutboxMessage.id).where(
        OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
        OutboxMessage.next_attempt_at <= now,
    ).order_by(OutboxMessage.id).limit(limit)
    if ids is not None:
        if not ids:
            return 0, 0
        query = query.where(OutboxMessage.id.in_(ids))
    candidates = list(db.session.scalars(query))
    db.session.rollback()  # called once work is committed; never commits someone else's
    sent = sum(per_item(candidates, _deliver_one))
    return sent, len(candidates) - sent


def deliver_after_commit(ids: list[int]) -> None:
    """Try the mails of a request at once; what fails waits for `flask send-mails`."""
    if not ids or not current_app.config.get("MAIL_DELIVER_IMMEDIATELY", True):
        return
    try:
        deliver(ids)
    except sa.exc.OperationalError:
        db.session.rollback()  # busy or unreachable: the rows wait for the next run
        log.warning("immediate mail delivery postponed", exc_info=True)
