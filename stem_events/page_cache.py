"""Rendered public pages for anonymous visitors, reused until the data changes.

A page is stored under (path, the filter parameters in a fixed order, language, the database's
data version, and a five-minute time bucket so that "upcoming" moves on). The data version is
bumped by database triggers on every change (feeds/models.py), so several workers and hosts
never serve a page older than the data they share. Pages live in Redis when `CACHE_URL` is set
(shared by all processes), else in a bounded in-process LRU, which also serves while Redis
fails (`redis_guard`). Visitors who are logged in, or
have a message waiting (flash), always get a fresh page.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Response, current_app, request, session

from stem_events.date_time import now_utc
from stem_events.observability import cache_lookup
from stem_events.redis_guard import guard_for

BUCKET_SECONDS = 300
LOCAL_ENTRIES = 256
TTL_SECONDS = 3600
PREFIX = "stem_events:page:"
KEPT_HEADERS = ("Content-Type", "ETag", "Cache-Control")


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


def _key(params: tuple[str, ...], version: str, language: str) -> str:
    pairs = sorted((k, v) for k in params for v in request.args.getlist(k))
    bucket = int(now_utc().timestamp()) // BUCKET_SECONDS
    return f"{request.path}?{urlencode(pairs)}|{language}|{version}|{bucket}"


def cached(params: tuple[str, ...], render: Callable[[], Response | tuple]) -> Response:
    """Serve `render()` from the cache when allowed; store successful pages."""
    from stem_events.feeds.services import data_version
    from stem_events.i18n import current_language

    version = data_version() if _eligible() else None
    if version is None:
        return current_app.make_response(render())
    key = _key(params, version.token, current_language())
    store = backend()
    hit = store.get(key)
    cache_lookup("page", hit is not None)
    if hit is not None:
        head, _, body = hit.partition(b"\n")
        response = current_app.response_class(body, headers=json.loads(head))
        response.headers["X-Page-Cache"] = "hit"
        return response.make_conditional(request)
    response = current_app.make_response(render())
    if response.status_code == 200 and not response.is_streamed:
        headers = {k: v for k, v in response.headers.items() if k in KEPT_HEADERS}
        store.set(key, json.dumps(headers).encode() + b"\n" + response.get_data())
        response.headers["X-Page-Cache"] = "miss"
    return response
