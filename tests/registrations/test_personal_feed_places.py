"""The personal feed tells the truth about one's place (issue 16, item 1; CONTRACT.md): one
VEVENT per session, CONFIRMED when any of the owner's registrations is confirmed, else
TENTATIVE "Wachtlijst: <titel>" with the position in DESCRIPTION; a promotion raises SEQUENCE;
a cancelled registration stays as CANCELLED until the event is past. Parsed back with two
independent engines, icalendar and vobject."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import sqlalchemy as sa
import vobject

from stem_events.date_time import now_utc
from stem_events.feeds.services import token_for
from stem_events.registrations import services
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import adult_form, children_form

PARENT = "ouder@example.be"


def _vevents(client, token: str) -> list[dict]:
    """The feed's VEVENTs as both engines read them; they must agree."""
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    by_icalendar = [
        {"uid": str(c["UID"]), "status": str(c["STATUS"]), "summary": str(c["SUMMARY"]),
         "sequence": int(c["SEQUENCE"]), "description": str(c["DESCRIPTION"])}
        for c in icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    ]
    by_vobject = [
        {"uid": v.uid.value, "status": v.status.value, "summary": v.summary.value,
         "sequence": int(v.sequence.value), "description": v.description.value}
        for v in vobject.readOne(response.text).contents.get("vevent", [])
    ]
    assert by_icalendar == by_vobject
    return by_icalendar


def _token(db) -> str:
    token = token_for(PARENT)
    db.session.commit()
    return token


def _registration(db, email: str) -> Registration:
    return db.session.scalars(sa.select(Registration).where(
        Registration.contact_email == email)).first()


def test_waiting_list_is_tentative_until_promoted(client, db, make_open_event):
    event = make_open_event(title="Technieklab", capacity=1)
    client.post(f"/events/{event.id}/register", data=adult_form("eerste@example.be"))
    child = ("Mila", "Peeters", "2016-05-01")
    client.post(f"/events/{event.id}/register", data=children_form(PARENT, [child]))
    token = _token(db)

    (waiting,) = _vevents(client, token)
    assert waiting["status"] == "TENTATIVE"
    assert waiting["summary"] == "Wachtlijst: Technieklab"
    assert "wachtlijst (plaats 1)" in waiting["description"]
    assert waiting["uid"] == event.sessions[0].uid

    services.cancel(event.id, [_registration(db, "eerste@example.be").id])  # a seat frees up
    (promoted,) = _vevents(client, token)
    assert promoted["status"] == "CONFIRMED"
    assert promoted["summary"] == "Technieklab"
    assert "wachtlijst" not in promoted["description"]
    assert promoted["uid"] == waiting["uid"]
    assert promoted["sequence"] > waiting["sequence"]

    services.cancel(event.id, [_registration(db, PARENT).id])
    (cancelled,) = _vevents(client, token)
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] > promoted["sequence"]


def test_one_vevent_per_session_confirmed_when_any_child_is(client, db, make_open_event):
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    event = make_open_event(title="Codeerclub", capacity=1, sessions=[
        (start, start + timedelta(hours=2)),
        (start + timedelta(days=7), start + timedelta(days=7, hours=2))])
    children = [("Mila", "Peeters", "2016-05-01"), ("Noor", "Peeters", "2017-02-03")]
    client.post(f"/events/{event.id}/register", data=children_form(PARENT, children))
    statuses = {r.status for r in db.session.scalars(sa.select(Registration))}
    assert statuses == {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED}

    vevents = _vevents(client, _token(db))
    assert sorted(v["uid"] for v in vevents) == sorted(s.uid for s in event.sessions)
    assert {v["status"] for v in vevents} == {"CONFIRMED"}
    assert {v["summary"] for v in vevents} == {"Codeerclub"}


def test_a_cancelled_registration_leaves_the_feed_once_the_event_is_past(
        client, db, make_open_event, freeze_now):
    event = make_open_event(title="Robotkamp", capacity=5)
    client.post(f"/events/{event.id}/register", data=adult_form(PARENT))
    services.cancel(event.id, [_registration(db, PARENT).id])
    token = _token(db)
    assert [v["status"] for v in _vevents(client, token)] == ["CANCELLED"]
    freeze_now(event.sessions[0].ends_at + timedelta(hours=1))
    assert _vevents(client, token) == []


def _calendars(app, recipient: str) -> list[icalendar.Calendar]:
    """The calendar parts of the mails queued for `recipient`, oldest first (outbox table)."""
    import email
    import email.policy

    from stem_events.extensions import db
    from stem_events.mail.models import OutboxMessage
    from stem_events.mail.outbox import message_text

    found = []
    for row in db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)):
        message = email.message_from_string(message_text(row), policy=email.policy.default)
        found += [icalendar.Calendar.from_ical(part.get_payload(decode=True))
                  for part in message.walk() if part.get_content_type() == "text/calendar"]
    return found


def test_mail_attachments_follow_the_feed(app, client, db, make_open_event):
    event = make_open_event(title="Technieklab", capacity=1)
    client.post(f"/events/{event.id}/register", data=adult_form("eerste@example.be"))
    children = [("Mila", "Peeters", "2016-05-01")]
    client.post(f"/events/{event.id}/register", data=children_form(PARENT, children))
    token = _token(db)
    [waitlist] = _calendars(app, PARENT)
    [entry] = waitlist.walk("VEVENT")
    assert waitlist["METHOD"] == "REQUEST"
    assert (str(entry["STATUS"]), str(entry["SUMMARY"])) == ("TENTATIVE",
                                                             "Wachtlijst: Technieklab")
    assert int(entry["SEQUENCE"]) == _vevents(client, token)[0]["sequence"]

    services.cancel(event.id, [_registration(db, "eerste@example.be").id])
    [_, promotion] = _calendars(app, PARENT)
    [promoted] = promotion.walk("VEVENT")
    assert str(promoted["UID"]) == str(entry["UID"])
    assert str(promoted["STATUS"]) == "CONFIRMED"
    assert int(promoted["SEQUENCE"]) > int(entry["SEQUENCE"])
    assert int(promoted["SEQUENCE"]) == _vevents(client, token)[0]["sequence"]


def test_cancelling_one_child_keeps_the_entry_of_the_other(app, client, db, make_open_event):
    event = make_open_event(title="Codeerclub", capacity=5)
    children = [("Mila", "Peeters", "2016-05-01"), ("Noor", "Peeters", "2017-02-03")]
    client.post(f"/events/{event.id}/register", data=children_form(PARENT, children))
    mila = db.session.scalars(sa.select(Registration).where(
        Registration.child_first_name == "Mila")).one()
    services.cancel(event.id, [mila.id])
    cancellation = _calendars(app, PARENT)[-1]
    assert cancellation["METHOD"] == "REQUEST"  # not CANCEL: Noor still goes
    assert [str(v["STATUS"]) for v in cancellation.walk("VEVENT")] == ["CONFIRMED"]
    assert [v["status"] for v in _vevents(client, _token(db))] == ["CONFIRMED"]
