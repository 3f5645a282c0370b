"""Rendered public pages for anonymous visitors, reused until the data changes.

A page is stored under (path, the filter parameters in a fixed order, language, the database's
data version, and a five-minute time bucket so that "upcoming" moves on). The data version is
bumped by database triggers on every change (feeds/models.py), so several workers and hosts
never serve a page older than the data they share. Pages live in Redis when `CACHE_URL` is set
(shared by all processes), else in a bounded in-process LRU, which also serves while Redis
fails (`redis_guard`). Visitors who are logged in, or have a message waiting (flash), always
get a fresh page. While the database is unreachable an anonymous visitor gets the page as it
was last stored (`X-Page-Cache: stale`), not a 503.

A page not stored yet (a new selection) is rendered under the last data version the process
read, without reading it first, and served and stored only if the version read with the
page's data (the agenda's and the API's page statement reads it) or after it is still that
one; else it is rendered again, version first (`data_version.assume`). Versions only grow,
so the same token read after the page's data means nothing changed in between.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Response, current_app, request, session
from sqlalchemy.exc import InterfaceError, OperationalError

from stem_events import data_version as data_version_
from stem_events.data_version import data_version
from stem_events.date_time import now_utc
from stem_events.extensions import db
from stem_events.i18n import current_language
from stem_events.links import base_url
from stem_events.observability import cache_lookup
from stem_events.redis_guard import guard_for

BUCKET_SECONDS = 300
LOCAL_ENTRIES = 256
TTL_SECONDS = 3600
PREFIX = "stem_events:page:"
KEPT_HEADERS = ("Content-Type", "ETag", "Cache-Control")
LATEST = "latest|"  # page → the key it was last stored under (served while the database is down)


class LocalBackend:
    def __init__(self, size: int = LOCAL_ENTRIES):
        self.size = size
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class RedisBackend:
    """Pages in Redis, shared by every process; while Redis fails, the local LRU serves."""

    def __init__(self, url: str, fallback: LocalBackend):
        self.guard, self.fallback = guard_for(url), fallback

    def get(self, key: str) -> bytes | None:
        if not self.guard.breaker.allow():
            return self.fallback.get(key)
        return self.guard.call(lambda client: client.get(PREFIX + key), None)

    def set(self, key: str, value: bytes) -> None:
        if not self.guard.breaker.allow():
            self.fallback.set(key, value)
            return
        self.guard.call(lambda client: client.set(PREFIX + key, value, ex=TTL_SECONDS), None)


_local = LocalBackend()


def backend() -> LocalBackend | RedisBackend:
    url = current_app.config.get("CACHE_URL")
    return RedisBackend(url, _local) if url else _local


def _eligible() -> bool:
    if not current_app.config.get("PAGE_CACHE_ENABLED", True) or request.method != "GET":
        return False
    if request.cookies.get("remember_token"):
        return False  # Flask-Login may log this visitor in from the cookie
    return "_user_id" not in session and not session.get("_flashes")


def _page(params: tuple[str, ...]) -> str:
    """Which page: the base of its absolute links (`links.base_url`: `BASE_URL`, or in
    development the host served), path, filter parameters in a fixed order, language."""
    pairs = sorted((k, v) for k, v in request.args.items(multi=True) if k in params)
    return f"{base_url()}{request.path}?{urlencode(pairs)}|{current_language()}"


def _key(params: tuple[str, ...], version: str, seconds: int = BUCKET_SECONDS) -> str:
    bucket = int(now_utc().timestamp()) // seconds
    return f"{_page(params)}|{version}|{bucket}"


def _serve(stored: bytes, label: str) -> Response:
    head, _, body = stored.partition(b"\n")
    response = current_app.response_class(body, headers=json.loads(head))
    response.headers["X-Page-Cache"] = label
    return response.make_conditional(request)


def _last_good(params: tuple[str, ...]) -> Response | None:
    """While the database is down: the page as it was last stored, whatever its version."""
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        db.session.close()
    store = backend()
    key = store.get(LATEST + _page(params))
    stored = store.get(key.decode()) if key else None
    return _serve(stored, "stale") if stored is not None else None


def cached(params: tuple[str, ...], render: Callable[[], Response | tuple],
           bucket_seconds: int = BUCKET_SECONDS) -> Response:
    """Serve `render()` from the cache when allowed; store successful pages. While the
    database is unreachable, a page stored before is served stale instead of a 503.
    `bucket_seconds`: how old a page may get for what the data version does not cover (seats
    left on the agenda's cards: registrations do not bump it)."""
    eligible = _eligible()
    if eligible:
        served = _on_the_last_version(params, render, bucket_seconds)
        if served is not None:
            return served
    try:
        version = data_version() if eligible else None
    except (OperationalError, InterfaceError):
        stale = _last_good(params)
        if stale is None:
            raise
        return stale
    if version is None:
        return current_app.make_response(render())
    key = _key(params, version.token, bucket_seconds)
    store = backend()
    hit = store.get(key)
    cache_lookup("page", hit is not None)
    if hit is not None:
        return _serve(hit, "hit")
    return _stored(store, key, params, current_app.make_response(render()))


def _on_the_last_version(params: tuple[str, ...], render: Callable[[], Response | tuple],
                         bucket_seconds: int) -> Response | None:
    """A page not stored under the last data version this process read is rendered under it
    without reading the version first, and served (and stored) only if the version read with
    the page's data, or after it, is still that one (`data_version.assume`): one round trip
    fewer for a new selection. A page stored under it is served once the version read now
    matches. None: serve as before (another version, the database failing)."""
    guess = data_version_.assume()
    if guess is None:
        return None
    key = _key(params, guess.token, bucket_seconds)
    store = backend()
    try:
        hit = store.get(key)
        if hit is not None:  # a stored page: served once the version read now is its own
            data_version_.abandon()
            version = data_version()
            if version is None or version.token != guess.token:
                return None
            cache_lookup("page", True)
            return _serve(hit, "hit")
        response = current_app.make_response(render())
        confirmed = data_version_.confirm()
    except (OperationalError, InterfaceError):  # as before: read the version, serve stale
        data_version_.abandon()
        return None
    except BaseException:
        data_version_.abandon()
        raise
    if not confirmed:  # something changed meanwhile: render again under the version read
        return None
    cache_lookup("page", False)
    return _stored(store, key, params, response)


def _stored(store, key: str, params: tuple[str, ...], response: Response) -> Response:
    if response.status_code == 200 and not response.is_streamed:
        headers = {k: v for k, v in response.headers.items() if k in KEPT_HEADERS}
        store.set(key, json.dumps(headers).encode() + b"\n" + response.get_data())
        store.set(LATEST + _page(params), key.encode())
        response.headers["X-Page-Cache"] = "miss"
    return response
