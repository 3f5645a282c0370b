"""Requests only queue mail; `flask worker` delivers it: a hanging mail server never holds a
request, several workers send each mail exactly once, PostgreSQL wakes them with NOTIFY."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.mail import worker
from stem_events.mail.models import OutboxMessage, OutboxStatus
from stem_events.mail.outbox import deliver
from tests.registrations.helpers import adult_form


def statuses(db) -> list[OutboxStatus]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage.status).order_by(OutboxMessage.id)))


@pytest.fixture
def hanging_smtp(app):
    """A mail server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    previous = app.config.get("MAIL_URL")
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{listener.getsockname()[1]}?timeout=1"
    yield listener
    app.config["MAIL_URL"] = previous
    listener.close()


def connections(listener: socket.socket) -> int:
    """How many connections reached the server (accepted now, then closed)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            connection, _address = listener.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def test_a_hanging_mail_server_is_never_contacted_by_a_registration_request(
        app, db, client, make_open_event, hanging_smtp):
    event = make_open_event(capacity=3)
    response = client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    assert response.status_code == 302
    assert connections(hanging_smtp) == 0  # the request never talked to the mail server
    assert statuses(db) == [OutboxStatus.PENDING]

    assert deliver() == (0, 1)  # the sender does reach it, and gives up after its timeout
    assert connections(hanging_smtp) == 1
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.status == OutboxStatus.PENDING and "timed out" in message.last_error


def run_workers(app, count: int, poll: float = 0.2, waiting: list | None = None):
    stop = threading.Event()

    def work(index: int) -> None:
        with app.app_context():
            worker.run(stop, poll=poll, waiting=waiting[index] if waiting else None)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    return stop, threads


def wait_until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_two_workers_deliver_every_mail_exactly_once(app, db, client, make_open_event,
                                                     smtp_server):
    event = make_open_event(capacity=20)
    addresses = [f"ouder{n}@example.be" for n in range(12)]
    for address in addresses:  # queued while the server is down
        assert client.post(f"/events/{event.id}/register",
                           data=adult_form(address)).status_code == 302
    smtp_server.start()
    stop, threads = run_workers(app, 2)
    try:
        assert wait_until(lambda: len(smtp_server.messages) >= len(addresses))
        time.sleep(1)  # a second copy would arrive now
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(addresses)
    assert len({m["Message-ID"] for m in smtp_server.messages}) == len(addresses)
    assert Counter(statuses(db)) == {OutboxStatus.SENT: len(addresses)}


def test_a_rush_of_mails_is_claimed_in_batches(app, db, client, make_open_event, smtp_server,
                                               monkeypatch):
    """A sender claims up to CLAIM_BATCH mails in one statement (one commit), not one each:
    a registration rush queues hundreds while the sender shares the machine with the site."""
    from stem_events.mail import outbox

    event = make_open_event(capacity=30)
    for n in range(outbox.CLAIM_BATCH + 2):
        client.post(f"/events/{event.id}/register", data=adult_form(f"ouder{n}@example.be"))
    smtp_server.start()
    claims = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().startswith("WITH claim AS"):
            claims.append(statement)

    sizes, claim = [], outbox._claim_due
    monkeypatch.setattr(outbox, "_claim_due",
                        lambda ids, count: sizes.append(len(found := claim(ids, count))) or found)
    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert deliver() == (outbox.CLAIM_BATCH + 2, 0)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert len(claims) == 3 and sizes == [outbox.CLAIM_BATCH, 2, 0]  # never more at once
    assert Counter(statuses(db)) == {OutboxStatus.SENT: outbox.CLAIM_BATCH + 2}


def test_a_batch_that_takes_too_long_gives_the_rest_back(app, db, client, make_open_event,
                                                         smtp_server, monkeypatch):
    """A slow mail server: what a sender claimed but did not reach within a third of the
    claim's time is given back (due at once) and claimed again, never sent near the end of a
    claim another sender could then take, never sent twice."""
    from stem_events.mail import outbox

    event = make_open_event(capacity=30)
    for n in range(4):
        client.post(f"/events/{event.id}/register", data=adult_form(f"ouder{n}@example.be"))
    smtp_server.start()
    clock, claimed_at, late = [0.0], {}, []  # each mail takes a quarter of the claim's time
    send, claim = outbox._send_claimed, outbox._claim_due

    def slow_send(message_id):
        if clock[0] - claimed_at[message_id] > outbox.CLAIM_SECONDS / 3:
            late.append(message_id)
        clock[0] += outbox.CLAIM_SECONDS / 4
        return send(message_id)

    def noted_claim(ids, count):
        batch = claim(ids, count)
        claimed_at.update(dict.fromkeys(batch, clock[0]))
        return batch

    monkeypatch.setattr(outbox.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(outbox, "_send_claimed", slow_send)
    monkeypatch.setattr(outbox, "_claim_due", noted_claim)
    assert deliver(limit=4) == (4, 0)
    assert not late
    assert len(set(claimed_at)) == 4 and clock[0] == outbox.CLAIM_SECONDS
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        f"ouder{n}@example.be" for n in range(4))
    assert Counter(statuses(db)) == {OutboxStatus.SENT: 4}


def test_a_mail_queued_in_an_outage_goes_out_once_the_server_is_back(
        app, db, client, make_open_event, smtp_server, freeze_now):
    from datetime import timedelta

    from stem_events.date_time import now_utc

    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    assert deliver() == (0, 1)  # refused: the server is down
    smtp_server.start()
    freeze_now(now_utc() + timedelta(minutes=2))  # the backoff minute has passed
    stop, threads = run_workers(app, 1)
    try:
        assert wait_until(lambda: len(smtp_server.messages) == 1)
    finally:
        stop.set()
        threads[0].join(timeout=30)
    assert smtp_server.messages[0]["To"] == "jan@example.be"
    assert statuses(db) == [OutboxStatus.SENT]


def test_the_worker_wakes_on_notify(app, db, db_kind, client, make_open_event, smtp_server):
    """With a poll of a minute only PostgreSQL's NOTIFY can bring the mail within seconds."""
    if db_kind != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite workers poll")
    smtp_server.start()
    event = make_open_event()
    waiting = [threading.Event()]
    stop, threads = run_workers(app, 1, poll=60, waiting=waiting)
    try:
        assert waiting[0].wait(10)  # it listens, nothing due
        client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
        assert wait_until(lambda: len(smtp_server.messages) == 1, seconds=15)
    finally:
        stop.set()
        threads[0].join(timeout=5)  # told to stop, it does not wait out its minute of LISTEN
    assert not threads[0].is_alive()


def test_a_row_queued_by_any_writer_wakes_the_worker(app, db, db_kind, database_url,
                                                      smtp_server):
    """The outbox's trigger sends the NOTIFY (migration 0041), not the request's code: a
    mail queued by another program on its own connection arrives within seconds too."""
    if db_kind != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite workers poll")
    smtp_server.start()
    waiting = [threading.Event()]
    stop, threads = run_workers(app, 1, poll=60, waiting=waiting)
    engine = sa.create_engine(database_url)
    try:
        assert waiting[0].wait(10)
        payload = {"composer": "text", "message_id": "<script-1@example.be>", "data": {
            "recipient": "script@example.be", "subject": "Van een script", "text": "Hallo",
            "html": "<p>Hallo</p>", "calendar": None}}
        with engine.begin() as connection:
            connection.execute(sa.insert(OutboxMessage.__table__).values(
                kind="notice", recipient="script@example.be", subject="Van een script",
                payload=payload, status=OutboxStatus.PENDING, attempts=0, last_error="",
                next_attempt_at=now_utc(), created_at=now_utc()))
        assert wait_until(lambda: len(smtp_server.messages) == 1, seconds=15)
    finally:
        engine.dispose()
        stop.set()
        threads[0].join(timeout=5)
    assert smtp_server.messages[0]["To"] == "script@example.be"


def test_flask_worker_delivers_and_stops_on_sigterm(app, db, client, make_open_event,
                                                    smtp_server, database_url):
    smtp_server.start()
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    env = {**os.environ, "STEM_EVENTS_ENV": "testing", "DATABASE_URL": database_url,
           "MAIL_URL": smtp_server.url, "FLASK_APP": "wsgi"}
    flask = Path(sys.executable).parent / "flask"
    process = subprocess.Popen([str(flask), "worker", "--poll", "0.2"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_until(lambda: len(smtp_server.messages) == 1, seconds=30)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "mail worker gestopt: 1 mail(s) verstuurd" in output


def test_a_mail_queued_by_the_older_code_is_still_sent_as_it_was(app, db, smtp_server):
    """Rows written before migration 0012 carry the finished message in `raw`."""
    smtp_server.start()
    raw = ("From: a@example.be\nTo: jan@example.be\nSubject: Oud bericht\n"
           "Message-ID: <oud-1@example.be>\n\nNog uit de oude outbox.\n")
    db.session.add(OutboxMessage(kind="notice", recipient="jan@example.be", subject="Oud",
                                 raw=raw))
    db.session.commit()
    assert deliver() == (1, 0)
    [mail] = smtp_server.messages
    assert mail["Message-ID"] == "<oud-1@example.be>" and mail["Subject"] == "Oud bericht"
    assert "Nog uit de oude outbox." in mail.get_content()
