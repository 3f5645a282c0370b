"""State-of-the-STEM: register once for the edition, then choose sessions (issue 8, item 3)."""

from __future__ import annotations

import multiprocessing
import re

import pytest
import sqlalchemy as sa

from stem_events.date_time import to_local
from stem_events.editions.models import ProgrammeChoice
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import signed_token
from tests.network.choice_helpers import choose_worker, open_edition, register

ITEMS = [("Robotica in de klas", 60, 60, 1), ("Meisjes en STEM", 90, 60, None),
         ("Technologie-onderwijs", 150, 60, 2)]


def _link(registration) -> str:
    return f"/registrations/{signed_token(registration)}/sessions"


def _chosen(db, registration) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(
        sa.select(ProgrammeChoice.programme_item_id)
        .where(ProgrammeChoice.registration_id == registration.id)))


def test_register_once_then_choose_two_sessions(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics, girls, technology = edition.programme
    registration = register(client, db, edition, "an@example.be")
    manage = client.get(f"/registrations/{signed_token(registration)}").get_data(as_text=True)
    found = re.search(r'href="(/registrations/[^"]+/sessions)"', manage)
    assert found  # the signed link leads to the choices
    assert client.get(found.group(1)).status_code == 200

    page = client.get(_link(registration)).get_data(as_text=True)
    assert "Robotica in de klas" in page and "nog 1 plaats" in page
    response = client.post(_link(registration), data={"item": [robotics.id, technology.id]})
    assert response.status_code == 302
    assert _chosen(db, registration) == {robotics.id, technology.id}
    # Choosing again replaces the choice; the held seat is kept, not counted twice.
    response = client.post(_link(registration), data={"item": [robotics.id]})
    assert response.status_code == 302 and _chosen(db, registration) == {robotics.id}


def test_overlapping_choice_is_refused_nothing_changes_form_kept(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics, girls, technology = edition.programme
    registration = register(client, db, edition, "an@example.be")
    client.post(_link(registration), data={"item": [technology.id]})

    response = client.post(_link(registration), data={"item": [robotics.id, girls.id]})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "‘Robotica in de klas’ en ‘Meisjes en STEM’ lopen tegelijk" in html
    assert _chosen(db, registration) == {technology.id}
    # The form shows what was submitted, not what is stored.
    assert f'value="{robotics.id}" id="item-{robotics.id}" checked' in html
    assert f'value="{technology.id}" id="item-{technology.id}" checked' not in html


def test_a_full_session_is_refused_and_freed_by_a_cancellation(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics, _girls, technology = edition.programme
    an = register(client, db, edition, "an@example.be")
    bo = register(client, db, edition, "bo@example.be", "Bo Janssens")
    assert client.post(_link(an), data={"item": [robotics.id]}).status_code == 302

    response = client.post(_link(bo), data={"item": [robotics.id, technology.id]})
    assert response.status_code == 409
    assert "‘Robotica in de klas’ is volzet" in response.get_data(as_text=True)
    assert _chosen(db, bo) == set()  # all or nothing: not even the free session

    client.post(f"/registrations/{signed_token(an)}/cancel")
    assert client.post(_link(bo), data={"item": [robotics.id]}).status_code == 302
    assert _chosen(db, bo) == {robotics.id}


def test_only_confirmed_participants_choose(client, db, make_event):
    edition = open_edition(db, make_event, capacity=1, items=ITEMS)
    register(client, db, edition, "an@example.be")
    waiting = register(client, db, edition, "bo@example.be", "Bo Janssens")
    assert waiting.status == RegistrationStatus.WAITLISTED
    response = client.post(_link(waiting), data={"item": [edition.programme[1].id]})
    assert response.status_code == 409 and "bevestigd" in response.get_data(as_text=True)
    assert _chosen(db, waiting) == set()


def test_unknown_items_and_links_outside_an_edition_are_refused(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    registration = register(client, db, edition, "an@example.be")
    response = client.post(_link(registration), data={"item": [999999]})
    assert response.status_code == 400 and _chosen(db, registration) == set()
    # A value that is no id does not silently drop the other choices either.
    robotics = edition.programme[0]
    assert client.post(_link(registration), data={"item": [robotics.id]}).status_code == 302
    for junk in ("abc", "99999999999", "-1"):
        response = client.post(_link(registration), data={"item": [junk]})
        assert response.status_code == 400, junk
        assert "Kies sessies uit het programma" in response.get_data(as_text=True)
        assert _chosen(db, registration) == {robotics.id}
    assert client.get("/registrations/not-a-valid-link/sessions").status_code == 404
    workshop = make_event(title="Gewone workshop", registration_mode="series", capacity=5)
    response = client.post(f"/events/{workshop.id}/register",
                           data={"who": "self", "contact_name": "Cor", "contact_email":
                                 "cor@example.be"})
    assert response.status_code == 302
    plain = db.session.scalar(sa.select(Registration).where(
        Registration.event_id == workshop.id))
    assert client.get(_link(plain)).status_code == 404


@pytest.mark.slow
def test_processes_racing_for_a_session_never_overfill_it(app, client, db, make_event):
    """Six participants in three processes choose a session with two seats at once; a pause
    between counting and inserting widens the window (without the lock this overfills)."""
    edition = open_edition(db, make_event, items=ITEMS)
    technology = edition.programme[2]
    people = [register(client, db, edition, f"p{i}@example.be", f"Persoon {i}")
              for i in range(6)]
    links = [_link(p) for p in people]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(3), context.Queue()
    processes = [context.Process(target=choose_worker, args=(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"], links[i::3],
        [technology.id], {"REGISTRATION_TEST_PAUSE": 0.15}, barrier, results))
        for i in range(3)]
    for process in processes:
        process.start()
    outcome = [row for _ in processes for row in results.get(timeout=120)]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    statuses = sorted(status for _, status, _ in outcome)
    assert statuses == [302, 302, 409, 409, 409, 409], statuses
    db.session.expire_all()
    taken = db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeChoice).where(
        ProgrammeChoice.programme_item_id == technology.id))
    assert taken == 2


def test_programme_feed_has_items_with_stored_uid_and_sequence(client, db, make_event):
    edition = open_edition(db, make_event, items=ITEMS)
    robotics = edition.programme[0]
    robotics.sequence = 3
    db.session.commit()
    response = client.get(f"/state-of-the-stem/{edition.year}.ics")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert body.count("BEGIN:VEVENT") == 3
    for item in edition.programme:
        assert f"UID:{item.uid}" in body
    assert "SEQUENCE:3" in body and "BEGIN:VTIMEZONE" in body
    local = to_local(robotics.starts_at)
    assert f"DTSTART;TZID=Europe/Brussels:{local:%Y%m%dT%H%M%S}" in body
    assert client.get("/state-of-the-stem/1999.ics").status_code == 404


def test_chosen_sessions_appear_in_the_personal_feed(client, db, make_event):
    from stem_events.feeds.services import token_for

    edition = open_edition(db, make_event, items=ITEMS)
    robotics, girls, technology = edition.programme
    an = register(client, db, edition, "an@example.be")
    client.post(_link(an), data={"item": [robotics.id, technology.id]})
    body = client.get(f"/feeds/{token_for('an@example.be')}.ics").get_data(as_text=True)
    assert f"UID:{robotics.uid}" in body and f"UID:{technology.uid}" in body
    assert f"UID:{girls.uid}" not in body
    assert f"UID:{edition.event.sessions[0].uid}" in body  # the umbrella event itself
    client.post(f"/registrations/{signed_token(an)}/cancel")
    body = client.get(f"/feeds/{token_for('an@example.be')}.ics").get_data(as_text=True)
    assert f"UID:{robotics.uid}" not in body
