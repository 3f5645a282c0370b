"""An operator's view: a JSON line per request without personal data, and /metrics."""

from __future__ import annotations

import json
import logging
import re

import pytest

import config as app_config
from stem_events.date_time import now_utc


@pytest.fixture
def restore_logging():
    logger = logging.getLogger("stem_events")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    yield
    logger.handlers, logger.propagate = saved[0], saved[1]
    logger.setLevel(saved[2])


def test_metrics_show_latency_caches_and_the_mail_queue(client, make_event, freeze_now):
    freeze_now(now_utc())  # the second page within the first's minute (`AVAILABILITY_LAG`)
    make_event()
    client.get("/agenda")
    client.get("/agenda")
    client.get("/agenda.ics")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'stem_request_duration_seconds_count{method="GET",route="/agenda",status="200"}' \
        in text
    assert 'stem_cache_lookups_total{cache="page",result="hit"}' in text
    assert 'stem_cache_lookups_total{cache="feed",result="miss"}' in text
    assert 'stem_mail_queue{status="pending"} 0.0' in text


def test_metrics_only_for_allowed_addresses(another_app, app, client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "81.82.83.84"}).status_code \
        == 404
    allowed = another_app(METRICS_ALLOW="10.1.0.0/16, 192.168.5.5").test_client()
    assert allowed.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert allowed.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 404
    assert allowed.get("/metrics").status_code == 404  # loopback is no longer implied


def test_a_bad_metrics_allow_is_explained(monkeypatch):
    monkeypatch.setenv("METRICS_ALLOW", "10.0.0.0/8,kantoor")
    with pytest.raises(app_config.ConfigError, match="METRICS_ALLOW"):
        app_config.TestingConfig()


def test_one_json_line_per_request_without_secrets(another_app, app, make_event, capsys,
                                                   restore_logging):
    make_event()
    logged = another_app(LOG_JSON=True).test_client()
    capsys.readouterr()
    logged.get("/feeds/geheim-token-123.ics")
    logged.get("/agenda?q=robot")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()
             if line.startswith("{")]
    requests = [line for line in lines if line["name"] == "stem_events.requests"]
    assert [(r["route"], r["status"]) for r in requests] == [
        ("/feeds/<token>.ics", 404), ("/agenda", 200)]
    assert all(r["duration_ms"] >= 0 and r["method"] == "GET" for r in requests)
    assert "geheim-token-123" not in json.dumps(lines) and "robot" not in json.dumps(lines)


def test_metrics_show_the_age_of_the_oldest_waiting_mail(client, db):
    from datetime import timedelta

    from stem_events.date_time import now_utc
    from stem_events.mail.models import OutboxMessage, OutboxStatus

    def oldest() -> float:
        text = client.get("/metrics").get_data(as_text=True)
        return float(re.search(r"^stem_mail_oldest_pending_seconds (\S+)$", text, re.M)[1])

    assert oldest() == 0.0
    for minutes, status in ((30, OutboxStatus.SENT), (5, OutboxStatus.PENDING),
                            (1, OutboxStatus.PENDING)):
        db.session.add(OutboxMessage(
            kind="notice", recipient="a@example.be", subject="s", payload={}, status=status,
            created_at=now_utc() - timedelta(minutes=minutes)))
    db.session.commit()
    assert 300 <= oldest() < 360  # the sent one does not count
