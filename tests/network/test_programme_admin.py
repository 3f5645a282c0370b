"""Coordinators edit a State-of-the-STEM programme; every change a participant's calendar shows
bumps SEQUENCE and mails who chose the item; a cancelled item stays, marked cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import to_local
from stem_events.editions import programme
from stem_events.editions.models import Edition, ProgrammeChoice, ProgrammeItem
from stem_events.registrations.services import signed_token
from tests.network.choice_helpers import open_edition, register

ITEMS = [("Robotica in de klas", 60, 60, 2), ("Meisjes en STEM", 90, 60, None),
         ("Technologie-onderwijs", 150, 60, None)]


def _choose(client, registration, *items, status=302):
    response = client.post(f"/registrations/{signed_token(registration)}/sessions",
                           data={"item": [i.id for i in items]})
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def _form(item: ProgrammeItem, **changes) -> dict:
    start, end = to_local(item.starts_at), to_local(item.ends_at)
    data = {"title": item.title, "description": item.description, "track": item.track,
            "room": item.room, "day": start.date().isoformat(),
            "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}",
            "speakers": item.speakers,
            "capacity": "" if item.capacity is None else str(item.capacity)}
    data.update(changes)
    return data


def _url(edition, item=None, action="") -> str:
    base = f"/admin/state-of-the-stem/{edition.year}/programme/"
    return base + ("new" if item is None else f"{item.id}{action}")


def _fresh(db, item) -> ProgrammeItem:
    db.session.expire_all()
    return db.session.get(ProgrammeItem, item.id)


def _subjects(mailbox, recipient=None) -> list[str]:
    return [line[len("Subject: "):] for text, _ in mailbox(recipient)
            for line in text.splitlines() if line.startswith("Subject: ")]


@pytest.fixture
def chosen(client, db, make_event, as_coordinator):
    """An open edition; An chose robotics, Bo chose another session; a coordinator signed in."""
    edition = open_edition(db, make_event, capacity=20, items=ITEMS)
    robotics, girls, technology = edition.programme
    an = register(client, db, edition, "an@example.be")
    bo = register(client, db, edition, "bo@example.be", "Bo Janssens")
    _choose(client, an, robotics)
    _choose(client, bo, technology)
    as_coordinator()
    return edition, an, bo


def test_a_coordinator_adds_an_item_in_brussels_time(client, db, make_event, as_coordinator):
    edition = open_edition(db, make_event, items=ITEMS)
    as_coordinator()
    day = to_local(edition.event.sessions[0].starts_at).date()
    assert "Programmaonderdeel toevoegen" in client.get(
        f"/admin/state-of-the-stem/{edition.year}/programme").get_data(as_text=True)
    response = client.post(_url(edition), data={
        "title": "Slotdebat", "day": day.isoformat(), "start_time": "15:30",
        "end_time": "16:15", "room": "Grote zaal", "speakers": "An Peeters",
        "capacity": ""})
    assert response.status_code == 302
    item = db.session.scalar(sa.select(ProgrammeItem).where(ProgrammeItem.title == "Slotdebat"))
    assert f"{to_local(item.starts_at):%H:%M}" == "15:30" and item.capacity is None
    assert item.starts_at.utcoffset() == timedelta(0) and item.sequence == 0 and item.uid
    page = client.get(f"/state-of-the-stem/{edition.year}").get_data(as_text=True)
    assert "Slotdebat" in page and "15:30" in page


@pytest.mark.parametrize("changes,message", [
    ({"end_time": "09:00", "start_time": "10:00"}, "Het einde moet na het begin liggen."),
    ({"title": ""}, "Geef een titel."),
    ({"capacity": "-3"}, "Een aantal vanaf 0."),
    ({"day": "not-a-day"}, "Ongeldige datum."),
])
def test_bad_input_is_refused_with_the_form_kept(client, db, make_event, as_coordinator,
                                                 changes, message):
    edition = open_edition(db, make_event, items=ITEMS)
    as_coordinator()
    data = _form(edition.programme[0], **{"title": "Nieuw onderdeel", **changes})
    response = client.post(_url(edition), data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'role="alert"' in html
    if changes.get("title") is None:
        assert 'value="Nieuw onderdeel"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeItem)) == 3


def test_an_item_outside_the_editions_days_is_refused(client, db, make_event, as_coordinator):
    edition = open_edition(db, make_event, items=ITEMS)
    as_coordinator()
    robotics = edition.programme[0]
    next_day = (to_local(robotics.starts_at) + timedelta(days=1)).date().isoformat()
    response = client.post(_url(edition, robotics), data=_form(robotics, day=next_day))
    assert response.status_code == 400
    assert "valt binnen de editie" in response.get_data(as_text=True)
    assert _fresh(db, robotics).starts_at == robotics.starts_at


def test_a_time_change_bumps_sequence_and_mails_the_chooser_only(client, db, chosen,
                                                                 mailbox):
    edition, an, bo = chosen
    robotics = edition.programme[0]
    uid, before = robotics.uid, len(mailbox())
    response = client.post(_url(edition, robotics),
                           data=_form(robotics, start_time="11:15", end_time="12:00"))
    assert response.status_code == 302
    assert "1 deelnemers kregen een bericht" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    item = _fresh(db, robotics)
    assert item.sequence == 1 and item.uid == uid
    mails = mailbox("an@example.be")[before:] if before else mailbox("an@example.be")
    changed = [(t, c) for t, c in mails if "Subject: Gewijzigd: Robotica in de klas" in t]
    assert len(changed) == 1
    text, calendar = changed[0]
    assert "van 11:15 tot 12:00" in text and "Alfa, Square Brussel" in text
    assert "/feeds/" in text  # the personal feed link
    assert f"UID:{uid}" in calendar and "SEQUENCE:1" in calendar
    assert "METHOD:REQUEST" in calendar and "STATUS:CONFIRMED" in calendar
    assert not [s for s in _subjects(mailbox, "bo@example.be") if s.startswith("Gewijzigd")]

    # Capacity is not visible in a calendar: no SEQUENCE, no mail.
    sent = len(mailbox())
    response = client.post(_url(edition, item), data=_form(item, capacity="5"))
    assert response.status_code == 302
    assert _fresh(db, item).sequence == 1 and _fresh(db, item).capacity == 5
    assert len(mailbox()) == sent


def test_lowering_capacity_below_the_choices_taken_is_refused(client, db, chosen):
    edition, an, bo = chosen
    robotics = edition.programme[0]
    _choose(client, bo, robotics)  # now two chose it
    response = client.post(_url(edition, robotics), data=_form(robotics, capacity="1",
                                                              title="Nieuwe titel"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "2 deelnemers kozen dit onderdeel al" in html and 'value="Nieuwe titel"' in html
    item = _fresh(db, robotics)
    assert (item.capacity, item.title, item.sequence) == (2, "Robotica in de klas", 0)
    assert client.post(_url(edition, robotics),
                       data=_form(robotics, capacity="2")).status_code == 302


def test_a_chosen_item_is_cancelled_not_deleted_and_stays_in_the_feeds(client, db, chosen,
                                                                      mailbox):
    from stem_events.feeds.services import token_for

    edition, an, bo = chosen
    robotics, girls, _technology = edition.programme
    response = client.post(_url(edition, robotics, "/delete"))
    assert response.status_code == 409
    assert "verwijderen kan niet meer" in response.get_data(as_text=True)
    assert _fresh(db, robotics) is not None

    assert client.post(_url(edition, robotics, "/cancel")).status_code == 302
    item = _fresh(db, robotics)
    assert item.cancelled and item.sequence == 1 and item.uid == robotics.uid
    assert any(s.startswith("Geannuleerd: Robotica in de klas")
               for s in _subjects(mailbox, "an@example.be"))
    text, calendar = [m for m in mailbox("an@example.be") if "Geannuleerd: Robotica" in m[0]][0]
    assert "(geannuleerd)" in text and "/sessions" in text
    assert "STATUS:CANCELLED" in calendar and f"UID:{robotics.uid}" in calendar

    programme_feed = client.get(f"/state-of-the-stem/{edition.year}.ics").get_data(as_text=True)
    event = _vevent(programme_feed, robotics.uid)
    assert "STATUS:CANCELLED" in event and "SEQUENCE:1" in event
    personal = client.get(f"/feeds/{token_for('an@example.be')}.ics").get_data(as_text=True)
    assert "STATUS:CANCELLED" in _vevent(personal, robotics.uid)
    page = client.get(f"/state-of-the-stem/{edition.year}").get_data(as_text=True)
    assert "<s><strong>Robotica in de klas</strong></s>" in page and "geannuleerd" in page

    # Nobody new may choose it; An keeps it and may choose an overlapping session instead.
    response = _choose(client, bo, robotics, status=409)
    assert "‘Robotica in de klas’ is geannuleerd" in response.get_data(as_text=True)
    _choose(client, an, robotics, girls)
    assert _choices(db, an) == {robotics.id, girls.id}

    assert client.post(_url(edition, robotics, "/restore")).status_code == 302
    item = _fresh(db, robotics)
    assert not item.cancelled and item.sequence == 2
    restored = client.get(f"/state-of-the-stem/{edition.year}.ics").get_data(as_text=True)
    assert "STATUS:CONFIRMED" in _vevent(restored, robotics.uid)


def _vevent(feed: str, uid: str) -> str:
    unfolded = feed.replace("\r\n ", "")
    return next(block for block in unfolded.split("BEGIN:VEVENT") if f"UID:{uid}" in block)


def _choices(db, registration) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(ProgrammeChoice.programme_item_id).where(
        ProgrammeChoice.registration_id == registration.id)))


def test_an_item_nobody_chose_is_deleted(client, db, chosen):
    edition, _an, _bo = chosen
    girls = edition.programme[1]
    girls_id = girls.id
    response = client.post(_url(edition, girls, "/delete"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ProgrammeItem, girls_id) is None


def test_a_venue_change_bumps_every_item_and_mails_each_chooser_once(client, db, chosen,
                                                                     mailbox):
    edition, an, bo = chosen
    robotics, girls, technology = edition.programme
    _choose(client, an, robotics, technology)
    response = client.post(f"/admin/state-of-the-stem/{edition.year}/venue",
                           data={"venue-venue": "Flagey, Brussel"})
    assert response.status_code == 302
    db.session.expire_all()
    assert {i.sequence for i in db.session.get(Edition, edition.id).programme} == {1}
    to_an = [t for t, _ in mailbox("an@example.be") if "Programma gewijzigd" in t]
    assert len(to_an) == 1 and "Flagey, Brussel" in to_an[0]
    assert "Robotica in de klas" in to_an[0] and "Technologie-onderwijs" in to_an[0]
    assert len([t for t, _ in mailbox("bo@example.be") if "Gewijzigd: Technologie" in t]) == 1
    # Saving the same venue again changes nothing a calendar shows.
    client.post(f"/admin/state-of-the-stem/{edition.year}/venue",
                data={"venue-venue": "Flagey, Brussel"})
    assert _fresh(db, robotics).sequence == 1


def test_ids_of_another_edition_are_404(client, db, make_event, make_edition,
                                        as_coordinator):
    edition = open_edition(db, make_event, items=ITEMS)
    other = make_edition(year=2090)
    as_coordinator()
    robotics = edition.programme[0]
    assert client.get(f"/admin/state-of-the-stem/{other.year}/programme/{robotics.id}"
                      ).status_code == 404
    assert client.post(f"/admin/state-of-the-stem/{other.year}/programme/{robotics.id}/cancel"
                       ).status_code == 404
    assert client.get("/admin/state-of-the-stem/2091/programme/new").status_code == 404
    assert not _fresh(db, robotics).cancelled


def test_services_refuse_before_anything_changes(app, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics = edition.programme[0]
    with app.test_request_context():
        with pytest.raises(programme.FieldError):
            programme.update_item(edition, robotics.id, programme.ItemInput(
                title="  ", starts_at=robotics.starts_at, ends_at=robotics.ends_at))
        with pytest.raises(programme.FieldError):
            programme.add_item(edition, programme.ItemInput(
                title="Omgekeerd", starts_at=robotics.ends_at, ends_at=robotics.starts_at))
        assert programme.set_cancelled(edition, robotics.id, False) == 0  # no change
    assert _fresh(db, robotics).sequence == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeItem)) == 3


def test_cancelling_the_umbrella_event_bumps_every_item(client, db, make_event):
    from stem_events.events.models import EventStatus

    edition = open_edition(db, make_event, items=ITEMS)
    edition.event.status = EventStatus.CANCELLED
    db.session.commit()
    db.session.expire_all()
    assert {i.sequence for i in db.session.get(Edition, edition.id).programme} == {1}
    feed = client.get(f"/state-of-the-stem/{edition.year}.ics").get_data(as_text=True)
    assert "STATUS:CANCELLED" in _vevent(feed, edition.programme[0].uid)
    edition.event.title = "Andere titel"  # not in an item's VEVENT: no bump
    db.session.commit()
    db.session.expire_all()
    assert {i.sequence for i in db.session.get(Edition, edition.id).programme} == {1}
