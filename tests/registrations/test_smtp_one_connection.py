"""The sender greets the mail server once per round, not once per mail (a launch rush queues
hundreds of mails); a connection the server closed meanwhile is opened again, and no mail is
lost or sent twice."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage, OutboxStatus
from stem_events.mail.outbox import SmtpConnection, deliver
from tests.registrations.helpers import SmtpServer, adult_form


class CountingServer(SmtpServer):
    """Remembers the connection (aiosmtpd's session) each mail came over."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.sessions.append(session)  # kept: distinct objects are distinct connections
        return await super().handle_DATA(server, session, envelope)

    def connections(self) -> int:
        return len({id(session) for session in self.sessions})


def test_one_round_sends_its_mails_over_one_connection(app, db, client, make_open_event):
    server = CountingServer().start()
    previous, app.config["MAIL_URL"] = app.config.get("MAIL_URL"), server.url
    try:
        event = make_open_event(capacity=2)
        addresses = [f"ouder{n}@example.be" for n in range(4)]  # two seats, two waiting
        for address in addresses:
            assert client.post(f"/events/{event.id}/register",
                               data=adult_form(address)).status_code == 302
        assert deliver() == (4, 0)
    finally:
        app.config["MAIL_URL"] = previous
        server.stop()
    assert sorted(m["To"] for m in server.messages) == sorted(addresses)
    assert server.connections() == 1
    assert set(db.session.scalars(sa.select(OutboxMessage.status))) == {OutboxStatus.SENT}


def test_a_connection_the_server_closed_is_opened_again():
    server = CountingServer().start()
    connection = SmtpConnection(server.url)
    try:
        connection.send("een@example.be", b"Subject: 1\r\n\r\neen\r\n")
        server.stop()  # the server goes away (a restart, an idle timeout) and comes back
        server.start()
        connection.send("twee@example.be", b"Subject: 2\r\n\r\ntwee\r\n")
    finally:
        connection.close()
        server.stop()
    assert [m["Subject"] for m in server.messages] == ["1", "2"]
    assert server.connections() == 2


def test_the_worker_keeps_its_connection_from_one_round_to_the_next(
        app, db, client, make_open_event):
    """A rush wakes `flask worker` for every registration: a round of one mail each."""
    import threading
    import time

    from stem_events.mail import worker

    server = CountingServer().start()
    previous, app.config["MAIL_URL"] = app.config.get("MAIL_URL"), server.url
    stop = threading.Event()

    def work() -> None:
        with app.app_context():
            worker.run(stop, poll=0.1)

    thread = threading.Thread(target=work)
    thread.start()
    try:
        event = make_open_event(capacity=5)
        for number in range(3):
            client.post(f"/events/{event.id}/register", data=adult_form(f"o{number}@example.be"))
            deadline = time.monotonic() + 20
            while len(server.messages) <= number and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=30)
        app.config["MAIL_URL"] = previous
        server.stop()
    assert sorted(m["To"] for m in server.messages) == [f"o{n}@example.be" for n in range(3)]
    assert server.connections() == 1
