"""Redis as an optimisation that may fail: short timeouts and a circuit breaker per server.

The page cache and the feed cache keep their data in Redis when `CACHE_URL` is set. When that
Redis is stopped, frozen or slow, a request must not wait for it or fail: every call goes
through `RedisGuard.call`, which answers the caller's fallback value instead. The first failure
opens the circuit for `COOLDOWN_SECONDS`: during that time no request tries Redis at all (each
process keeps its own breaker), and one log line says so, not a traceback per request. After the
cool-down the next call tries again; a success closes the circuit (logged once).

Rate limits use Flask-Limiter's own fallback to per-process memory; `limiter_storage_options()`
gives it the same short timeouts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.25  # seconds; Redis on the same network answers in well under 1 ms
READ_TIMEOUT = 0.5  # a feed body chunk is at most 1 MB
COOLDOWN_SECONDS = 30.0
ERRORS = (redis.RedisError, OSError)

T = TypeVar("T")


class CircuitBreaker:
    """Closed (try), or open until a moment on the monotonic clock (do not try)."""

    def __init__(self, name: str, cooldown: float = COOLDOWN_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name, self.cooldown, self.clock = name, cooldown, clock
        self.open_until: float | None = None
        self.lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.open_until is not None

    def allow(self) -> bool:
        return self.open_until is None or self.clock() >= self.open_until

    def failure(self, error: BaseException) -> None:
        with self.lock:
            was_open = self.is_open
            self.open_until = self.clock() + self.cooldown
        if not was_open:
            log.warning("%s unavailable (%s: %s); working without it for %.0f s",
                        self.name, type(error).__name__, error, self.cooldown)

    def success(self) -> None:
        if self.open_until is None:
            return
        with self.lock:
            self.open_until = None
        log.warning("%s available again", self.name)


class RedisGuard:
    """One Redis server: a client with short timeouts and no retries, behind a breaker."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=READ_TIMEOUT,
            retry=Retry(NoBackoff(), 0), retry_on_timeout=False, health_check_interval=0,
        )
        self.breaker = CircuitBreaker(f"Redis cache {_without_password(url)}")

    def call(self, operation: Callable[[redis.Redis], T], fallback: T) -> T:
        """`operation(client)`, or `fallback` when Redis fails or its circuit is open."""
        if not self.breaker.allow():
            return fallback
        try:
            result = operation(self.client)
        except ERRORS as error:
            self.breaker.failure(error)
            return fallback
        self.breaker.success()
        return result

    def status(self) -> str:
        """`ok` or `degraded`, for /readyz: pings when the circuit allows it."""
        return "ok" if self.call(lambda client: client.ping(), False) else "degraded"


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


_guards: dict[str, RedisGuard] = {}
_guards_lock = threading.Lock()


def guard_for(url: str) -> RedisGuard:
    """The process's one guard per Redis URL (the page cache and the feed cache share it)."""
    with _guards_lock:
        if url not in _guards:
            _guards[url] = RedisGuard(url)
        return _guards[url]


def limiter_storage_options() -> dict:
    """Flask-Limiter's Redis storage with the same short timeouts (its fallback is memory)."""
    return {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": READ_TIMEOUT}
