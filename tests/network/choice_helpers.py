"""Helpers for State-of-the-STEM session choices: an open edition and a racing worker."""

from __future__ import annotations

from datetime import timedelta

from stem_events.date_time import now_utc


def open_edition(db, make_event, capacity=None, items=()):
    """An edition 30 days ahead whose umbrella event is open for registration; `items` are
    (title, start offset in minutes, length in minutes, capacity)."""
    from stem_events.editions.models import Edition, ProgrammeItem
    from stem_events.events.models import RegistrationMode
    from stem_events.reference.models import EventKind

    start = (now_utc() + timedelta(days=30)).replace(hour=7, minute=0, second=0,
                                                      microsecond=0)
    event = make_event(title=f"State-of-the-STEM {start.year}", kind=EventKind.STATE_OF_THE_STEM,
                       edition_year=start.year, registration_mode=RegistrationMode.SERIES,
                       capacity=capacity, waitlist_enabled=True, municipality_nis="21004",
                       sessions=[(start, start + timedelta(hours=8))])
    edition = Edition(year=start.year, event=event, venue="Square Brussel")
    for title, offset, length, seats in items:
        begin = start + timedelta(minutes=offset)
        edition.programme.append(ProgrammeItem(
            title=title, track="Onderwijs", room="Alfa", starts_at=begin,
            ends_at=begin + timedelta(minutes=length), capacity=seats))
    db.session.add(edition)
    db.session.commit()
    return edition


def participant_form(email: str, name: str = "An Peeters", **extra) -> dict:
    return {"who": "self", "contact_name": name, "contact_email": email,
            "participant_organisation": "Hogeschool Gent", "participant_helix": "knowledge",
            **extra}


def register(client, db, edition, email: str, name: str = "An Peeters"):
    """Register through the public form; returns the stored registration."""
    import sqlalchemy as sa

    from stem_events.registrations.models import Registration

    response = client.post(f"/events/{edition.event_id}/register",
                           data=participant_form(email, name))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == edition.event_id, Registration.contact_email == email))


def choose_worker(url, outbox_dir, links, item_ids, settings, barrier, results):
    """One server process: waits for the others, then posts a choice per signed link."""
    from tests.registrations.helpers import app_for

    app = app_for(url, outbox_dir, **settings)
    client = app.test_client()
    with app.app_context():
        client.get(links[0])  # warm up: templates, connections
    barrier.wait(timeout=60)
    outcome = []
    for link in links:
        with app.app_context():
            response = client.post(link, data={"item": item_ids})
        outcome.append((link, response.status_code, response.get_data(as_text=True)))
    results.put(outcome)
