"""Helpers for registration tests: form data, and workers that run in separate processes."""

from __future__ import annotations

from datetime import timedelta

from stem_events.date_time import now_utc


def adult_form(email="an@example.be", name="An Peeters", **extra) -> dict:
    return {"who": "self", "contact_name": name, "contact_email": email, **extra}


def children_form(email="ouder@example.be", children=(), consent=True, **extra) -> dict:
    data = {"who": "children", "contact_name": "Sara Ouder", "contact_email": email, **extra}
    for index, (first, last, born) in enumerate(children):
        data[f"children-{index}-first_name"] = first
        data[f"children-{index}-last_name"] = last
        data[f"children-{index}-birth_date"] = born
    if consent:
        data["guardian_consent"] = "y"
    return data


def group_form(email="juf@school.be", school="Sint-Jozefsschool", klas="5A", pupils=24,
               adults=2, phone="0470 12 34 56", **extra) -> dict:
    """A teacher booking a class (who=group)."""
    return {"who": "group", "contact_name": "Juf Ilse", "contact_email": email,
            "contact_phone": phone, "school_name": school, "class_name": klas,
            "pupils": str(pupils), "adults": str(adults), **extra}


def in_days(days: int):
    start = now_utc().replace(microsecond=0) + timedelta(days=days)
    return [(start, start + timedelta(hours=2))]


def app_for(url: str, outbox_dir: str, **settings):
    """A fresh app on the test database, as another server process would create it."""
    from config import TestingConfig
    from stem_events import create_app

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.OUTBOX_DIR = outbox_dir
    for key, value in settings.items():
        setattr(config, key, value)
    return create_app(config)


def register_worker(url, outbox_dir, event_id, emails, settings, barrier, results):
    """One server process: waits for the others, then posts one form per e-mail address."""
    app = app_for(url, outbox_dir, **settings)
    client = app.test_client()
    with app.app_context():
        client.get(f"/events/{event_id}/register")  # warm up: templates, connections
    barrier.wait(timeout=60)
    outcome = []
    for email in emails:
        with app.app_context():
            response = client.post(f"/events/{event_id}/register", data=adult_form(email))
        outcome.append((email, response.status_code, response.get_data(as_text=True)))
    results.put(outcome)


def mixed_worker(url, outbox_dir, event_id, forms, settings, barrier, results):
    """One server process posting prepared forms (groups and individuals), all at once."""
    app = app_for(url, outbox_dir, **settings)
    client = app.test_client()
    with app.app_context():
        client.get(f"/events/{event_id}/register")
    barrier.wait(timeout=60)
    outcome = []
    for form in forms:
        with app.app_context():
            response = client.post(f"/events/{event_id}/register", data=form)
        outcome.append((form["contact_email"], response.status_code,
                        response.get_data(as_text=True)))
    results.put(outcome)


def cancel_worker(url, outbox_dir, links, settings, barrier, results):
    """One server process that cancels registrations through their signed links."""
    app = app_for(url, outbox_dir, **settings)
    client = app.test_client()
    barrier.wait(timeout=60)
    outcome = []
    for link in links:
        with app.app_context():
            response = client.post(f"{link}/cancel")
        outcome.append((link, response.status_code, response.get_data(as_text=True)))
    results.put(outcome)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server on loopback (aiosmtpd) that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list = []
        self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=3"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        import email
        import email.policy

        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def calendars(self, message) -> list:
        return [part for part in message.walk() if part.get_content_type() == "text/calendar"]
