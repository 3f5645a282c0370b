"""Mails go through the outbox: SMTP down never loses a registration nor a mail."""

from datetime import timedelta

import sqlalchemy as sa
import vobject
from icalendar import Calendar

from stem_events.date_time import now_utc
from stem_events.mail.models import OutboxMessage, OutboxStatus
from stem_events.mail.outbox import deliver
from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form


def outbox(db):
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def send_mails(app) -> str:
    result = app.test_cli_runner().invoke(args=["send-mails"])
    assert result.exit_code == 0, result.output
    return result.output


def test_smtp_down_registration_stands_and_the_mail_goes_out_later(
        app, db, client, make_open_event, smtp_server, freeze_now):
    event = make_open_event(title="Codeerclub", capacity=3)
    session = event.sessions[0]
    response = client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    [message] = outbox(db)
    assert message.status == OutboxStatus.PENDING and message.attempts == 0  # only queued

    assert "0 mail(s) verstuurd, 1 nog niet gelukt" in send_mails(app)  # SMTP is down
    [message] = outbox(db)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "refused" in message.last_error.lower() or "connect" in message.last_error.lower()
    assert message.next_attempt_at > now_utc()

    smtp_server.start()
    assert "0 mail(s) verstuurd" in send_mails(app)  # not due yet: backoff
    freeze_now(now_utc() + timedelta(minutes=2))
    assert "1 mail(s) verstuurd" in send_mails(app)
    assert "0 mail(s) verstuurd" in send_mails(app)  # exactly once
    [message] = outbox(db)
    assert message.status == OutboxStatus.SENT and message.attempts == 2

    [mail] = smtp_server.messages
    assert mail["To"] == "jan@example.be" and "Codeerclub" in mail["Subject"]
    assert mail.get_body(("html",)) is not None
    assert "/registrations/" in mail.get_body(("plain",)).get_content()
    [part] = smtp_server.calendars(mail)
    assert part.get_param("method") == "REQUEST"
    data = part.get_payload(decode=True)
    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == session.uid
    # SEQUENCE = the session's plus the owner's counter (1 for a new registration), as the
    # personal feed shows it (CONTRACT.md)
    assert int(vevent["SEQUENCE"]) == session.sequence + 1
    assert vevent.decoded("DTSTART") == session.starts_at
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:jan@example.be" and attendee.params["RSVP"] == "FALSE"
    assert vevent["ORGANIZER"].params["CN"] == event.organisation.name
    assert str(vevent["ORGANIZER"]).startswith("mailto:no-reply@")
    parsed = vobject.readOne(data.decode())  # a second, independent parser agrees
    assert parsed.vevent.uid.value == session.uid
    assert b"\r\n" in data


def test_cancellation_carries_method_cancel(app, db, client, make_open_event, smtp_server):
    smtp_server.start()
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    registration = db.session.scalars(sa.select(Registration)).one()
    from stem_events.registrations.services import cancel

    cancel(event.id, [registration.id])
    assert smtp_server.messages == []  # the requests only queued them
    deliver()
    confirmation, cancellation = smtp_server.messages
    [part] = smtp_server.calendars(cancellation)
    assert part.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == event.sessions[0].uid


def test_development_default_writes_eml_files(app, db, client, make_open_event, tmp_path):
    app.config["OUTBOX_DIR"], previous = str(tmp_path), app.config["OUTBOX_DIR"]
    try:
        event = make_open_event()
        client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    finally:
        app.config["OUTBOX_DIR"] = previous
    [path] = tmp_path.glob("*.eml")
    assert "confirmation" in path.name and "jan@example.be" in path.read_text()


def test_a_mail_that_keeps_failing_is_given_up_with_its_error(
        app, db, client, make_open_event, smtp_server, freeze_now):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    try:
        event = make_open_event()
        client.post(f"/events/{event.id}/register", data=adult_form())
        moment = now_utc()
        for minutes in (0, 2, 5):
            moment = freeze_now(moment + timedelta(minutes=minutes))
            send_mails(app)
    finally:
        app.config.pop("MAIL_MAX_ATTEMPTS")
    [message] = outbox(db)
    assert message.status == OutboxStatus.FAILED and message.attempts == 3


def test_overlapping_senders_deliver_each_mail_once(app, db, client, make_open_event,
                                                    smtp_server, freeze_now):
    event = make_open_event(capacity=10)
    for index in range(5):  # SMTP is down: all five wait in the outbox
        client.post(f"/events/{event.id}/register", data=adult_form(f"p{index}@example.be"))
    send_mails(app)  # … and fail once
    smtp_server.start()
    freeze_now(now_utc() + timedelta(minutes=2))
    import threading

    def run():
        with app.app_context():
            deliver()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m["To"] for m in smtp_server.messages) == [
        f"p{index}@example.be" for index in range(5)]
    assert all(m.status == OutboxStatus.SENT for m in outbox(db))


def test_one_mail_that_fails_does_not_stop_the_others(app, db, client, make_open_event,
                                                      monkeypatch):
    """`flask send-mails` finishes every mail in a unit of work of its own: an unexpected
    error on one (here a broken transport for one address) leaves it for a later run and the
    mails after it still go out."""
    from stem_events.mail import outbox as outbox_module

    monkeypatch.setitem(app.config, "MAIL_DELIVER_IMMEDIATELY", False)
    event = make_open_event(capacity=10)
    for address in ("een@example.be", "twee@example.be", "drie@example.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(address))
    real_send = outbox_module.transport_send

    def send(message):
        if message.recipient == "twee@example.be":
            raise RuntimeError("transport broke")
        real_send(message)

    monkeypatch.setattr(outbox_module, "transport_send", send)
    assert "2 mail(s) verstuurd, 1 nog niet gelukt" in send_mails(app)
    statuses = {m.recipient: m.status for m in outbox(db)}
    assert statuses == {"een@example.be": OutboxStatus.SENT,
                        "twee@example.be": OutboxStatus.SENDING,  # claimed, tried again later
                        "drie@example.be": OutboxStatus.SENT}
