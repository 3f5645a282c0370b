"""Fetching: conditional GET, size limit while streaming, timeout, at most three redirects,
http(s) and webcal only, no private addresses at any hop, connecting to the checked address."""

from __future__ import annotations

import socket
import time

import pytest
from werkzeug import Response

from stem_events.imports import run
from stem_events.imports.fetch import FetchFailed, fetch, normalise_url
from stem_events.imports.models import RunOutcome
from tests.imports.helpers import feed_bytes

LOCAL = ("localhost", "127.0.0.1")


def test_an_unchanged_feed_costs_one_conditional_request(db, now, httpserver, make_source):
    body = feed_bytes("nextcloud.ics")
    httpserver.expect_request("/agenda.ics").respond_with_data(
        body, content_type="text/calendar", headers={"ETag": '"v1"'})
    source = make_source(httpserver.url_for("/agenda.ics"))
    assert run.run_source(source.id).outcome == RunOutcome.OK
    httpserver.clear()
    httpserver.expect_oneshot_request(
        "/agenda.ics", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.NOT_MODIFIED
    assert len(httpserver.log) == 1
    httpserver.check_assertions()


def test_webcal_is_fetched_as_https_and_other_schemes_are_refused():
    assert normalise_url("webcal://agenda.example/a.ics") == "https://agenda.example/a.ics"
    for url in ("ftp://agenda.example/a.ics", "file:///etc/passwd", "javascript:alert(1)",
                "agenda.example/a.ics"):
        with pytest.raises(FetchFailed):
            normalise_url(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/agenda.ics", "http://10.1.2.3/agenda.ics", "http://192.168.0.10/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/agenda.ics",
    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://localhost/agenda.ics"])
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(FetchFailed, match="intern netwerk"):
        fetch(url)


def test_a_redirect_to_a_private_address_is_refused(httpserver):
    httpserver.expect_request("/agenda.ics").respond_with_data(
        "", status=302, headers={"Location": "http://10.0.0.7/agenda.ics"})
    with pytest.raises(FetchFailed, match="intern netwerk"):
        fetch(httpserver.url_for("/agenda.ics"), allowed_hosts=LOCAL)


def test_the_connection_goes_to_the_checked_address(httpserver, monkeypatch):
    """The name is resolved once, by the check; the request carries it as Host header."""
    real = socket.getaddrinfo
    asked = []

    def resolve(host, *args, **kwargs):
        asked.append(host)
        return real("127.0.0.1" if host == "feeds.academie.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    httpserver.expect_request("/a.ics").respond_with_data(feed_bytes("nextcloud.ics"))
    url = f"http://feeds.academie.test:{httpserver.port}/a.ics"

    assert fetch(url, allowed_hosts=("feeds.academie.test",)).body.startswith(b"BEGIN")
    assert asked.count("feeds.academie.test") == 1  # then only the checked address itself
    assert set(asked) == {"feeds.academie.test", "127.0.0.1"}
    assert httpserver.log[0][0].headers["Host"] == f"feeds.academie.test:{httpserver.port}"


def test_at_most_three_redirects(httpserver):
    for hop in range(5):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=301, headers={"Location": f"/r{hop + 1}"})
    with pytest.raises(FetchFailed, match="meer dan 3 keer"):
        fetch(httpserver.url_for("/r0"), allowed_hosts=LOCAL)
    httpserver.clear()
    httpserver.expect_request("/r0").respond_with_data("", status=302, headers={"Location": "/r0"})
    with pytest.raises(FetchFailed, match="meer dan 3 keer"):
        fetch(httpserver.url_for("/r0"), allowed_hosts=LOCAL)


def test_three_redirects_are_followed(httpserver):
    for hop in range(3):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=307, headers={"Location": f"/r{hop + 1}"})
    httpserver.expect_request("/r3").respond_with_data(feed_bytes("nextcloud.ics"))
    assert b"Codeclub" in fetch(httpserver.url_for("/r0"), allowed_hosts=LOCAL).body


def test_a_50_mb_feed_is_refused_while_streaming(httpserver):
    sent = []

    def chunks():
        for _ in range(50):
            sent.append(1)
            yield b"X" * (1024 * 1024)

    httpserver.expect_request("/big.ics").respond_with_handler(
        lambda request: Response(chunks(), content_type="text/calendar"))
    with pytest.raises(FetchFailed, match="groter dan 10 MB"):
        fetch(httpserver.url_for("/big.ics"), allowed_hosts=LOCAL)
    assert len(sent) < 50  # stopped reading; never held 50 MB


def test_a_slow_server_times_out(httpserver):
    def slow(request):
        time.sleep(2)
        return Response(b"BEGIN:VCALENDAR")

    httpserver.expect_request("/slow.ics").respond_with_handler(slow)
    with pytest.raises(FetchFailed, match="niet binnen 1 seconden"):
        fetch(httpserver.url_for("/slow.ics"), allowed_hosts=LOCAL, timeout=1)


@pytest.mark.parametrize("status, words", [(404, "niet gevonden"), (500, "HTTP 500"),
                                           (403, "weigert de toegang")])
def test_error_answers_have_a_dutch_reason(httpserver, status, words):
    httpserver.expect_request("/a.ics").respond_with_data("nope", status=status)
    with pytest.raises(FetchFailed, match=words):
        fetch(httpserver.url_for("/a.ics"), allowed_hosts=LOCAL)


def test_three_failures_in_a_row_mail_the_organisation(db, now, serve, make_source, app,
                                                       tmp_path):
    from stem_events.mail.models import OutboxMessage

    source = make_source(serve(b"", status=404))
    for _ in range(3):
        assert run.run_source(source.id).outcome == RunOutcome.FAILED
    source = db.session.get(type(source), source.id)
    assert source.failures == 3 and "niet gevonden" in source.last_error
    assert source.next_run_at > now  # backoff
    mails = db.session.scalars(db.select(OutboxMessage)).all()
    assert len(mails) == 1 and "org@academie.be" in mails[0].recipient
