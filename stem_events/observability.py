"""What an operator sees: one JSON log line per request, and Prometheus metrics at /metrics.

The log line holds the method, the route *pattern* (`/feeds/<token>.ics`, never the path with
its secret token or the query), the status and the duration: no address, no personal data.

Metrics (prometheus-client): request latency by route and status, page and feed cache hits and
misses, and the mail queue (read from the database when scraped). With several gunicorn workers,
set `PROMETHEUS_MULTIPROC_DIR` to an empty directory so that every worker's numbers are summed
(prometheus-client's multiprocess mode). `/metrics` answers only the addresses in
`METRICS_ALLOW` (comma-separated addresses or CIDR ranges; default: loopback).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import time

import sqlalchemy as sa
from flask import Flask, Response, abort, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from pythonjsonlogger.json import JsonFormatter

from stem_events.date_time import now_utc
from stem_events.extensions import db
from stem_events.mail.models import OutboxMessage, OutboxStatus

request_log = logging.getLogger("stem_events.requests")

REQUEST_SECONDS = Histogram(
    "stem_request_duration_seconds", "Time to answer a request, by route and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CACHE_LOOKUPS = Counter(
    "stem_cache_lookups_total", "Page and feed cache lookups", ["cache", "result"],
)


def cache_lookup(cache: str, hit: bool) -> None:
    """Count one lookup of the `page` or `feed` cache (hit rate = hits / all)."""
    CACHE_LOOKUPS.labels(cache, "hit" if hit else "miss").inc()


class MailQueueCollector:
    """The outbox by status, and the age of the oldest mail still waiting, counted when
    Prometheus scrapes (two small queries)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):

        family = GaugeMetricFamily("stem_mail_queue", "Mails in the outbox by status",
                                   labels=["status"])
        rows = db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        ).all()
        counts = {str(status): count for status, count in rows}
        for status in ("pending", "sending", "failed"):
            family.add_metric([status], counts.get(status, 0))
        yield family
        oldest = db.session.scalar(sa.select(sa.func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))))
        age = (now_utc() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "stem_mail_oldest_pending_seconds",
            "Age of the oldest mail not yet delivered (0 when none waits); a growing value "
            "means no worker delivers", value=max(age, 0.0))


def _allowed_networks(value: str) -> list:
    networks = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        networks.append(ipaddress.ip_network(part, strict=False))
    return networks


def _client_allowed(networks: list) -> bool:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if not networks:
        return address.is_loopback
    return any(address in network for network in networks)


def _configure_json_log(app: Flask) -> None:
    if not app.config.get("LOG_JSON"):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}", style="{",
                                       rename_fields={"levelname": "level", "asctime": "time"}))
    logger = logging.getLogger("stem_events")
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


def register(app: Flask) -> None:
    networks = _allowed_networks(app.config.get("METRICS_ALLOW", ""))
    _configure_json_log(app)

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        if started is None:
            return response
        seconds = time.perf_counter() - started
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        REQUEST_SECONDS.labels(request.method, route, str(response.status_code)).observe(seconds)
        request_log.info("request", extra={
            "method": request.method, "route": route, "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
        })
        return response

    @app.get("/metrics")
    def metrics():
        if not _client_allowed(networks):
            abort(404)
        registry = CollectorRegistry()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            multiprocess.MultiProcessCollector(registry)
        else:
            registry.register(_ProcessCollectors())
        registry.register(MailQueueCollector(app))
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


class _ProcessCollectors:
    """This process's own request and cache metrics (single-process servers)."""

    def collect(self):
        yield from REQUEST_SECONDS.collect()
        yield from CACHE_LOOKUPS.collect()
