"""The one way to talk to UiTdatabank (publiq): its token server, Entry API and Search API.

Client-credentials tokens (OAuth2, `audience` https://api.publiq.be, valid 86,400 s) are cached
per process and renewed a few minutes before they expire or when an API answers 401 (once per
request: a second 401 is an error, never a loop). Every call has timeouts; a timeout, a broken
connection, 429 or a 5xx is retried with exponential backoff (429's `Retry-After` is honoured,
capped). The log says method, API, path, status and duration: never a token, the secret, a
query string or a body.

Errors are `UitdatabankError` with a Dutch `message` for the event's page and `retry` (True:
the job waits and tries again; False: only a change on our side can help).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from flask_babel import gettext as _

from stem_events.errors import DomainError

log = logging.getLogger(__name__)

AUDIENCE = "https://api.publiq.be"
RETRIES = 3  # after the first attempt
MAX_WAIT = 30.0  # seconds: the longest pause between attempts (429's Retry-After included)
RENEW_BEFORE = 300.0  # seconds: clock skew; a token is renewed this long before it expires
SETTINGS = ("UITDATABANK_ENTRY_URL", "UITDATABANK_SEARCH_URL", "UITDATABANK_TOKEN_URL",
            "UITDATABANK_CLIENT_ID", "UITDATABANK_CLIENT_SECRET")


class UitdatabankError(DomainError):
    """UiTdatabank did not do what we asked."""

    status = 502
    code = "uitdatabank"

    def __init__(self, message: str, *, retry: bool, http_status: int | None = None):
        super().__init__(message)
        self.retry = retry
        self.http_status = http_status


class TokenError(UitdatabankError):
    """No token: nothing was sent yet, so any request may be retried."""


class NotFoundThere(UitdatabankError):
    """404: the event, place or organizer does not exist (any more) in UiTdatabank."""


@dataclass(frozen=True)
class Settings:
    entry_url: str
    search_url: str
    token_url: str
    client_id: str
    client_secret: str
    timeout: float = 15.0
    retry_base: float = 0.5  # seconds before the first retry; doubled each time

    def __repr__(self) -> str:  # never print the secret, not even in a traceback
        return f"Settings(entry_url={self.entry_url!r}, client_id={self.client_id!r})"

    @classmethod
    def from_config(cls, config) -> Settings | None:
        """None when the exchange is off (a setting is missing)."""
        values = [str(config.get(name) or "").strip() for name in SETTINGS]
        if not all(values):
            return None
        entry, search, token, client_id, secret = values
        return cls(entry.rstrip("/"), search.rstrip("/"), token, client_id, secret,
                   timeout=float(config.get("UITDATABANK_TIMEOUT_SECONDS") or 15.0),
                   retry_base=float(config.get("UITDATABANK_RETRY_SECONDS", 0.5)))


# Tokens by (token URL, client id): (token, monotonic moment to renew it)
_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_token_lock = threading.Lock()


def forget_tokens() -> None:
    with _token_lock:
        _tokens.clear()


class Client:
    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._http = httpx.Client(
            timeout=httpx.Timeout(settings.timeout, connect=min(5.0, settings.timeout)),
            transport=transport, follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "stem-events/uitdatabank"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the verbs -------------------------------------------------------------------------

    def get(self, api: str, path: str, params: dict | None = None) -> dict:
        return self.request("GET", api, path, params=params)

    def post(self, api: str, path: str, body: dict) -> dict:
        return self.request("POST", api, path, body=body)

    def put(self, api: str, path: str, body: dict) -> dict | None:
        return self.request("PUT", api, path, body=body, need_json=False)

    def delete(self, api: str, path: str) -> None:
        self.request("DELETE", api, path, need_json=False)

    def upload(self, path: str, fields: dict, file: tuple[str, bytes, str]) -> dict:
        """A multipart/form-data POST to the Entry API: text `fields` and one `file`
        (name, bytes, content type), as POST /images asks."""
        return self.request("POST", "entry", path, form=(fields, file))

    def url(self, api: str, path: str) -> str:
        """`api`: "entry" or "search"; `path` may already be an absolute URL of that API
        (an `@id`)."""
        if path.startswith(("https://", "http://")):
            return path
        base = self.settings.entry_url if api == "entry" else self.settings.search_url
        return base + path

    def request(self, method: str, api: str, path: str, *, body: dict | None = None,
                params: dict | None = None, need_json: bool = True, form=None):
        url = self.url(api, path)
        renewed = False
        attempt = 0
        while True:
            wait = None
            try:
                token = self._token()
                response = self._send(method, url, api, token, body, params, form)
            except UitdatabankError as error:
                failure = error
                if method == "POST" and not error.http_status and not isinstance(
                        error, TokenError):
                    # The POST may have been carried out: never repeat it blindly. The job
                    # retries later and first looks for what it may have created.
                    raise
            else:
                if response.status_code == 401 and not renewed:
                    self._drop_token(token)
                    renewed = True
                    continue
                if response.status_code == 429 or response.status_code >= 500:
                    failure = _server_trouble(response)
                    wait = _retry_after(response)
                else:
                    return _answer(response, need_json)
            if not failure.retry or attempt >= RETRIES:
                raise failure
            self._sleep(min(MAX_WAIT, wait if wait is not None
                            else self.settings.retry_base * 2 ** attempt))
            attempt += 1

    # --- internals -------------------------------------------------------------------------

    def _send(self, method: str, url: str, api: str, token: str, body, params,
              form=None) -> httpx.Response:
        started = time.perf_counter()
        extra = {"json": body} if form is None else {"data": form[0], "files": {"file": form[1]}}
        try:
            response = self._http.request(method, url, params=params, **extra,
                                          headers={"Authorization": f"Bearer {token}"})
        except httpx.TimeoutException:
            self._log(method, api, url, "timeout", started)
            raise UitdatabankError(_("UiTdatabank antwoordde niet op tijd; we proberen het "
                                     "later opnieuw."), retry=True) from None
        except httpx.TransportError:
            self._log(method, api, url, "unreachable", started)
            raise UitdatabankError(_("UiTdatabank is niet bereikbaar; we proberen het later "
                                     "opnieuw."), retry=True) from None
        self._log(method, api, url, response.status_code, started)
        return response

    def _log(self, method: str, api: str, url: str, status, started: float) -> None:
        path = httpx.URL(url).path  # no query string: it may hold names
        log.info("uitdatabank %s %s %s -> %s in %.0f ms", method, api, path, status,
                 (time.perf_counter() - started) * 1000)

    def _key(self) -> tuple[str, str]:
        return (self.settings.token_url, self.settings.client_id)

    def _token(self) -> str:
        with _token_lock:
            cached = _tokens.get(self._key())
        if cached and cached[1] > self._clock():
            return cached[0]
        token, lifetime = self._new_token()
        renew_at = self._clock() + max(0.0, lifetime - min(RENEW_BEFORE, lifetime / 10))
        with _token_lock:
            _tokens[self._key()] = (token, renew_at)
        return token

    def _drop_token(self, token: str) -> None:
        with _token_lock:
            if _tokens.get(self._key(), ("",))[0] == token:
                _tokens.pop(self._key(), None)

    def _new_token(self) -> tuple[str, float]:
        s = self.settings
        started = time.perf_counter()
        body = {"client_id": s.client_id, "client_secret": s.client_secret,
                "audience": AUDIENCE, "grant_type": "client_credentials"}
        down = _("Aanmelden bij UiTdatabank lukte niet (de tokenserver is niet bereikbaar); "
                 "we proberen het later opnieuw.")
        try:
            response = self._http.post(s.token_url, json=body)
        except httpx.HTTPError:
            self._log("POST", "token", s.token_url, "unreachable", started)
            raise TokenError(down, retry=True) from None
        self._log("POST", "token", s.token_url, response.status_code, started)
        if response.status_code in (400, 401, 403):
            raise TokenError(_("De tokenserver van UiTdatabank aanvaardt onze client-id "
                                     "of secret niet; controleer UITDATABANK_CLIENT_ID en "
                                     "UITDATABANK_CLIENT_SECRET."), retry=True,
                                   http_status=response.status_code)
        if response.status_code != 200:
            raise TokenError(down, retry=True, http_status=response.status_code)
        try:
            data = response.json()
            return str(data["access_token"]), float(data.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError):
            raise TokenError(_("De tokenserver van UiTdatabank gaf een onleesbaar "
                                     "antwoord; we proberen het later opnieuw."),
                                   retry=True) from None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _server_trouble(response: httpx.Response) -> UitdatabankError:
    if response.status_code == 429:
        return UitdatabankError(_("UiTdatabank vraagt ons trager te gaan (te veel verzoeken); "
                                  "we proberen het later opnieuw."), retry=True, http_status=429)
    return UitdatabankError(_("UiTdatabank had een storing (HTTP %(status)s); we proberen het "
                              "later opnieuw.", status=response.status_code), retry=True,
                            http_status=response.status_code)


def problem_details(response: httpx.Response) -> str:
    """The API's own words from an application/problem+json answer: title, detail and each
    schema error with its place (`/subEvent/0/startDate: …`)."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    parts = [str(data[k]) for k in ("title", "detail") if data.get(k)]
    for error in data.get("schemaErrors") or []:
        if isinstance(error, dict):
            parts.append(f"{error.get('jsonPointer', '/')}: {error.get('error', '')}")
    return "; ".join(parts)[:1000]


def _answer(response: httpx.Response, need_json: bool):
    status = response.status_code
    if 200 <= status < 300:
        if not response.content:
            if need_json:
                raise UitdatabankError(_("UiTdatabank gaf een leeg antwoord; we proberen het "
                                         "later opnieuw."), retry=True, http_status=status)
            return None
        try:
            return response.json()
        except ValueError:
            raise UitdatabankError(_("UiTdatabank gaf een onleesbaar antwoord (geen JSON); we "
                                     "proberen het later opnieuw."), retry=True,
                                   http_status=status) from None
    details = problem_details(response)
    if status == 401:
        raise UitdatabankError(_("UiTdatabank weigert ons token, ook een nieuw; we proberen "
                                 "het later opnieuw."), retry=True, http_status=401)
    if status == 403:
        raise UitdatabankError(_("UiTdatabank geeft ons geen toestemming hiervoor: "
                                 "%(details)s", details=details or "403"), retry=False,
                               http_status=403)
    if status == 404:
        raise NotFoundThere(_("Bestaat niet (meer) in UiTdatabank: %(details)s",
                              details=details or "404"), retry=False, http_status=404)
    raise UitdatabankError(_("UiTdatabank weigerde de gegevens: %(details)s",
                             details=details or f"HTTP {status}"), retry=False,
                           http_status=status)
