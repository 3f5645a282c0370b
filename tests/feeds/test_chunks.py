"""The assembled feed kept as chunks (issue 22): after a change only the chunks holding the
changed sessions are built again, and the bytes always equal a feed rendered from scratch,
whoever wrote the change (the ORM or raw SQL)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.events.filters import parse_filters
from stem_events.feeds import services
from stem_events.feeds.cache import FileCache
from stem_events.feeds.ical import iter_calendar, render_vevent
from tests.conftest import utc

T1 = utc(2026, 3, 10, 9, 0)


@pytest.fixture
def feed(app, tmp_path, monkeypatch):
    """assemble() → (bytes, Assembly) with a chunk store of its own, and scratch() → the
    same feed rendered now from the rows, without fragments or chunks."""
    monkeypatch.setattr(services, "CHUNK_SPREAD", 4)  # a few sessions per chunk
    store = FileCache(tmp_path / "chunks")

    def spec():
        return services.agenda_spec(parse_filters(MultiDict()))

    def assemble():
        with app.test_request_context("/agenda.ics"):
            buffer = services._Buffer()
            s = spec()
            done = services.assemble(list(s.conditions()), s.meta, buffer, chunks=store)
            return b"".join(buffer.parts), done

    stores = itertools.count()

    def listed():
        """The parts of the feed assembled without a sink in an empty store, joined."""
        other = FileCache(tmp_path / f"other-{next(stores)}")
        with app.test_request_context("/agenda.ics"):
            s = spec()
            done = services.assemble(list(s.conditions()), s.meta, None, chunks=other)
        body = b"".join(value.encode() if kind == "d" else other.get_chunk(value)
                        for kind, value in done.parts)
        return body, done

    def scratch():
        with app.test_request_context("/agenda.ics"):
            s = spec()
            ids = [row[0] for row in services._feed_order(list(s.conditions()))]
            sessions = {x.id: x for x in services._load_sessions(services.db.session, ids)}
            return b"".join(iter_calendar(s.meta, (render_vevent(services.session_row(
                sessions[i])) for i in ids)))

    def chunks_of(session_ids) -> int:
        """How many chunks of the current feed hold these sessions."""
        with app.test_request_context("/agenda.ics"):
            order = services._feed_order(list(spec().conditions()))
        return sum(1 for rows in services._split(order)
                   if any(row[0] in session_ids for row in rows))

    class Feed:
        pass
    f = Feed()
    f.assemble, f.scratch, f.chunks_of, f.listed = assemble, scratch, chunks_of, listed
    return f


@pytest.fixture
def agenda(make_event, freeze_now):
    freeze_now(T1)
    start = utc(2026, 3, 20, 13)
    return [make_event(title=f"Activiteit {i}",
                       sessions=[(start + timedelta(days=i, weeks=w),
                                  start + timedelta(days=i, weeks=w, hours=2))
                                 for w in range(3)])
            for i in range(12)]


def check(feed, body, done):
    """The bytes equal a feed rendered from scratch; the same feed listed as parts in an
    empty store has the same bytes, size and ETag (the ETag follows the content only)."""
    assert body == feed.scratch()
    listed, other = feed.listed()
    assert listed == body and other.size == done.size == len(body)
    assert other.etag == done.etag


def test_a_second_assembly_copies_every_chunk(feed, agenda):
    body, first = feed.assemble()
    assert first.chunks_built > 3 and first.chunks_reused == 0 and first.rendered == 36
    again, second = feed.assemble()
    assert again == body and second.chunks_built == 0 and second.rendered == 0
    assert second.chunks_reused == first.chunks_built
    check(feed, again, second)


def test_an_edit_rebuilds_only_the_chunks_of_its_sessions(feed, agenda, db, freeze_now):
    feed.assemble()
    edited = agenda[5]
    ids = {s.id for s in edited.sessions}
    freeze_now(T1 + timedelta(hours=1))
    edited.title = "Activiteit 5, vernieuwd"
    db.session.commit()
    body, done = feed.assemble()
    assert done.rendered == 3
    assert done.chunks_built == feed.chunks_of(ids)
    assert done.chunks_reused > 0
    assert b"Activiteit 5\\, vernieuwd" in body
    check(feed, body, done)


def test_another_base_url_renders_every_fragment_again(feed, agenda, app, monkeypatch):
    """The stored fragments are asked for by a statement made once (`_stored_query`): the
    render key is its parameter, so fragments of another base URL are never taken."""
    feed.assemble()
    monkeypatch.setitem(app.config, "BASE_URL", "https://agenda.example")
    body, done = feed.assemble()
    assert done.rendered == 36 and done.chunks_reused == 0
    assert b"https://agenda.example/events/" in body
    check(feed, body, done)


def test_a_deleted_event_leaves_the_other_chunks(feed, agenda, db, freeze_now):
    _, first = feed.assemble()
    gone = agenda[7]
    touched = feed.chunks_of({s.id for s in gone.sessions})
    db.session.execute(sa.text("DELETE FROM events WHERE id = :id"), {"id": gone.id})
    db.session.commit()
    body, done = feed.assemble()
    assert b"Activiteit 7" not in body
    assert done.rendered == 0 and done.chunks_built <= touched
    assert done.chunks_reused >= first.chunks_built - touched - 1
    check(feed, body, done)


def test_an_event_added_in_the_middle(feed, agenda, make_event, freeze_now):
    _, first = feed.assemble()
    freeze_now(T1 + timedelta(hours=1))
    middle = utc(2026, 3, 27, 15)
    added = make_event(title="Ingevoegd", sessions=[(middle, middle + timedelta(hours=1))])
    body, done = feed.assemble()
    assert done.rendered == 1 and done.chunks_built <= 2  # its chunk, split at most once
    assert done.chunks_reused >= first.chunks_built - 1
    assert body.index(b"SUMMARY:Ingevoegd") > body.index(b"SUMMARY:Activiteit 0")
    assert added.sessions[0].uid.encode() in body
    check(feed, body, done)


def test_a_moved_session_changes_the_order(feed, agenda, db, freeze_now):
    feed.assemble()
    session = agenda[0].sessions[0]
    before = feed.chunks_of({session.id})
    freeze_now(T1 + timedelta(hours=1))
    session.starts_at, session.ends_at = utc(2026, 4, 30, 13), utc(2026, 4, 30, 15)
    db.session.commit()
    after = feed.chunks_of({session.id})
    body, done = feed.assemble()
    # the session's own fragment, and those of its event's other sessions (updated_at moves)
    assert 1 <= done.rendered <= 3
    assert done.chunks_built <= before + after + feed.chunks_of(
        {s.id for s in agenda[0].sessions})
    summaries = [line for line in body.split(b"\r\n") if line.startswith(b"DTSTART")]
    assert summaries[-1] == b"DTSTART;TZID=Europe/Brussels:20260430T150000"
    check(feed, body, done)


def test_a_raw_sql_edit_by_another_writer(feed, agenda, db):
    feed.assemble()
    edited = agenda[3]
    db.session.execute(sa.text(
        "UPDATE events SET title = 'Anders geschreven', updated_at = :at WHERE id = :id"),
        {"at": T1 + timedelta(minutes=7), "id": edited.id})
    db.session.commit()
    body, done = feed.assemble()
    assert body.count(b"SUMMARY:Anders geschreven") == 3 and done.rendered == 3
    assert done.chunks_built == feed.chunks_of({s.id for s in edited.sessions})
    check(feed, body, done)


def test_a_recreated_database_never_matches_old_chunks(feed, agenda, db, make_event):
    """Rows deleted and created again under the same ids and times (a new data-version
    epoch, new UIDs) are never served from the chunks of the old rows."""
    feed.assemble()
    db.session.execute(sa.text("DELETE FROM events"))
    db.session.execute(sa.text("DELETE FROM data_versions"))
    db.session.commit()
    start = utc(2026, 3, 20, 13)
    make_event(title="Nieuw", sessions=[(start, start + timedelta(hours=2))])
    body, done = feed.assemble()
    assert done.chunks_reused == 0 and b"SUMMARY:Nieuw" in body
    check(feed, body, done)


@pytest.mark.parametrize("change", [
    "UPDATE event_sessions SET sequence = sequence + 1 WHERE event_id = :id",
    "UPDATE event_sessions SET updated_at = :at WHERE event_id = :id",
    "UPDATE events SET updated_at = :at WHERE id = :id",
], ids=["sequence", "session-updated-at", "event-updated-at"])
def test_each_part_of_a_fragments_stamp_renders_it_again(feed, agenda, db, change):
    """A stored fragment is valid while SEQUENCE and both updated_at are those it was
    rendered at (`services.fragment_stamp`, a hash of them on PostgreSQL): a change of any
    one of them alone, by raw SQL, renders that event's sessions again and no other."""
    feed.assemble()
    edited = agenda[5]
    db.session.execute(sa.text(change), {"id": edited.id, "at": T1 + timedelta(minutes=3)})
    db.session.commit()
    body, done = feed.assemble()
    assert done.rendered == 3
    assert done.chunks_built == feed.chunks_of({s.id for s in edited.sessions})
    check(feed, body, done)


def test_chunk_keys_are_the_same_in_every_process(app, tmp_path):
    """A chunk stored by one worker is found by the others: its key depends on the values of
    the order rows only, not on how a process holds them (interned text, hash seed)."""
    rows = [(7, 3, -5_123_456_789_012_345_678, "uid-1@stem-events"), (9, 3, 42, "uid-2")]
    copied = [(int(str(a)), int(str(b)), int(str(c)), "".join(list(d))) for a, b, c, d in rows]
    interned = [(a, b, c, sys.intern(d)) for a, b, c, d in rows]
    key = services._chunk_key(rows, "k")
    assert services._chunk_key(copied, "k") == key == services._chunk_key(interned, "k")
    other = subprocess.run(
        [sys.executable, "-c", "from stem_events.feeds import services; "
         f"print(services._chunk_key({rows!r}, 'k'))"],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert other.stdout.strip() == key


@pytest.mark.parametrize("change", [
    "UPDATE events SET title = 'Anders geschreven' WHERE id = :id",
    "UPDATE events SET status = 'cancelled' WHERE id = :id",
    "UPDATE organisations SET name = 'Hernoemd' WHERE id = (SELECT organisation_id "
    "FROM events WHERE id = :id)",
    "INSERT INTO event_themes (event_id, theme_id) SELECT :id, id FROM themes "
    "WHERE slug = 'ai'",
], ids=["title", "status", "organisation-renamed", "theme-added"])
def test_a_raw_sql_edit_that_leaves_updated_at_alone(feed, agenda, db, change):
    """psql or another host's bulk writer, with no ORM to move SEQUENCE or updated_at: the
    event's card stamp (raised by database triggers) is part of its fragments' stamp
    (migration 0044), so the feed is the one rendered from scratch, never the old bytes."""
    first, _ = feed.assemble()
    edited = agenda[4]
    db.session.execute(sa.text(change), {"id": edited.id})
    db.session.commit()
    body, done = feed.assemble()
    assert body != first and done.rendered >= 3
    check(feed, body, done)
