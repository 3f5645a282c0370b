"""The State-of-the-STEM programme feed answers like every other public feed of CONTRACT.md:
one `charset`, `Cache-Control: public`, an `ETag` and `Last-Modified`, and 304 when the
calendar app already has the current version (by ETag); an edit gives a new ETag."""

from __future__ import annotations

from datetime import timedelta

from tests.network.choice_helpers import open_edition

ITEMS = [("Robotica in de klas", 60, 60, 1), ("Meisjes en STEM", 90, 60, None)]


def test_programme_feed_has_caching_headers_and_answers_304(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    url = f"/state-of-the-stem/{edition.year}.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("public")
    etag, last_modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert client.get(url).headers["ETag"] == etag  # stable across fetches

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    # Only the ETag decides: deleting an item nobody chose changes the feed without making
    # any remaining item newer, so If-Modified-Since alone could keep a stale copy.
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200

    item = edition.programme[0]
    item.ends_at += timedelta(minutes=15)
    item.sequence += 1
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
