"""Absolute links (mails, feeds, subscribe links) in development follow the served host and
port unless BASE_URL is set; with BASE_URL (always in production) they never follow the Host
header (issue 16, item 5)."""

import pytest

import config
from tests.registrations.helpers import adult_form

SERVED = "http://127.0.0.1:8000"


def test_development_without_base_url_follows_the_request(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8000")
    development = config.DevelopmentConfig()
    assert development.BASE_URL_FOLLOWS_REQUEST
    assert development.BASE_URL == SERVED  # outside a request (CLI), the served port too
    monkeypatch.setenv("BASE_URL", "https://stem.example.be")
    assert not config.DevelopmentConfig().BASE_URL_FOLLOWS_REQUEST
    assert not config.Config.BASE_URL_FOLLOWS_REQUEST  # production inherits "never"


@pytest.fixture
def follow_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL_FOLLOWS_REQUEST", True)


def _mail_text(app) -> str:
    """The plain text of every queued mail (the outbox table: whatever delivery does)."""
    import email
    import email.policy

    import sqlalchemy as sa

    from stem_events.extensions import db
    from stem_events.mail.models import OutboxMessage
    from stem_events.mail.outbox import message_text

    messages = [email.message_from_string(message_text(row), policy=email.policy.default)
                for row in db.session.scalars(sa.select(OutboxMessage))]
    return "".join(m.get_body(("plain",)).get_content() for m in messages)


def test_development_links_point_at_the_served_port(app, client, follow_request, make_event):
    from stem_events.events.models import RegistrationMode

    event = make_event(title="Codeerclub", registration_mode=RegistrationMode.SERIES,
                       capacity=5)
    page = client.get(f"/events/{event.id}-{event.slug}", base_url=SERVED)
    assert f"webcal://127.0.0.1:8000/events/{event.id}.ics" in page.text
    assert "127.0.0.1:5000" not in page.text and "http://localhost/" not in page.text
    feed = client.get(f"/events/{event.id}.ics", base_url=SERVED)
    assert f"URL:{SERVED}/events/{event.id}" in feed.text
    client.post(f"/events/{event.id}/register", data=adult_form(), base_url=SERVED)
    mail = _mail_text(app)
    assert f"{SERVED}/feeds/" in mail and f"{SERVED}/registrations/" in mail
    assert "http://localhost/" not in mail


def test_a_set_base_url_never_follows_the_host_header(app, client, make_event):
    from stem_events.events.models import RegistrationMode

    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=5)
    page = client.get(f"/events/{event.id}-{event.slug}", base_url="http://evil.example:8000")
    assert f"webcal://localhost/events/{event.id}.ics" in page.text
    assert "webcal://evil.example" not in page.text
    client.post(f"/events/{event.id}/register", data=adult_form(),
                base_url="http://evil.example:8000")
    mail = _mail_text(app)
    assert "http://localhost/feeds/" in mail and "evil.example" not in mail


def test_fixed_links_follow_the_script_root_and_host(app, client, monkeypatch, make_event):
    """Links without values (`App.url_for` keeps them per script root and host): the app
    served under another root or host never shows the links built for the first one."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_ENABLED", False)
    make_event()
    embed = '&lt;iframe src="{}/embed/agenda"'
    for _ in range(2):
        page = client.get("/agenda").text
        assert 'href="/static/css/app.css"' in page and 'href="/privacy"' in page
        assert embed.format("http://localhost") in page
        under = client.get("/agenda", base_url="https://other.example/sub").text
        assert 'href="/sub/static/css/app.css"' in under and 'href="/sub/privacy"' in under
        assert 'href="/static/' not in under and 'href="/privacy"' not in under
        assert embed.format("https://other.example/sub") in under
    monkeypatch.setitem(app.config, "EXTERNAL_URLS_FROM_BASE_URL", True)
    under = client.get("/agenda", base_url="https://other.example/sub").text
    assert embed.format("http://localhost/sub") in under  # BASE_URL, with the served root


def test_a_page_served_on_two_hosts_links_to_each_its_own(client, follow_request, make_event):
    """In development the links follow the host: the page cache keeps a page per base URL, so
    `localhost` and `127.0.0.1` (or two ports) each get their own subscribe links."""
    event = make_event(title="Codeerclub")
    other = "http://localhost:8001"
    for path in ("/agenda", "/agenda?kind=workshop", f"/events/{event.id}-{event.slug}",
                 "/api/v1/events"):
        first = client.get(path, base_url=SERVED)
        second = client.get(path, base_url=other)
        assert first.status_code == second.status_code == 200, path
        assert "127.0.0.1:8000" in first.text, path
        assert "localhost:8001" in second.text and "127.0.0.1:8000" not in second.text, path
