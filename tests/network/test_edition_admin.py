"""Coordinators create State-of-the-STEM editions around their umbrella event, and keep the
venue and the market stands (award rounds: tests/awards/)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.editions import services as editions
from stem_events.editions.models import (
    Edition,
    MarketStand,
    ProgrammeItem,
)
from stem_events.events.models import EventStatus, RegistrationMode
from stem_events.initiatives.models import InitiativeStatus
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.conftest import utc


def _umbrella(make_event, title="State-of-the-STEM 2030", **values):
    start = utc(2030, 5, 16, 7)
    values.setdefault("status", EventStatus.DRAFT)
    return make_event(title=title, kind=EventKind.STATE_OF_THE_STEM, venue_name="Square",
                      sessions=[(start, start + timedelta(hours=8))], **values)


def _count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_editions_are_listed_with_their_counts_and_linked_from_the_admin(
        client, db, make_edition, make_initiative, as_coordinator):
    club = make_initiative()
    edition = make_edition(year=2028)
    start = edition.event.sessions[0].starts_at
    edition.programme.append(ProgrammeItem(title="Opening", starts_at=start,
                                           ends_at=start + timedelta(hours=1)))
    edition.stands.append(MarketStand(initiative=club, stand_number="M01"))
    for email, status in (("a@example.be", RegistrationStatus.CONFIRMED),
                          ("b@example.be", RegistrationStatus.CONFIRMED),
                          ("c@example.be", RegistrationStatus.WAITLISTED)):
        db.session.add(Registration(event_id=edition.event_id, status=status,
                                    identity_key=email, contact_name="X", contact_email=email))
    db.session.commit()
    as_coordinator()
    assert 'href="/admin/state-of-the-stem/"' in client.get("/admin/").get_data(as_text=True)
    html = client.get("/admin/state-of-the-stem/").get_data(as_text=True)
    row = html.split("Editie 2028")[1].split("</tr>")[0]
    assert "State-of-the-STEM 2028" in row and "gepubliceerd" in row
    assert [c.split("<")[0] for c in row.split("<td>")[3:]] == ["1", "1", "2"]


def test_a_coordinator_creates_an_edition_and_the_event_gets_its_year(
        client, db, make_event, as_coordinator):
    event = _umbrella(make_event)
    make_event(title="Gewone workshop")
    as_coordinator()
    form = client.get("/admin/state-of-the-stem/").get_data(as_text=True)
    assert "State-of-the-STEM 2030 (ontwerp" in form and "Gewone workshop" not in form
    response = client.post("/admin/state-of-the-stem/",
                           data={"year": "2030", "event": str(event.id), "venue": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/state-of-the-stem/2030")
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == 2030))
    db.session.refresh(event)
    assert edition.event_id == event.id and edition.venue == "Square"
    assert event.edition_year == 2030
    # Linked now: no longer offered.
    assert "State-of-the-STEM 2030 (" not in client.get(
        "/admin/state-of-the-stem/").get_data(as_text=True)


@pytest.mark.parametrize("case,status,message", [
    ("year_taken", 409, "Er bestaat al een editie 2028."),
    ("event_linked", 409, "Deze activiteit hoort al bij editie 2028."),
    ("other_year", 400, "ingesteld als editie 2032"),
    ("not_umbrella", 400, "Kies een activiteit van het soort State-of-the-STEM."),
    ("bad_year", 400, "Een jaar tussen 2000 en 2100."),
    ("no_year", 400, "Vul een jaar in."),
])
def test_creating_an_edition_refuses_with_the_form_kept(client, db, make_event, make_edition,
                                                         as_coordinator, case, status,
                                                         message):
    existing = make_edition(year=2028)
    event = _umbrella(make_event, edition_year=2032 if case == "other_year" else None)
    data = {"year": "2030", "event": str(event.id), "venue": "Flagey"}
    if case == "year_taken":
        data["year"] = "2028"
    elif case == "event_linked":
        data["event"] = str(existing.event_id)
    elif case == "not_umbrella":
        data["event"] = str(make_event(title="Workshop").id)
    elif case == "bad_year":
        data["year"] = "1999"
    elif case == "no_year":
        data["year"] = ""
    as_coordinator()
    before = _count(db, Edition)
    response = client.post("/admin/state-of-the-stem/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == status, html
    assert message in html and 'role="alert"' in html and 'value="Flagey"' in html
    assert _count(db, Edition) == before


def test_the_venue_is_edited(client, db, make_edition, as_coordinator):
    make_edition(year=2028)
    as_coordinator()
    response = client.post("/admin/state-of-the-stem/2028/venue",
                           data={"venue-venue": "Flagey"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Edition.venue)) == "Flagey"
    response = client.post("/admin/state-of-the-stem/2028/venue",
                           data={"venue-venue": "x" * 201})
    assert response.status_code == 400 and "Hoogstens 200 tekens." in response.text
    assert 'value="' + "x" * 201 + '"' in response.text
    assert db.session.scalar(sa.select(Edition.venue)) == "Flagey"


def test_an_edition_whose_umbrella_draft_was_deleted_gets_a_new_one(
        client, db, make_event, as_coordinator):
    """Only a draft can be deleted; its edition then has no event and can be linked again."""
    lost = _umbrella(make_event, title="Oude ontwerpversie")
    db.session.add(Edition(year=2030, event=lost, venue=""))
    db.session.commit()
    db.session.delete(lost)
    db.session.commit()
    replacement = _umbrella(make_event, title="State-of-the-STEM 2030, definitief")
    as_coordinator()
    page = client.get("/admin/state-of-the-stem/2030").get_data(as_text=True)
    assert "geen activiteit" in page and "Activiteit koppelen" in page
    response = client.post("/admin/state-of-the-stem/2030/event",
                           data={"umbrella-event": str(make_event(title="Workshop").id)})
    assert response.status_code == 400
    assert "Kies een activiteit van het soort State-of-the-STEM." in response.text
    response = client.post("/admin/state-of-the-stem/2030/event",
                           data={"umbrella-event": str(replacement.id)})
    assert response.status_code == 302
    edition = db.session.scalar(sa.select(Edition).where(Edition.year == 2030))
    db.session.refresh(replacement)
    assert edition.event_id == replacement.id and edition.venue == "Square"
    assert replacement.edition_year == 2030
    # An edition that has its event keeps it (its participants registered for that one).
    other = _umbrella(make_event, title="Nog een andere")
    response = client.post("/admin/state-of-the-stem/2030/event",
                           data={"umbrella-event": str(other.id)})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Edition, edition.id).event_id == replacement.id
    assert "Activiteit koppelen" not in client.get(
        "/admin/state-of-the-stem/2030").get_data(as_text=True)


# ---------------------------------------------------------------------------- stands
def test_stands_are_added_renumbered_and_removed(client, db, make_edition, make_initiative,
                                                 as_coordinator):
    make_edition(year=2028)
    club, lab = make_initiative("Codeerclub"), make_initiative("Robotlab")
    as_coordinator()
    url = "/admin/state-of-the-stem/2028/stands"
    assert client.post(url, data={"stand-initiative": club.id,
                                  "stand-stand_number": " M01 "}).status_code == 302
    stand = db.session.scalar(sa.select(MarketStand))
    assert stand.stand_number == "M01"
    response = client.post(url, data={"stand-initiative": lab.id,
                                      "stand-stand_number": "m01"})
    assert response.status_code == 409 and "Stand M01 is al toegekend aan ‘Codeerclub’" \
        in response.text
    assert 'value="m01"' in response.text
    response = client.post(url, data={"stand-initiative": club.id,
                                      "stand-stand_number": "M09"})
    assert response.status_code == 409 and "heeft al stand M01" in response.text
    assert _count(db, MarketStand) == 1

    assert client.post(f"{url}/{stand.id}",
                       data={f"stand-{stand.id}-stand_number": "B12"}).status_code == 302
    db.session.refresh(stand)
    assert stand.stand_number == "B12"
    response = client.post(f"{url}/{stand.id}", data={f"stand-{stand.id}-stand_number": ""})
    assert response.status_code == 400 and "Vul een standnummer in." in response.text
    assert client.post(f"{url}/{stand.id}/delete").status_code == 302
    assert _count(db, MarketStand) == 0


def test_a_stand_for_an_unpublished_initiative_is_refused(client, db, make_edition,
                                                          make_initiative, as_coordinator):
    make_edition(year=2028)
    draft = make_initiative("In review", status=InitiativeStatus.IN_REVIEW)
    as_coordinator()
    response = client.post("/admin/state-of-the-stem/2028/stands",
                           data={"stand-initiative": draft.id, "stand-stand_number": "M01"})
    assert response.status_code == 400 and "niet gepubliceerd" in response.text
    response = client.post("/admin/state-of-the-stem/2028/stands",
                           data={"stand-initiative": "987654", "stand-stand_number": "M01"})
    assert response.status_code == 400 and "Kies een initiatief uit het register." \
        in response.text
    assert _count(db, MarketStand) == 0


def test_stands_of_another_edition_are_404(client, db, make_edition, make_initiative,
                                          as_coordinator):
    club = make_initiative()
    make_edition(year=2028)
    other = make_edition(year=2026)
    other.stands.append(MarketStand(initiative=club, stand_number="M01"))
    db.session.commit()
    stand = other.stands[0]
    as_coordinator()
    base = "/admin/state-of-the-stem/2028"
    assert client.post(f"{base}/stands/{stand.id}/delete").status_code == 404
    assert client.post(f"{base}/stands/{stand.id}",
                       data={f"stand-{stand.id}-stand_number": "X"}).status_code == 404
    assert _count(db, MarketStand) == 1


def test_services_create_edition_checks_before_changing(app, db, make_event):
    event = _umbrella(make_event, registration_mode=RegistrationMode.SERIES)
    version = event.version
    with app.test_request_context():
        with pytest.raises(editions.FieldError) as error:
            editions.create_edition(2031, 987654, "")
        assert error.value.field == "event"
        edition = editions.create_edition(2030, event.id, " Flagey ")
    db.session.commit()
    assert edition.venue == "Flagey" and event.edition_year == 2030
    assert event.version == version + 1  # an organiser's open form sees it changed
