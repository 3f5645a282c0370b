"""Queueing mails in the outbox and delivering them outside the request, with retries.

A request (or a command) only queues: `enqueue()` writes an outbox row in the caller's
transaction, holding the mail's kind and a JSON snapshot of what it must say, taken at that
moment (old and new values of a change, a waiting-list position, the links of the moment). The
mail is composed from that snapshot when it is sent, by the composer named in it (the
registration mails register theirs, `register_composer`), so it says what was true when it was
queued. On PostgreSQL the same transaction `NOTIFY`s the workers: they hear it only if it
commits. Nothing in a request talks to a mail server.

Delivery (`deliver`) claims one due row at a time with one conditional UPDATE (on PostgreSQL its
subquery takes `FOR UPDATE SKIP LOCKED`, so two workers never wait on nor take the same row),
committed at once (the one commit of this module); each mail is then sent in a unit of work of
its own, the mails of one round over one SMTP connection. `flask worker` (worker.py) runs it
whenever woken or every few seconds; `flask send-mails` (cron) runs it once. In development
without MAIL_URL (mails become `.eml` files) the request that queued mails hands them to the
same `deliver` after its commit; see `deliver_after_commit`.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
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
CLAIM_BATCH = 10  # mails a sender claims at once (each is still sent and saved on its own)
CHANNEL = "stem_events_outbox"  # the PostgreSQL NOTIFY channel the workers LISTEN on
DUE = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def sender_address() -> str:
    return current_app.config.get("MAIL_SENDER") or DEFAULT_SENDER


@dataclass
class Mail:
    """What a composer makes of a snapshot: the parts of one message. `calendar` = (iCalendar
    bytes, iTIP method); `images` = PNG attachments as (file name, bytes)."""

    recipient: str
    subject: str
    text: str
    html: str
    calendar: tuple[bytes, str] | None = None
    images: list[tuple[str, bytes]] = field(default_factory=list)


Composer = Callable[[dict], Mail]
COMPOSERS: dict[str, Composer] = {}


def register_composer(name: str, composer: Composer) -> None:
    """`composer(payload["data"])` makes the mail of every row queued under `name`."""
    COMPOSERS[name] = composer


def compose(mail: Mail, message_id: str | None = None, date=None) -> EmailMessage:
    """Plain text and HTML alternatives and the attachments. Header values are put on one
    line: a title stored with a line break must not fail the mail, nor add a header."""
    message = EmailMessage()
    message["From"] = one_line(sender_address())
    message["To"] = one_line(mail.recipient)
    message["Subject"] = one_line(mail.subject)
    message["Date"] = format_datetime(date or now_utc())
    message["Message-ID"] = message_id or new_message_id()
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    if mail.calendar is not None:
        data, method = mail.calendar
        message.add_attachment(
            data, maintype="text", subtype="calendar", filename="activiteit.ics",
            params={"method": method, "charset": "utf-8"},
        )
    for filename, data in mail.images:
        message.add_attachment(data, maintype="image", subtype="png", filename=filename)
    return message


def new_message_id() -> str:
    return make_msgid(domain=sender_address().rsplit("@", 1)[-1].strip(">"))


# ------------------------------------------------------------------ queueing


def enqueue(kind: str, recipient: str, subject: str, composer: str, data: dict,
            registration_id: int | None = None) -> int:
    """Queue a mail in the current transaction; returns its id (after a flush). `data` is the
    JSON snapshot `composer` makes the mail from when it is sent; `subject` is for operators
    (the composed mail has its own). The Message-ID is fixed now, so a retried mail keeps it."""
    row = OutboxMessage(
        kind=kind, recipient=one_line(recipient)[:254], subject=one_line(subject)[:300],
        payload={"composer": composer, "message_id": new_message_id(), "data": data},
        registration_id=registration_id, next_attempt_at=now_utc(),
    )
    db.session.add(row)
    db.session.flush()
    # On PostgreSQL the row's insert wakes the workers (a trigger NOTIFYs at the commit,
    # migration 0041): the request never waits for them. SQLite's workers poll.
    after_commit(_Delivery(), key=_Delivery, last=True).ids.append(row.id)  # one per transaction
    return row.id


def enqueue_text(kind: str, recipient: str, subject: str, text: str, html: str,
                 calendar: tuple[bytes, str] | None = None,
                 registration_id: int | None = None) -> int:
    """Queue a mail whose words are already written (notices to organisers, the programme
    mails): the snapshot is the text itself."""
    data = {"recipient": recipient, "subject": subject, "text": text, "html": html,
            "calendar": [calendar[0].decode("utf-8"), calendar[1]] if calendar else None}
    return enqueue(kind, recipient, subject, "text", data, registration_id)


def _text_mail(data: dict) -> Mail:
    calendar = data.get("calendar")
    return Mail(data["recipient"], data["subject"], data["text"], data["html"],
                (calendar[0].encode("utf-8"), calendar[1]) if calendar else None)


register_composer("text", _text_mail)


class _Delivery:
    """The mails of one transaction, handed to delivery after it committed."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def __call__(self) -> None:
        deliver_after_commit(self.ids)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most 6 hours."""
    return timedelta(seconds=min(60 * 2 ** max(0, attempts - 1), 6 * 3600))


# ------------------------------------------------------------------ transports


def message_text(row: OutboxMessage) -> str:
    """The RFC 5322 text of a row: composed now from its snapshot (rows queued by the older
    code carry it ready-made in `raw`)."""
    if row.payload is None:
        return row.raw
    composer = COMPOSERS[row.payload["composer"]]
    mail = composer(row.payload["data"])
    return compose(mail, row.payload.get("message_id"), row.created_at).as_string()


def _smtp_connect(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    timeout = float(query.get("timeout", 10))
    host, port = parts.hostname or "localhost", parts.port
    if parts.scheme == "smtps":
        smtp = smtplib.SMTP_SSL(host, port or 465, timeout=timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port or 25, timeout=timeout)
    try:
        if query.get("starttls") in ("1", "true", "yes"):
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


class SmtpConnection:
    """One connection to the mail server for the mails of one delivery round: connecting,
    greeting and logging in once, not for every mail (a launch rush queues hundreds). A
    connection the server closed meanwhile is opened again; after any other error it is
    dropped, and the next mail opens a new one."""

    IDLE_SECONDS = 30  # longer unused, it is opened again (a firewall may have dropped it)

    def __init__(self, url: str) -> None:
        self.url = url
        self.smtp: smtplib.SMTP | None = None
        self.used = 0.0

    def send(self, recipient: str, data: bytes) -> None:
        now = time.monotonic()
        if self.smtp is not None and now - self.used > self.IDLE_SECONDS:
            self.close()
        self.used = now
        if self.smtp is not None:
            try:
                self.smtp.sendmail(envelope_sender(), [recipient], data)
                return
            except smtplib.SMTPServerDisconnected:
                self.smtp = None  # closed by the server (idle): the mail was not taken
            except BaseException:
                self.close()
                raise
        self.smtp = _smtp_connect(self.url)
        try:
            self.smtp.sendmail(envelope_sender(), [recipient], data)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
            smtp.close()


_round_connection: ContextVar[SmtpConnection | None] = ContextVar("smtp_round", default=None)


@contextlib.contextmanager
def one_connection() -> Iterator[None]:
    """The mails sent inside share one SMTP connection (when mail goes to a server): one
    delivery round, or the whole life of `flask worker`, which is woken for every registration
    of a rush."""
    if not smtp_configured() or _round_connection.get() is not None:
        yield
        return
    connection = SmtpConnection(current_app.config["MAIL_URL"])
    token = _round_connection.set(connection)
    try:
        yield
    finally:
        _round_connection.reset(token)
        connection.close()


def _smtp_send(url: str, recipient: str, text: str) -> None:
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")  # SMTP: CRLF
    shared = _round_connection.get()
    if shared is not None and shared.url == url:
        shared.send(recipient, data)
        return
    connection = SmtpConnection(url)
    try:
        connection.send(recipient, data)
    finally:
        connection.close()


def envelope_sender() -> str:
    address = sender_address()
    return address.rsplit("<", 1)[-1].rstrip(">") if "<" in address else address


def _file_send(directory: str, message: OutboxMessage, text: str) -> None:
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    # Unique names: outbox ids start again after a database reset, files must not be replaced.
    name = f"{now_utc():%Y%m%dT%H%M%S}-{message.id:08d}-{message.kind}-{secrets.token_hex(3)}.eml"
    (path / name).write_text(text, encoding="utf-8")


def smtp_configured() -> bool:
    return (current_app.config.get("MAIL_URL") or "").startswith(("smtp://", "smtps://"))


def transport_send(message: OutboxMessage) -> None:
    text = message_text(message)
    if smtp_configured():
        _smtp_send(current_app.config["MAIL_URL"], message.recipient, text)
    else:
        _file_send(current_app.config["OUTBOX_DIR"], message, text)


# ------------------------------------------------------------------ delivery


def _claim_due(ids: list[int] | None, count: int) -> list[int]:
    """Take the oldest due mails (of `ids`, when given), at most `count`, for this sender,
    atomically, and commit the claim; their ids in queue order (none left: empty). The UPDATE
    checks again that each row is due, so two senders never both take one; on PostgreSQL the
    subquery skips rows another sender is claiming (SQLite has one writer at a time and
    ignores FOR UPDATE). One statement and one commit for a batch, not for every mail: a
    registration rush queues hundreds, and the sender shares the machine with the site."""
    now = now_utc()
    due = (OutboxMessage.status.in_(DUE), OutboxMessage.next_attempt_at <= now)
    oldest = sa.select(OutboxMessage.id).where(*due)
    if ids is not None:
        oldest = oldest.where(OutboxMessage.id.in_(ids))
    # A CTE, not `id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`: PostgreSQL may run
    # such a subquery again for every row it updates, skipping other rows each time, and so
    # claim more than `count`; a CTE with a row lock is evaluated once.
    oldest = (oldest.order_by(OutboxMessage.id).limit(count)
              .with_for_update(skip_locked=True).cte("claim"))
    claimed = db.session.scalars(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(sa.select(oldest.c.id)), *due)
        .values(status=OutboxStatus.SENDING,
                next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def _release(ids: list[int]) -> None:
    """Claimed mails this sender will not send now (its batch took too long): due again at
    once, for any sender."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.PENDING, next_attempt_at=now_utc())
        .execution_options(synchronize_session=False))
    db.session.commit()


def _send_claimed(message_id: int) -> bool:
    """Send one claimed mail; its unit of work (see `deliver`) saves the outcome. An
    unexpected error leaves it claimed: it is tried again after CLAIM_SECONDS."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        transport_send(message)
    except (OSError, smtplib.SMTPException) as error:
        _failed(message, error)
        return False
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = now_utc()
    message.last_error = ""
    return True


def _failed(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    give_up = message.attempts >= current_app.config.get("MAIL_MAX_ATTEMPTS", MAX_ATTEMPTS)
    message.status = OutboxStatus.FAILED if give_up else OutboxStatus.PENDING
    message.next_attempt_at = now_utc() + backoff(message.attempts)
    log.warning("mail %s not delivered (attempt %s): %s", message.id, message.attempts,
                message.last_error)


def deliver(ids: list[int] | None = None, limit: int = 500) -> tuple[int, int]:
    """Deliver due mails (or only `ids`), at most `limit`, claimed CLAIM_BATCH at a time and
    each sent in a unit of work of its own, so one mail that fails never stops the others;
    returns (sent, claimed but not sent). What a batch has not reached after a third of the
    claim's time is given back (`_release`) and claimed again, so no mail is sent near the
    end of its claim, when another sender may take it."""
    if ids is not None and not ids:
        return 0, 0
    db.session.rollback()  # called once work is committed; never commits someone else's
    sent = failed = 0
    with one_connection():
        while sent + failed < limit:
            batch = _claim_due(ids, min(CLAIM_BATCH, limit - sent - failed))
            if not batch:
                break
            claimed_at = time.monotonic()
            for index, message_id in enumerate(batch):
                if time.monotonic() - claimed_at > CLAIM_SECONDS / 3:  # a slow mail server:
                    _release(batch[index:])  # never near the end of the claim
                    break
                if per_item([message_id], _send_claimed) == [True]:
                    sent += 1
                else:
                    failed += 1
    return sent, failed


def deliver_after_commit(ids: list[int]) -> None:
    """What a request does with the mails it queued, once committed. With a mail server
    (MAIL_URL): nothing; the workers were woken (PostgreSQL) or poll, and a hanging server never
    holds a request. Without one (development: `.eml` files in OUTBOX_DIR) the files are written
    at once, through the same `deliver`, so a developer sees the mail without a worker."""
    if (not ids or smtp_configured()
            or not current_app.config.get("MAIL_DELIVER_IMMEDIATELY", True)):
        return
    try:
        deliver(ids)
    except sa.exc.OperationalError:
        db.session.rollback()  # busy or unreachable: the rows wait for the next run
        log.warning("immediate mail delivery postponed", exc_info=True)
