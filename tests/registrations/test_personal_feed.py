"""A participant's personal feed (/feeds/<token>.ics) lists what they registered for, and every
mail carries its link."""

import re
from pathlib import Path

from tests.mailbox import read_mail
from tests.registrations.helpers import adult_form


def test_mails_link_the_personal_feed_that_lists_the_registration(client, app, make_open_event,
                                                                  make_event):
    for path in Path(app.config["OUTBOX_DIR"]).glob("*.eml"):
        path.unlink()
    event = make_open_event(title="Codeerclub", capacity=10)
    make_event(title="Andere activiteit")
    response = client.post(f"/events/{event.id}/register", data=adult_form())
    assert response.status_code in (200, 302), response.text[:300]
    mails = [read_mail(p) for p in Path(app.config["OUTBOX_DIR"]).glob("*.eml")]
    assert len(mails) == 1
    feed = re.search(r"http://localhost(/feeds/[A-Za-z0-9_-]+\.ics)", mails[0]).group(1)
    calendar = client.get(feed)
    assert calendar.status_code == 200
    assert "SUMMARY:Codeerclub" in calendar.text
    assert "Andere activiteit" not in calendar.text
    client.post(f"/events/{event.id}/register", data=adult_form())  # repeated: same feed
    again = [read_mail(p) for p in Path(app.config["OUTBOX_DIR"]).glob("*.eml")]
    assert all(feed in m for m in again)
