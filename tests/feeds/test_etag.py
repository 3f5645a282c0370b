"""The ETag of a cached feed moves whenever its bytes move, whoever made the change (the ORM
or raw SQL), and stays put while they do not: a calendar that sends If-None-Match never keeps
an old feed, and never downloads the same one twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.events.models import SessionStatus
from tests.conftest import utc

T1 = utc(2026, 3, 10, 9, 0)
WORKSHOPS = "/agenda.ics?kind=workshop"


@pytest.fixture
def agenda(make_event, freeze_now, monkeypatch):
    """Workshops and lectures, several sessions each, cut into small chunks."""
    from stem_events.feeds import services

    monkeypatch.setattr(services, "CHUNK_SPREAD", 3)
    freeze_now(T1)
    start = utc(2026, 3, 20, 13)
    events = []
    for i in range(8):
        sessions = [(start + timedelta(days=i, weeks=w), start + timedelta(days=i, weeks=w,
                                                                           hours=2))
                    for w in range(3)]
        events.append(make_event(title=f"Activiteit {i}", sessions=sessions,
                                 kind="workshop" if i % 2 == 0 else "lecture"))
    return events


@pytest.fixture
def feeds(client):
    """GET both feeds; remember what each answered; `changed()` checks the rule on every feed:
    other bytes, other ETag (and the old ETag no longer answers 304); same bytes, same ETag."""

    class Feeds:
        urls = ("/agenda.ics", WORKSHOPS)

        def __init__(self):
            self.seen = {url: self.get(url) for url in self.urls}

        @staticmethod
        def get(url, **headers):
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            return response.headers["ETag"], response.data

        def changed(self) -> dict[str, bool]:
            moved = {}
            for url in self.urls:
                old_etag, old_body = self.seen[url]
                etag, body = self.get(url)
                assert (etag != old_etag) == (body != old_body), url
                again = client.get(url, headers={"If-None-Match": old_etag})
                assert again.status_code == (304 if body == old_body else 200), url
                assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
                moved[url], self.seen[url] = body != old_body, (etag, body)
            return moved

    return Feeds()


def later(freeze_now, minutes: int = 5):
    freeze_now(T1 + timedelta(minutes=minutes))
    return T1 + timedelta(minutes=minutes)


def test_a_title_edited_by_raw_sql(agenda, feeds, db, freeze_now):
    now = later(freeze_now)
    db.session.execute(sa.text("UPDATE events SET title = 'Nieuwe titel', updated_at = :now "
                               "WHERE id = :id"), {"now": now, "id": agenda[2].id})
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}
    assert b"Nieuwe titel" in feeds.seen[WORKSHOPS][1]


def test_an_edit_outside_the_filter_leaves_the_filtered_feed(agenda, feeds, db, freeze_now):
    now = later(freeze_now)
    db.session.execute(sa.text("UPDATE events SET title = 'Andere lezing', updated_at = :now "
                               "WHERE id = :id"), {"now": now, "id": agenda[1].id})
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: False}


def test_the_browsers_language_changes_nothing(agenda, feeds, client):
    for url in feeds.urls:
        etag, body = feeds.get(url, **{"Accept-Language": "en"})
        assert (etag, body) == feeds.seen[url]
    assert feeds.changed() == {"/agenda.ics": False, WORKSHOPS: False}


def test_a_cancelled_session(agenda, feeds, db, freeze_now):
    later(freeze_now)
    session = agenda[4].sessions[1]
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}
    assert b"STATUS:CANCELLED" in feeds.seen[WORKSHOPS][1]


def test_a_new_event_entering_the_filter(agenda, feeds, make_event, freeze_now):
    later(freeze_now)
    make_event(title="Nieuwe workshop", kind="workshop",
               sessions=[(utc(2026, 3, 25, 9), utc(2026, 3, 25, 11))])
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}
    assert b"Nieuwe workshop" in feeds.seen[WORKSHOPS][1]


def test_an_event_leaving_the_filter_by_raw_sql(agenda, feeds, db, freeze_now):
    """No timestamp is touched: the filtered feed loses the event, and the whole agenda
    shows its new kind (CATEGORIES) although its SEQUENCE and updated_at stay as they were:
    the event's card stamp moved (a database trigger), so its stored fragments are rendered
    again (migration 0044; they were served as before)."""
    later(freeze_now)
    db.session.execute(sa.text("UPDATE events SET kind = 'lecture' WHERE id = :id"),
                       {"id": agenda[6].id})
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}
    assert b"Activiteit 6" not in feeds.seen[WORKSHOPS][1]
    whole = feeds.seen["/agenda.ics"][1]
    event = whole[whole.index(b"SUMMARY:Activiteit 6"):]
    assert b"CATEGORIES:lezing" in event[:event.index(b"END:VEVENT")]


def test_a_withdrawn_event(agenda, feeds, db, freeze_now):
    later(freeze_now)
    db.session.execute(sa.text("UPDATE events SET status = 'draft' WHERE id = :id"),
                       {"id": agenda[0].id})
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}
    assert b"Activiteit 0" not in feeds.seen["/agenda.ics"][1]


def test_a_deleted_session_by_raw_sql(agenda, feeds, db, freeze_now):
    later(freeze_now)
    db.session.execute(sa.text("DELETE FROM event_sessions WHERE id = :id"),
                       {"id": agenda[2].sessions[0].id})
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": True, WORKSHOPS: True}


def test_the_same_bytes_keep_their_etag_without_the_stored_chunks(agenda, feeds, app, db,
                                                                  freeze_now, tmp_path):
    """Another worker or host, with an empty store, answers the same ETag for the same
    bytes: the ETag depends on the content only."""
    later(freeze_now)
    db.session.execute(sa.text("UPDATE event_sessions SET capacity = 12 WHERE id = :id"),
                       {"id": agenda[2].sessions[0].id})  # not in a feed: no new bytes
    db.session.commit()
    assert feeds.changed() == {"/agenda.ics": False, WORKSHOPS: False}
    app.config["FEED_CACHE_DIR"] = str(tmp_path / "elsewhere")
    app.extensions.pop("feed_cache", None)
    assert feeds.changed() == {"/agenda.ics": False, WORKSHOPS: False}


def test_a_filtered_feed_holds_the_sessions_in_its_window(make_event, freeze_now, fetch):
    """The filter's events are found through the sessions in the window: an event with a
    session long past and one ahead is in (with the one ahead), an event whose sessions are
    all past is not."""
    from tests.feeds.conftest import vevents

    freeze_now(T1)
    both = make_event(title="Oud en nieuw", kind="workshop",
                      sessions=[(utc(2025, 1, 10, 9), utc(2025, 1, 10, 11)),
                                (utc(2026, 4, 2, 9), utc(2026, 4, 2, 11))])
    make_event(title="Voorbij", kind="workshop",
               sessions=[(utc(2025, 6, 1, 9), utc(2025, 6, 1, 11))])
    make_event(title="Lezing", kind="lecture",
               sessions=[(utc(2026, 4, 3, 9), utc(2026, 4, 3, 11))])
    _response, calendar = fetch(WORKSHOPS)
    assert set(vevents(calendar)) == {both.sessions[1].uid}


def test_the_whole_agenda_in_start_order(make_event, freeze_now, fetch):
    """The whole agenda's sessions are read by end (`walk`) and sorted by start again."""
    freeze_now(T1)
    long_one = make_event(title="Lang", sessions=[(utc(2026, 3, 1, 9), utc(2026, 6, 1, 9))])
    for day in (9, 2, 5):
        make_event(title=f"Dag {day}", sessions=[(utc(2026, 4, day, 9), utc(2026, 4, day, 11)),
                                                 (utc(2026, 3, day + 20, 9),
                                                  utc(2026, 3, day + 20, 11))])
    _response, calendar = fetch("/agenda.ics")
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert starts == sorted(starts) and len(starts) == 7
    assert str(calendar.walk("VEVENT")[0]["UID"]) == long_one.sessions[0].uid
