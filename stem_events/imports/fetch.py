"""Fetching a feed safely: conditional GET, a timeout, a size limit while streaming, at most
three redirects checked one by one, http(s) only (webcal is https), and no private, loopback
or link-local addresses (SSRF) unless the host is in IMPORT_ALLOWED_HOSTS. Every hop connects
to the very address that was checked (the host name only travels as Host header and TLS SNI),
so a DNS answer that changes between check and connect cannot reach an internal service."""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import httpx
from flask_babel import gettext as _

from stem_events.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 15.0
USER_AGENT = "stem-events-import/1.0 (+https://github.com/stem-events)"
REDIRECTS = (301, 302, 303, 307, 308)


class FetchFailed(DomainError):
    """The feed could not be fetched; the message says why, in Dutch."""

    status = 400
    code = "fetch_failed"


@dataclass
class Fetched:
    not_modified: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def normalise_url(url: str) -> str:
    """webcal(s):// is https://; anything but http(s) is refused."""
    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("webcal", "webcals"):
        url = "https" + url[len(scheme):]
        scheme = "https"
    if scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise FetchFailed(_("Gebruik een adres dat begint met https://, http:// of webcal://."))
    return url


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)


def checked_address(host: str, port: int, allowed_hosts: tuple[str, ...]) -> str:
    """The address to connect to: every address the name resolves to must be public, unless
    the host is explicitly allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(_("De server %(host)s bestaat niet (DNS).", host=host)) from None
    addresses = [info[4][0] for info in infos]
    if host.lower() not in allowed_hosts and not all(_public(a) for a in addresses):
        raise FetchFailed(_("Het adres %(host)s verwijst naar een intern netwerk en wordt niet "
                            "opgehaald.", host=host))
    return addresses[0]


def _pinned(url: str, address: str) -> tuple[httpx.URL, dict, dict]:
    """The URL with the checked address as host, plus the Host header and the TLS name."""
    parts = urlsplit(url)
    target = httpx.URL(url).copy_with(host=address)
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return target, {"Host": host_header}, extensions


def _read(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed(_too_big(max_bytes))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed(_too_big(max_bytes))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(max_bytes: int) -> str:
    return _("De feed is groter dan %(mb)s MB en wordt niet ingelezen.",
             mb=max_bytes // (1024 * 1024))


def _status_message(status: int) -> str:
    if status == 404:
        return _("De bron antwoordde 'niet gevonden' (HTTP 404). Klopt het adres nog?")
    if status in (401, 403):
        return _("De bron weigert de toegang (HTTP %(status)s). Is de agenda openbaar?",
                 status=status)
    return _("De bron antwoordde met een fout (HTTP %(status)s).", status=status)


def _conditional_headers(etag: str, last_modified: str) -> dict:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def settings(config) -> dict:
    """The app's settings for `fetch` (IMPORT_ALLOWED_HOSTS, IMPORT_CA_BUNDLE)."""
    return {"allowed_hosts": tuple(config.get("IMPORT_ALLOWED_HOSTS", ())),
            "ca_bundle": config.get("IMPORT_CA_BUNDLE", "")}


@functools.lru_cache(maxsize=4)
def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """Certificates are verified against `ca_bundle` (IMPORT_CA_BUNDLE: an intranet's own CA,
    or a test's) or else the public CAs of certifi. Built once: loading the CA file costs more
    than fetching a small feed."""
    return ssl.create_default_context(cafile=ca_bundle or certifi.where())


def fetch(url: str, etag: str = "", last_modified: str = "", *,
          allowed_hosts: tuple[str, ...] = (), timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_BYTES, ca_bundle: str = "") -> Fetched:
    """GET the feed (FetchFailed with a Dutch reason when that does not work)."""
    deadline = time.monotonic() + timeout
    headers = _conditional_headers(etag, last_modified)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                          verify=tls_context(ca_bundle)) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                url = normalise_url(url)
                parts = urlsplit(url)
                port = parts.port or (443 if parts.scheme == "https" else 80)
                address = checked_address(parts.hostname, port, allowed_hosts)
                target, host, extensions = _pinned(url, address)
                with client.stream("GET", target, headers={**headers, **host},
                                   extensions=extensions) as response:
                    if response.status_code in REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _answer(response, max_bytes, deadline)
    except httpx.TimeoutException:
        raise FetchFailed(_("De bron antwoordde niet binnen %(seconds)s seconden.",
                            seconds=int(timeout))) from None
    except httpx.HTTPError as error:
        if _certificate_refused(error):
            raise FetchFailed(_("Het certificaat van %(host)s is niet geldig (verlopen, "
                                "zelfondertekend of voor een andere naam); zo halen we de "
                                "feed niet op.", host=urlsplit(url).hostname)) from None
        raise FetchFailed(_("De bron is niet bereikbaar (%(error)s).",
                            error=type(error).__name__)) from None
    raise FetchFailed(_("De bron verwijst meer dan %(n)s keer door; zo halen we ze niet op.",
                        n=MAX_REDIRECTS))


def _certificate_refused(error: BaseException) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, ssl.SSLCertVerificationError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _answer(response: httpx.Response, max_bytes: int, deadline: float) -> Fetched:
    if response.status_code == 304:
        return Fetched(not_modified=True)
    if response.status_code != 200:
        raise FetchFailed(_status_message(response.status_code))
    body = _read(response, max_bytes, deadline)
    return Fetched(not_modified=False, body=body, etag=response.headers.get("etag", ""),
                   last_modified=response.headers.get("last-modified", ""))
