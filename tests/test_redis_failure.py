"""A cache is an optimisation: with Redis stopped or frozen, pages and feeds are served without
it, no request waits for it more than once per cool-down, and /readyz keeps the host."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from stem_events.extensions import limiter
from stem_events.redis_guard import CircuitBreaker

PUBLIC_URLS = ("/agenda", "/embed/agenda", "/api/v1/events", "/agenda.ics")

@pytest.fixture
def worker_app(another_app, tmp_path):
    """Another app process with its own feed-cache folder (the fallback while Redis fails)."""
    return lambda **settings: another_app(FEED_CACHE_DIR=str(tmp_path / "feed-cache"),
                                          **settings)


@pytest.fixture
def stopped_redis() -> str:
    """A Redis URL where nothing listens (the server was stopped)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"

class FrozenRedis:
    """Accepts connections and never answers, like a Redis that is stopped with SIGSTOP or
    stuck; counts the connections made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.server.close()
        for conn in self.connections:
            conn.close()

@pytest.fixture
def frozen_redis():
    frozen = FrozenRedis()
    yield frozen
    frozen.close()

def _urls(event) -> list[str]:
    return [*PUBLIC_URLS, f"/events/{event.id}-{event.slug}", f"/events/{event.id}.ics"]

def test_a_stopped_redis_costs_no_page_and_one_log_line(worker_app, make_event, stopped_redis,
                                                        caplog):
    event = make_event(title="Robotica in de bib")
    worker = worker_app(CACHE_URL=stopped_redis)
    client = worker.test_client()
    caplog.set_level(logging.INFO)
    for _round in range(3):
        for url in _urls(event):
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"Robotica in de bib" in response.data, url
    warnings = [r for r in caplog.records if r.name == "stem_events.redis_guard"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]

def test_a_frozen_redis_is_tried_once_then_left_alone(worker_app, make_event, frozen_redis):
    event = make_event(title="Robotica in de bib")
    worker = worker_app(CACHE_URL=frozen_redis.url)
    client = worker.test_client()
    for _round in range(3):
        for url in _urls(event):
            assert client.get(url).status_code == 200, url
    # 21 requests; before, each waited for Redis (5-11 s); now the circuit stops trying.
    assert len(frozen_redis.connections) == 1

def test_readyz_says_degraded_but_keeps_the_host(worker_app, stopped_redis):
    worker = worker_app(CACHE_URL=stopped_redis)
    response = worker.test_client().get("/readyz")
    assert response.status_code == 200
    assert "redis: degraded" in response.get_data(as_text=True)
    assert "database: ok" in response.get_data(as_text=True)

def test_readyz_with_a_working_redis_and_without_one(worker_app, client):
    assert "redis: off" in client.get("/readyz").get_data(as_text=True)
    worker = worker_app(CACHE_URL="redis://127.0.0.1:6379/15")
    text = worker.test_client().get("/readyz").get_data(as_text=True)
    assert "redis: ok" in text, text

def test_rate_limits_fall_back_to_memory(app, worker_app, make_user, stopped_redis):
    from werkzeug.security import generate_password_hash

    user = make_user()
    user.password_hash = generate_password_hash("correct horse 42", method="pbkdf2:sha256:1")
    worker = worker_app(CACHE_URL=stopped_redis, RATELIMIT_ENABLED=True,
                     RATELIMIT_STORAGE_URI=stopped_redis)
    try:
        client = worker.test_client()
        statuses = [client.post("/login", data={"email": user.email, "password": "fout" * 3})
                    .status_code for _ in range(12)]
    finally:
        limiter.init_app(app)  # one shared object: memory storage and the suite's setting
        limiter._storage_dead = False  # noqa: SLF001 - or later tests count in the fallback
    assert statuses == [400] * 10 + [429, 429]  # limited in this process's memory

def test_the_breaker_tries_again_after_the_cool_down(caplog):
    now = [100.0]
    breaker = CircuitBreaker("Redis test", cooldown=30, clock=lambda: now[0])
    caplog.set_level(logging.INFO)
    assert breaker.allow()
    breaker.failure(ConnectionError("refused"))
    breaker.failure(ConnectionError("refused"))  # already open: no second line
    assert not breaker.allow()
    now[0] += 31
    assert breaker.allow()
    breaker.success()
    assert breaker.allow() and not breaker.is_open
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "Redis test unavailable", "Redis test available again"]
