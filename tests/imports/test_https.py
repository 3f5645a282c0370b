"""The real HTTPS path: a local TLS server with a certificate from a throwaway CA (trustme),
trusted through IMPORT_CA_BUNDLE for this test only. We connect to the checked address, and
the name travels as SNI and is checked against the certificate."""

from __future__ import annotations

import http.server
import ssl
import threading

import pytest
import trustme

from stem_events.imports import run
from stem_events.imports.models import RunOutcome
from tests.imports.helpers import feed_bytes


class TLSFeed(http.server.ThreadingHTTPServer):
    body = b""
    server_names: list
    hosts: list


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.hosts.append(self.headers.get("Host"))
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ca():
    return trustme.CA()


@pytest.fixture
def tls_feed(ca):
    """`tls_feed(name)` → the https URL of a feed served with a certificate for `name`."""
    servers = []

    def start(certificate_name: str = "localhost") -> TLSFeed:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert(certificate_name).configure_cert(context)
        server = TLSFeed(("127.0.0.1", 0), Handler)
        server.body, server.server_names, server.hosts = feed_bytes("google.ics"), [], []
        context.sni_callback = lambda sock, name, ctx: server.server_names.append(name)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def trust_ca(app, ca, tmp_path, monkeypatch):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setitem(app.config, "IMPORT_CA_BUNDLE", str(bundle))


def url(server: TLSFeed, scheme: str = "https") -> str:
    return f"{scheme}://localhost:{server.server_address[1]}/agenda.ics"


@pytest.mark.parametrize("scheme", ["https", "webcal"])
def test_a_feed_over_https_is_fetched_with_the_name_as_sni(db, now, make_source, tls_feed,
                                                            trust_ca, scheme):
    server = tls_feed("localhost")
    source = make_source(url(server, scheme))  # webcal:// is fetched as https://

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.OK, result.error
    assert result.created == 3
    assert server.server_names == ["localhost"]  # SNI, although we connected to 127.0.0.1
    assert server.hosts == [f"localhost:{server.server_address[1]}"]


def test_a_certificate_we_do_not_trust_is_refused_in_dutch(db, now, make_source, tls_feed):
    server = tls_feed("localhost")  # IMPORT_CA_BUNDLE unset: only the public CAs count
    source = make_source(url(server))

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.FAILED
    assert "certificaat van localhost is niet geldig" in result.error


def test_a_certificate_for_another_name_is_refused(db, now, make_source, tls_feed, trust_ca):
    server = tls_feed("agenda.example")  # trusted CA, but not this host's name
    source = make_source(url(server))

    result = run.run_source(source.id)

    assert result.outcome == RunOutcome.FAILED
    assert "certificaat" in result.error
