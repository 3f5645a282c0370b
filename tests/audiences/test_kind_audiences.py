"""A nascholing or a teacher club always carries the audience leerkrachten, however it was
saved (issue 19): the agenda's "Voor leerkrachten", its feed, the event page and the API agree."""

import sqlalchemy as sa

from stem_events.audiences.models import Audience
from stem_events.events.models import Event
from stem_events.reference.models import EventKind


def test_a_kind_change_outside_the_form_tags_the_event(db, client, make_event):
    event = make_event(title="Digitale geletterdheid in de klas")
    assert event.audiences == []
    event.kind = EventKind.TEACHER_TRAINING  # as the demo data or a club does
    db.session.commit()
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert [a.slug for a in event.audiences] == ["leerkrachten"]
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert "Leerkrachten en begeleiders" in page


def test_a_new_teacher_club_meeting_is_tagged_and_in_the_teachers_feed(db, client, make_event):
    make_event(title="STEM-club voor leerkrachten Gent", kind=EventKind.TEACHER_CLUB)
    tagged = db.session.scalars(sa.select(Audience.slug).join(Event.audiences)).all()
    assert tagged == ["leerkrachten"]
    feed = client.get("/agenda.ics?audience=leerkrachten")
    assert feed.status_code == 200
    assert "X-WR-CALNAME:STEM-agenda — voor leerkrachten" in feed.text
    assert "STEM-club voor leerkrachten Gent" in feed.text
