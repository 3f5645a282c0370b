"""Behind the TLS proxy of the README: limits count real clients, links never come from a
forwarded host, HSTS follows the real scheme."""

from __future__ import annotations

import pytest

import config as app_config
from stem_events.events.models import RegistrationMode
from stem_events.extensions import limiter
from tests.registrations.helpers import adult_form

PROXY = "10.0.0.2"  # the nginx in front of the app: every TCP connection comes from it



@pytest.fixture
def limited(app, another_app):
    """An app behind one trusted proxy, with rate limits on (in memory)."""
    proxied = another_app(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI="memory://")
    yield proxied
    limiter.reset()
    limiter.init_app(app)  # the limiter is one object: the suite's setting again


def _register(client, event, email, forwarded_for):
    return client.post(f"/events/{event.id}/register", data=adult_form(email),
                       environ_base={"REMOTE_ADDR": PROXY},
                       headers={"X-Forwarded-For": forwarded_for})


def test_thirty_parents_behind_the_proxy_all_register(limited, make_event):
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=100)
    client = limited.test_client()
    statuses = [_register(client, event, f"ouder{n}@example.be", f"81.82.{n}.7").status_code
                for n in range(30)]
    assert statuses == [302] * 30  # before: 10 registered, 20 got 429 (the proxy's budget)


def test_a_forged_forwarded_for_does_not_escape_the_limit(limited, make_event):
    """Only the hop the proxy appended is trusted: a client rotating the first value of
    X-Forwarded-For is still one client."""
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=100)
    client = limited.test_client()
    statuses = [_register(client, event, f"bot{n}@example.be", f"1.2.3.{n}, 81.82.1.1")
                .status_code for n in range(32)]
    assert statuses[:30] == [302] * 30 and statuses[30:] == [429, 429]


def test_without_trusted_proxies_forwarded_headers_are_ignored(another_app, app, make_event):
    direct = another_app(TRUSTED_PROXIES=0, RATELIMIT_ENABLED=True,
                  RATELIMIT_STORAGE_URI="memory://")
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=100)
    try:
        client = direct.test_client()
        statuses = [_register(client, event, f"bot{n}@example.be", f"81.82.{n}.7").status_code
                    for n in range(31)]
    finally:
        limiter.reset()
        limiter.init_app(app)
    assert statuses[30] == 429  # one TCP peer, whatever it claims


def test_scheme_and_hsts_follow_the_proxy(another_app, app):
    proxied = another_app(TRUSTED_PROXIES=1)
    response = proxied.test_client().get("/healthz", environ_base={"REMOTE_ADDR": PROXY},
                                         headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = proxied.test_client().get("/healthz")
    assert "Strict-Transport-Security" not in plain.headers


def test_links_come_from_base_url_not_from_a_forwarded_host(another_app, app, make_event):
    """Production builds every absolute link from BASE_URL: a forged Host or
    X-Forwarded-Host never reaches a page, the API or a feed."""
    event = make_event(title="Robotica")
    proxied = another_app(TRUSTED_PROXIES=1, BASE_URL="https://stem-agenda.example",
                   EXTERNAL_URLS_FROM_BASE_URL=True)
    client = proxied.test_client()
    headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    environ = {"REMOTE_ADDR": PROXY}
    api = client.get(f"/api/v1/events/{event.id}", headers=headers, environ_base=environ)
    assert api.json["url"].startswith("https://stem-agenda.example/events/")
    page = client.get(f"/events/{event.id}", headers=headers, environ_base=environ)
    assert "evil.example" not in page.get_data(as_text=True)
    feed = client.get("/agenda.ics", headers=headers, environ_base=environ)
    assert b"evil.example" not in feed.data and b"stem-agenda.example" in feed.data
    sitemap = client.get("/sitemap.xml", headers={"Host": "evil.example"})
    assert b"evil.example" not in sitemap.data


@pytest.mark.parametrize("value", ["twee", "-1", "1.5", "99"])
def test_a_bad_trusted_proxies_setting_is_explained(monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(app_config.ConfigError, match="TRUSTED_PROXIES"):
        app_config.TestingConfig()
