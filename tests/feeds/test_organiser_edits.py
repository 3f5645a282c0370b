"""An organiser's edits on the management pages reach the feeds: cancelling one session makes
exactly that date CANCELLED with a higher SEQUENCE; the other dates stay byte-identical."""

from __future__ import annotations

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership
from tests.conftest import utc
from tests.feeds.conftest import vevents

NOW = utc(2026, 1, 5, 9, 0)


def test_cancel_and_restore_one_session_through_the_manage_pages(
        client, fetch, db, login, make_user, make_organisation, make_event, freeze_now):
    freeze_now(NOW)
    organisation = make_organisation(name="STEM-academie Gent")
    user = make_user(email="org@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    first = NOW + timedelta(days=2)
    event = make_event(organisation=organisation, title="Robotica-reeks",
                       sessions=[(first + timedelta(weeks=w), first + timedelta(weeks=w, hours=2))
                                 for w in range(3)])
    kept, cancelled = event.sessions[0], event.sessions[1]
    before_response, cal = fetch(f"/events/{event.id}.ics")
    before = vevents(cal)

    login(user)
    client.post(f"/manage/events/{event.id}/sessions/{cancelled.id}/cancel")
    after_response, cal = fetch(f"/events/{event.id}.ics")
    after = vevents(cal)
    assert set(after) == set(before)
    assert after[cancelled.uid]["STATUS"] == "CANCELLED"
    assert after[cancelled.uid]["SEQUENCE"] == before[cancelled.uid]["SEQUENCE"] + 1
    assert after[kept.uid]["STATUS"] == "CONFIRMED"
    assert after[kept.uid]["SEQUENCE"] == before[kept.uid]["SEQUENCE"]
    assert after_response.headers["ETag"] != before_response.headers["ETag"]
    _, agenda = fetch("/agenda.ics")
    assert vevents(agenda)[cancelled.uid]["STATUS"] == "CANCELLED"

    client.post(f"/manage/events/{event.id}/sessions/{cancelled.id}/restore")
    _, cal = fetch(f"/events/{event.id}.ics")
    restored = vevents(cal)[cancelled.uid]
    assert restored["STATUS"] == "CONFIRMED"
    assert restored["SEQUENCE"] == before[cancelled.uid]["SEQUENCE"] + 2
