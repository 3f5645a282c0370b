"""Caching that does not grow with subscribers, and stays right with several workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
import sqlalchemy as sa

from stem_events import create_app
from stem_events.feeds.models import FeedFragment
from stem_events.feeds.services import data_version
from tests.conftest import utc

T1 = utc(2026, 3, 10, 9, 0)
REDIS_URL = "redis://127.0.0.1:6379/15"


def rendered_at(db) -> dict[int, object]:
    return dict(db.session.execute(sa.select(FeedFragment.session_id,
                                             FeedFragment.rendered_at)).all())


def series(start, n=3):
    return [(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2)) for w in range(n)]


def test_an_edit_re_renders_only_that_events_sessions(client, make_event, db, freeze_now):
    freeze_now(T1)
    edited = make_event(title="Robotica", sessions=series(utc(2026, 3, 20, 13)))
    others = [make_event(title=f"Lezing {i}", sessions=series(utc(2026, 3, 21, 13)))
              for i in range(3)]
    client.get("/agenda.ics")
    first = rendered_at(db)
    assert len(first) == 12 and set(first.values()) == {T1}

    freeze_now(T1 + timedelta(hours=1))
    edited.title = "Robotica voor gevorderden"
    db.session.commit()
    assert b"Robotica voor gevorderden" in client.get("/agenda.ics").data
    second = rendered_at(db)
    assert {sid for sid, at in second.items() if at != T1} == {s.id for s in edited.sessions}
    assert all(second[s.id] == T1 for o in others for s in o.sessions)


def test_a_new_filter_renders_nothing(client, make_event, db, freeze_now):
    freeze_now(T1)
    make_event(title="Workshop", kind="workshop")
    make_event(title="Lezing", kind="lecture")
    client.get("/agenda.ics")
    before = rendered_at(db)
    freeze_now(T1 + timedelta(minutes=5))
    assert b"Workshop" in client.get("/agenda.ics?kind=workshop").data
    assert rendered_at(db) == before


def test_a_feed_served_from_the_cache_builds_no_sql_expression(client, make_event, monkeypatch):
    """The feed's conditions are made only when it must be assembled, not for every
    subscriber's poll that the cache answers."""
    from stem_events.feeds import services

    made = []
    where = services._agenda_where
    monkeypatch.setattr(services, "_agenda_where",
                        lambda *args, **kw: made.append(args) or where(*args, **kw))
    make_event(title="Robotica")
    first = client.get("/agenda.ics?kind=workshop")
    assert first.status_code == 200 and b"Robotica" in first.data and len(made) == 1
    again = client.get("/agenda.ics?kind=workshop")
    assert again.data == first.data and len(made) == 1


def test_every_change_moves_the_data_version(make_event, db):
    event = make_event()
    first = data_version()
    event.title = "Nieuwe titel"
    db.session.commit()
    second = data_version()
    db.session.execute(sa.text("DELETE FROM event_sessions WHERE event_id = :id"),
                       {"id": event.id})  # raw SQL too: triggers, not Python hooks
    db.session.commit()
    third = data_version()
    assert len({first.token, second.token, third.token}) == 3


def test_raw_sql_deletion_reaches_the_cached_feed(client, make_event, db):
    keep = make_event(title="Blijft")
    gone = make_event(title="Verdwijnt")
    assert b"Verdwijnt" in client.get("/agenda.ics").data
    db.session.execute(sa.text("DELETE FROM events WHERE id = :id"), {"id": gone.id})
    db.session.commit()
    data = client.get("/agenda.ics").data
    assert b"Verdwijnt" not in data and keep.sessions[0].uid.encode() in data


def _second_worker(app, **config):
    """Another worker process: its own app, engine and caches, the same database."""
    from config import TestingConfig

    settings = TestingConfig()
    settings.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    for name, value in config.items():
        setattr(settings, name, value)
    other = create_app(settings)
    other.test_client_class = type(app.test_client())
    return other


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")

    def flush():
        for key in client.scan_iter("stem_events:feed:*"):
            client.delete(key)
    flush()
    yield client
    flush()
    client.close()


@pytest.mark.parametrize("backend", ["files", "redis"])
def test_two_workers_share_one_truth(backend, app, make_event, db, request, tmp_path):
    config = ({"CACHE_URL": REDIS_URL} if backend == "redis"
              else {"FEED_CACHE_DIR": str(tmp_path / "shared")})
    if backend == "redis":
        request.getfixturevalue("redis_client")
    worker_a = _second_worker(app, **config)
    worker_b = _second_worker(app, **config)
    event = make_event(title="Robotica", sessions=series(utc(2026, 12, 5, 13)))
    a, b = worker_a.test_client(), worker_b.test_client()

    first = a.get("/agenda.ics")
    assert b.get("/agenda.ics").data == first.data
    assert b.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    with worker_b.app_context():  # worker B's organiser edits the event
        from stem_events.events.models import Event
        from stem_events.extensions import db as db_b

        other = db_b.session.get(Event, event.id)
        other.title = "Robotica (nieuwe titel)"
        db_b.session.commit()

    after_a = a.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert after_a.status_code == 200
    assert b"Robotica (nieuwe titel)" in after_a.data
    assert b.get("/agenda.ics").data == after_a.data
    for worker in (worker_a, worker_b):
        with worker.app_context():
            from stem_events.extensions import db as db_w
            db_w.engine.dispose()


def test_redis_holds_the_bytes(app, make_event, redis_client):
    """The request that assembles a feed streams its chunks; the next one streams them too
    and writes the whole body to Redis, which the later ones read (in slices)."""
    worker = _second_worker(app, CACHE_URL=REDIS_URL)
    make_event(title="In Redis")
    client = worker.test_client()
    data = client.get("/agenda.ics").data
    assert not list(redis_client.scan_iter("stem_events:feed:body:*"))
    assert client.get("/agenda.ics").data == data
    keys = list(redis_client.scan_iter("stem_events:feed:body:*"))
    assert len(keys) == 1 and redis_client.get(keys[0]) == data
    again = client.get("/agenda.ics")  # now served from Redis, in slices
    assert again.data == data and int(again.headers["Content-Length"]) == len(data)
    head = client.head("/agenda.ics")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == again.headers["ETag"]
    assert client.get("/agenda.ics", headers={"If-None-Match": head.headers["ETag"]}) \
        .status_code == 304


def test_batches_keep_the_feed_order(client, make_event, db, monkeypatch, freeze_now):
    from werkzeug.datastructures import MultiDict

    from stem_events.events.filters import parse_filters
    from stem_events.feeds import services

    freeze_now(T1)
    for day in (5, 1, 3):
        make_event(title=f"Dag {day}", sessions=series(utc(2026, 4, day, 13), n=2))
    whole = client.get("/agenda.ics").data
    titles = [line for line in whole.split(b"\r\n") if line.startswith(b"SUMMARY:")]
    assert titles == [b"SUMMARY:Dag 1", b"SUMMARY:Dag 3", b"SUMMARY:Dag 5"] * 2
    db.session.execute(sa.text("DELETE FROM feed_fragments WHERE session_id IN "
                               "(SELECT min(id) FROM event_sessions)"))
    db.session.commit()
    monkeypatch.setattr(services, "STREAM_BATCH", 2)  # stale and stored ones mixed in batches
    monkeypatch.setattr(services, "RENDER_BATCH", 1)
    with client.application.test_request_context("/agenda.ics"):
        spec = services.agenda_spec(parse_filters(MultiDict()))
        buffer = services._Buffer()
        services.assemble(list(spec.conditions()), spec.meta, buffer)
    assert b"".join(buffer.parts) == whole


def test_a_cold_worker_renders_nothing(app, client, make_event, db, freeze_now, tmp_path):
    freeze_now(T1)
    make_event(title="Robotica", sessions=series(utc(2026, 3, 20, 13)))
    first = client.get("/agenda.ics").data
    before = rendered_at(db)
    freeze_now(T1 + timedelta(hours=1))
    cold = _second_worker(app, FEED_CACHE_DIR=str(tmp_path / "empty"))  # a new host, no files
    assert cold.test_client().get("/agenda.ics").data == first
    assert rendered_at(db) == before
    with cold.app_context():
        from stem_events.extensions import db as db_cold
        db_cold.engine.dispose()


def test_flask_feeds_warm_fills_the_fragments_once(app, make_event, db, freeze_now):
    freeze_now(T1)
    make_event(title="Robotica", sessions=series(utc(2026, 3, 20, 13)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["feeds", "warm"])
    assert result.exit_code == 0 and "3 van 3 sessies" in result.output
    assert len(rendered_at(db)) == 3
    assert "0 van 3 sessies" in runner.invoke(args=["feeds", "warm"]).output


def test_files_hold_the_body_from_the_second_request(app, client, make_event, tmp_path):
    """The assembling request streams the chunks; the second writes the whole body on the
    way; the third is sent as a file (like a static file). A chunk pruned in between is
    assembled again: the bytes never change."""
    app.config["FEED_CACHE_DIR"] = str(tmp_path / "feeds")
    app.extensions.pop("feed_cache", None)
    make_event(title="In bestanden")
    first = client.get("/agenda.ics")
    assert first.is_streamed and not list((tmp_path / "feeds").glob("*.ics"))
    second = client.get("/agenda.ics")
    assert second.data == first.data and len(list((tmp_path / "feeds").glob("*.ics"))) == 1
    third = client.get("/agenda.ics")
    assert third.data == first.data and third.headers["ETag"] == first.headers["ETag"]
    for path in (tmp_path / "feeds").glob("*.ics"):
        path.unlink()
    for path in (tmp_path / "feeds").glob("*.chunk"):
        path.unlink()
    again = client.get("/agenda.ics")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
