"""The optional reach questions: never required, stored apart from the identity, seen by
nobody but the person, erasable, and kept as counts without the link after the purge."""

from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Membership
from stem_events.audiences.models import Audience
from stem_events.date_time import now_utc
from stem_events.reach.models import ReachAnswer, ReachLink
from stem_events.registrations.models import Registration
from stem_events.registrations.services import signed_token
from tests.registrations.helpers import adult_form, children_form

PASSWORD = "correct horse 42"  # noqa: S105
ANSWERS = {"reach_gender": "female", "reach_reduced": "yes", "reach_postcode": "9000"}


def answers(db):
    return db.session.scalars(sa.select(ReachAnswer)).all()


def test_the_form_asks_the_questions_honestly_and_never_requires_them(client, make_open_event):
    event = make_open_event()
    page = client.get(f"/events/{event.id}/register").text
    for name in ("reach_gender", "reach_reduced", "reach_postcode", "reach_postcode_withheld"):
        assert f'name="{name}"' in page
    assert "zeg ik liever niet" in page and "niet anoniem" in page
    assert "afkomst" not in page.lower() and "migratie" not in page.lower()
    response = client.post(f"/events/{event.id}/register", data=adult_form())
    assert response.status_code == 302  # registered without answering anything


def test_an_unanswered_form_stores_no_answer_at_all(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form())
    assert answers(db) == [] and db.session.scalars(sa.select(ReachLink)).all() == []


def test_answers_are_stored_apart_from_the_registration(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form(**ANSWERS))
    [row] = answers(db)
    assert (row.gender, row.reduced_rate, row.home) == ("female", "yes", "44021")  # Gent
    assert row.event_id == event.id and len(row.id) == 32  # random key, no order to match
    columns = set(ReachAnswer.__table__.columns.keys())
    assert not columns & {"registration_id", "created_at", "contact_email", "postcode"}
    [link] = db.session.scalars(sa.select(ReachLink)).all()
    registration = db.session.scalars(sa.select(Registration)).one()
    assert (link.registration_id, link.answer_id) == (registration.id, row.id)


def test_a_guardian_answers_for_each_child(client, db, make_open_event):
    event = make_open_event(capacity=5, age_min=6, age_max=12)
    data = children_form(children=[("Lotte", "Janssens", "2017-05-01"),
                                   ("Mats", "Janssens", "2015-02-01")],
                         reach_reduced="withheld", reach_postcode_withheld="y")
    data["children-0-reach_gender"] = "female"
    data["children-1-reach_gender"] = "male"
    assert client.post(f"/events/{event.id}/register", data=data).status_code == 302
    rows = answers(db)
    assert sorted(r.gender for r in rows) == ["female", "male"]
    assert all(r.by_guardian and r.reduced_rate == "withheld" and r.home == "withheld"
               for r in rows)


def test_an_unknown_postcode_is_explained_at_its_field_and_keeps_the_input(
        client, db, make_open_event):
    event = make_open_event()
    response = client.post(f"/events/{event.id}/register",
                           data=adult_form(reach_gender="female", reach_postcode="0000"))
    assert response.status_code == 400
    assert "geen Belgische postcode" in response.text and 'value="0000"' in response.text
    assert db.session.scalars(sa.select(Registration)).all() == [] and answers(db) == []


def test_nobody_but_the_person_sees_the_answers(client, db, make_open_event, make_user):
    """Not the organiser's list, CSV, check-in or the audit log."""
    event = make_open_event(capacity=5)
    client.post(f"/events/{event.id}/register",
                data=adult_form(reach_gender="other", reach_reduced="yes",
                                reach_postcode="8500"))
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post("/login", data={"email": member.email, "password": PASSWORD})
    for path in ("/registrations", "/registrations.csv", "/registrations/attendance",
                 "/registrations/checkin"):
        body = client.get(f"/manage/events/{event.id}{path}").text
        assert "Kortrijk" not in body and "kansentarief" not in body.lower(), path
        assert "anders" not in body.lower(), path
    client.post("/logout")
    registration = db.session.scalars(sa.select(Registration)).one()
    own = client.get(f"/registrations/{signed_token(registration)}").text
    assert "Kortrijk" in own and "anders" in own
    data = client.get(f"/registrations/{signed_token(registration)}/data.json").get_json()
    assert data["registrations"][0]["reach_answers"]["Woonplaats"] == "Kortrijk"


def test_the_person_erases_their_answers_also_from_the_counts(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form(**ANSWERS))
    registration = db.session.scalars(sa.select(Registration)).one()
    signed = signed_token(registration)
    assert client.post(f"/registrations/{signed}/reach/erase").status_code == 302
    assert answers(db) == [] and db.session.scalars(sa.select(ReachLink)).all() == []
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).contact_email == "an@example.be"


def test_deleting_my_data_deletes_my_answers(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form(**ANSWERS))
    registration = db.session.scalars(sa.select(Registration)).one()
    client.post(f"/registrations/{signed_token(registration)}/forget")
    assert answers(db) == []


def test_the_purge_keeps_the_counts_and_drops_the_link(app, client, db, make_open_event,
                                                       freeze_now):
    event = make_open_event(capacity=5)
    client.post(f"/events/{event.id}/register", data=adult_form(**ANSWERS))
    freeze_now(now_utc() + timedelta(days=13 * 30))
    app.test_cli_runner().invoke(args=["purge-personal-data"])
    db.session.expire_all()
    assert db.session.scalars(sa.select(Registration)).one().anonymised
    assert db.session.scalars(sa.select(ReachLink)).all() == []
    [row] = answers(db)
    assert (row.gender, row.reduced_rate, row.home) == ("female", "yes", "44021")


def test_lists_of_sensitive_audiences_are_purged_sooner(app, client, db, make_open_event,
                                                        freeze_now):
    sensitive = make_open_event(capacity=5, title="STEM voor nieuwkomers")
    other = make_open_event(capacity=5, title="Robotica")
    sensitive.audiences = list(db.session.scalars(
        sa.select(Audience).where(Audience.slug == "nieuwkomers")))
    db.session.commit()
    for event in (sensitive, other):
        client.post(f"/events/{event.id}/register", data=adult_form())
    freeze_now(now_utc() + timedelta(days=4 * 30))
    assert "1 inschrijving" in app.test_cli_runner().invoke(
        args=["purge-personal-data"]).output
    db.session.expire_all()
    purged = {r.event_id: r.anonymised for r in db.session.scalars(sa.select(Registration))}
    assert purged == {sensitive.id: True, other.id: False}
