"""Publishing our events in UiTdatabank: what the fake of publiq's Entry API receives for a
create, an update, a cancellation, a postponement and a withdrawal, and the queue behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.events import management
from stem_events.events.models import Event, EventStatus, PriceKind, RegistrationMode
from stem_events.reference.models import EventKind, Theme
from stem_events.series import services as series_services
from stem_events.transaction import unit_of_work
from stem_events.uitdatabank import mapping
from stem_events.uitdatabank.models import JobStatus, UitdatabankEvent, UitdatabankJob


def _state(db, event_id) -> UitdatabankEvent:
    return db.session.get(UitdatabankEvent, event_id)


def _sent(fake, event_id) -> dict:
    """The event as it now stands in the fake, found by our hidden label."""
    found = [e for e in fake.events.values()
             if mapping.label(event_id) in e.get("hiddenLabels", [])]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def event(make_event, organiser, db):
    themes = list(db.session.scalars(sa.select(Theme).where(Theme.slug == "robotica")))
    return make_event(organisation=organiser[1], title="Robots bouwen", themes=themes,
                      description="Je bouwt **zelf** een robot.", age_min=8, age_max=12,
                      price_kind=PriceKind.AMOUNT, price_cents=500, postcode="9000",
                      street="Miriam Makebaplein 1")


# --- the tables ------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "term"), [
    ("academy_activity", "0.3.1.0.0"), ("workshop", "0.3.1.0.0"), ("lecture", "0.3.2.0.0"),
    ("info_session", "0.3.2.0.0"), ("company_visit", "0.7.0.0.0"), ("roadshow", "0.6.0.0.0"),
])
def test_each_kind_has_its_eventtype(make_event, kind, term):
    assert mapping.eventtype(make_event(kind=EventKind(kind))) == term


def test_per_session_registration_is_a_course_with_open_sessions(make_event):
    event = make_event(kind=EventKind.WORKSHOP, registration_mode=RegistrationMode.SESSIONS)
    assert mapping.eventtype(event) == "0.3.1.0.1"


def test_other_takes_the_organisers_choice(make_event):
    event = make_event(kind=EventKind.OTHER)
    assert mapping.eventtype(event) is None
    assert mapping.eventtype(event, "0.12.0.0.0") == "0.12.0.0.0"
    assert mapping.eventtype(event, "9.9.9.9.9") is None


@pytest.mark.parametrize("kind", ["network_moment", "state_of_the_stem", "award_event",
                                  "teacher_training", "teacher_club"])
def test_kinds_outside_the_content_scope_are_refused_with_a_reason(kind):
    assert "UiTdatabank" in mapping.not_exported_reason(kind)
    assert kind not in mapping.KIND_EVENTTYPES


@pytest.mark.parametrize(("slug", "term"), [("wetenschap", "1.25.0.0.0"),
                                            ("techniek", "1.21.0.0.0"),
                                            ("milieu-en-natuur", "1.64.0.0.0"),
                                            ("robotica", "1.21.0.0.0")])
def test_themes_map_to_uitdatabank_themes(slug, term):
    assert mapping.THEME_TERMS[slug] == term


# --- create ----------------------------------------------------------------------------------

def test_a_published_event_is_created_with_place_organizer_and_hidden_label(
        fake, sync, exporting, event, db):
    assert exporting() == 1
    results = sync()
    assert [r.outcome for r in results] == ["created"]
    fake.assert_no_rejections()
    sent = _sent(fake, event.id)
    assert sent["mainLanguage"] == "nl" and sent["name"] == {"nl": "Robots bouwen"}
    assert sent["description"] == {"nl": "Je bouwt zelf een robot."}
    assert sent["terms"] == [{"id": "0.3.1.0.0"}, {"id": "1.21.0.0.0"}]
    assert sent["calendarType"] == "single" and len(sent["subEvent"]) == 1
    assert sent["subEvent"][0]["startDate"].endswith(("+01:00", "+02:00"))
    assert sent["typicalAgeRange"] == "8-12"
    assert sent["priceInfo"] == [{"category": "base", "name": {"nl": "Basistarief"},
                                  "price": 5.0, "priceCurrency": "EUR"}]
    assert sent["workflowStatus"] == "READY_FOR_VALIDATION"
    assert sent["attendanceMode"] == "offline"
    assert sent["bookingInfo"]["url"].endswith(f"/events/{event.id}-robots-bouwen")
    assert len(fake.places) == 1 and len(fake.organizers) == 1
    assert sent["location"]["@id"] in {p["@id"] for p in fake.places.values()}
    place = next(iter(fake.places.values()))
    assert place["address"]["nl"]["postalCode"] == "9000"
    state = _state(db, event.id)
    assert state.uitdatabank_id == sent["@id"] and state.last_error == ""


def test_an_online_event_is_sent_without_location(fake, sync, exporting, make_event,
                                                  organiser):
    event = make_event(organisation=organiser[1], venue_name="", municipality_nis=None,
                       online_url="https://meet.example/stem")
    exporting()
    sync()
    fake.assert_no_rejections()
    sent = _sent(fake, event.id)
    assert sent["attendanceMode"] == "online" and "location" not in sent
    assert sent["onlineUrl"] == "https://meet.example/stem"
    assert not fake.places


def test_places_and_the_organizer_are_found_and_reused(fake, sync, exporting, make_event,
                                                       organiser):
    existing = {"mainLanguage": "nl", "name": {"nl": "Bibliotheek De Krook"},
                "address": {"nl": {"postalCode": "9000"}}, "workflowStatus": "APPROVED"}
    fake.places["krook"] = {**existing, "@id": f"{fake.base}/entry/places/krook"}
    first = make_event(organisation=organiser[1], title="Eerste", postcode="9000")
    second = make_event(organisation=organiser[1], title="Tweede", postcode="9000")
    exporting()
    sync()
    fake.assert_no_rejections()
    assert not fake.calls("POST", "/entry/places")  # found by name and postcode
    assert _sent(fake, first.id)["location"]["@id"].endswith("/places/krook")
    assert _sent(fake, second.id)["location"]["@id"].endswith("/places/krook")
    assert len(fake.calls("POST", "/entry/organizers")) == 1  # created once, then remembered
    assert len(fake.calls("GET", "/search/places")) == 1  # the second used what we remember


def test_kinds_outside_the_scope_and_imported_events_are_not_queued(
        fake, exporting, make_event, organiser, db):
    make_event(organisation=organiser[1], kind=EventKind.NETWORK_MOMENT)
    assert exporting() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UitdatabankJob)) == 0


# --- changes ---------------------------------------------------------------------------------

def _change(db, action):
    with unit_of_work():
        action()
    db.session.expire_all()


def test_an_update_is_sent(fake, sync, exporting, event, organiser, db):
    exporting()
    sync()

    def rename():
        found = db.session.get(Event, event.id)
        found.title = "Robots bouwen en programmeren"
    _change(db, rename)
    assert [r.outcome for r in sync()] == ["updated"]
    fake.assert_no_rejections()
    assert _sent(fake, event.id)["name"] == {"nl": "Robots bouwen en programmeren"}
    assert len(fake.calls("POST", "/entry/events")) == 1
    assert len(fake.calls("PUT", "/entry/events")) == 1


def test_a_cancellation_is_a_status_never_a_title(fake, sync, exporting, event, organiser, db):
    exporting()
    sync()
    _change(db, lambda: management.cancel_event(organiser[0], db.session.get(Event, event.id),
                                                "De lesgever is ziek."))
    sync()
    fake.assert_no_rejections()
    sent = _sent(fake, event.id)
    assert sent["subEvent"][0]["status"] == {"type": "Unavailable",
                                             "reason": {"nl": "De lesgever is ziek."}}
    assert "AFGELAST" not in sent["name"]["nl"].upper()
    assert sent["name"] == {"nl": "Robots bouwen"}


def test_a_postponement_is_temporarily_unavailable(fake, sync, exporting, event, organiser, db):
    exporting()
    sync()
    _change(db, lambda: management.postpone_event(
        organiser[0], db.session.get(Event, event.id), "Nieuwe datum volgt."))
    sync()
    fake.assert_no_rejections()
    assert _sent(fake, event.id)["subEvent"][0]["status"]["type"] == "TemporarilyUnavailable"


def test_one_cancelled_session_of_a_series(fake, sync, exporting, make_event, organiser, db):
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    event = make_event(organisation=organiser[1], sessions=[
        (start, start + timedelta(hours=2)),
        (start + timedelta(days=7), start + timedelta(days=7, hours=2))])
    exporting()
    sync()

    def cancel_second():
        found = db.session.get(Event, event.id)
        series_services.set_session_cancelled(organiser[0], found, found.sessions[1], True)
    _change(db, cancel_second)
    sync()
    fake.assert_no_rejections()
    sent = _sent(fake, event.id)
    assert sent["calendarType"] == "multiple"
    assert [s["status"]["type"] for s in sent["subEvent"]] == ["Available", "Unavailable"]


def test_an_event_withdrawn_before_it_took_place_is_deleted_there(
        fake, sync, exporting, event, db):
    exporting()
    sync()
    uitdatabank_id = _state(db, event.id).uitdatabank_id

    def reject():
        db.session.get(Event, event.id).status = EventStatus.REJECTED
    _change(db, reject)
    assert [r.outcome for r in sync()] == ["deleted"]
    assert fake.events[uitdatabank_id.rsplit("/", 1)[1]]["workflowStatus"] == "DELETED"
    assert _state(db, event.id).uitdatabank_id == ""


def test_a_deleted_event_is_deleted_there(fake, sync, exporting, event, db):
    exporting()
    sync()
    uitdatabank_id = _state(db, event.id).uitdatabank_id
    _change(db, lambda: db.session.delete(db.session.get(Event, event.id)))
    assert [r.outcome for r in sync()] == ["deleted"]
    assert fake.events[uitdatabank_id.rsplit("/", 1)[1]]["workflowStatus"] == "DELETED"


# --- the queue -------------------------------------------------------------------------------

def test_the_job_is_written_with_the_change_and_survives_a_crash_before_sending(
        fake, sync, exporting, event, db, freeze_now):
    from stem_events.uitdatabank import export

    exporting()
    job_id = db.session.scalar(sa.select(UitdatabankJob.id))
    assert export.claim(job_id)  # a sender took it, then its process died before sending
    assert sync() == []  # still claimed by the dead sender
    assert not fake.calls("POST", "/entry/events")
    freeze_now(now_utc() + export.CLAIM_EXPIRES + timedelta(seconds=1))
    assert [r.outcome for r in sync()] == ["created"]
    assert len([e for e in fake.events.values()]) == 1


def test_a_rolled_back_change_queues_nothing(fake, exporting, event, db):
    exporting()
    db.session.execute(sa.delete(UitdatabankJob))
    db.session.commit()
    with unit_of_work() as unit:
        db.session.get(Event, event.id).title = "Nooit bewaard"
        db.session.flush()
        unit.discard()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UitdatabankJob)) == 0


def test_a_create_whose_answer_was_lost_is_found_again_not_repeated(
        fake, sync, exporting, event, db):
    exporting()
    fake.fail("POST", "/entry/events", "drop")  # created there, the answer never arrives
    assert [r.outcome for r in sync()] == ["retry"]
    assert len(fake.events) == 1
    job = db.session.scalar(sa.select(UitdatabankJob))
    job.next_attempt_at = now_utc()
    db.session.commit()
    assert [r.outcome for r in sync()] == ["updated"]
    assert len(fake.events) == 1  # never a second UiTdatabank event
    assert _state(db, event.id).uitdatabank_id == next(iter(fake.events.values()))["@id"]


# --- tokens and faults -----------------------------------------------------------------------

def test_an_expired_token_is_renewed_once_on_401(fake, sync, exporting, event, db):
    exporting()
    sync()
    assert fake.tokens_issued == 1
    fake.revoke_tokens()
    _change(db, lambda: setattr(db.session.get(Event, event.id), "summary", "Nieuw"))
    assert [r.outcome for r in sync()] == ["updated"]
    assert fake.tokens_issued == 2


def test_a_token_is_renewed_before_it_expires(fake, app):
    from stem_events.uitdatabank.client import Client, Settings

    moments = [0.0]
    api = Client(Settings.from_config(app.config), clock=lambda: moments[0])
    api.get("search", "/events/")
    api.get("search", "/events/")
    assert fake.tokens_issued == 1  # cached
    moments[0] = 86400 - 60  # within the renewal margin before expiry
    api.get("search", "/events/")
    assert fake.tokens_issued == 2


def _pending_message(db, event_id) -> str:
    job = db.session.scalar(sa.select(UitdatabankJob).where(UitdatabankJob.event_id == event_id))
    assert job.status == JobStatus.PENDING  # waits for another attempt
    return job.last_error


def _unchanged(db, event, version):
    found = db.session.get(Event, event.id)
    assert (found.version, found.status, found.title) == (version, EventStatus.PUBLISHED,
                                                          "Robots bouwen")


@pytest.mark.parametrize(("fault", "words"), [
    (("POST", "/oauth/token", 503), "tokenserver"),
    (("*", "/entry/events", "timeout"), "niet op tijd"),
    (("*", "/search/events", "not-json"), "geen JSON"),
    (("*", "/entry/events", 429), "trager"),
    (("*", "/entry/events", 502), "storing"),
])
def test_faults_keep_the_job_queued_and_our_event_as_it_was(
        fake, sync, exporting, event, db, fault, words):
    version = event.version
    exporting()
    method, prefix, what = fault
    fake.fail(method, prefix, what, times=10)
    assert [r.outcome for r in sync()] == ["retry"]
    assert words in _pending_message(db, event.id)
    _unchanged(db, event, version)


def test_429_is_retried_with_backoff_within_one_run(fake, sync, exporting, event):
    exporting()
    fake.fail("*", "/search/events", 429, times=2)
    assert [r.outcome for r in sync()] == ["created"]


def test_401_after_renewal_waits(fake, sync, exporting, event, db):
    exporting()
    fake.fail("*", "/search/events", 401, times=5)
    assert [r.outcome for r in sync()] == ["retry"]
    assert "token" in _pending_message(db, event.id)
    assert fake.tokens_issued == 2  # renewed once, not in a loop


def test_a_validation_error_fails_with_the_apis_words_on_the_event_page(
        fake, sync, exporting, event, db, organiser, login, client):
    from tests.uitdatabank.fake import _invalid

    exporting()
    fake.fail("POST", "/entry/events", 400,
              body=_invalid(["/subEvent/0/endDate: must not be before startDate"]))
    assert [r.outcome for r in sync()] == ["failed"]
    job = db.session.scalar(sa.select(UitdatabankJob))
    assert job.status == JobStatus.FAILED
    assert "UiTdatabank weigerde de gegevens" in job.last_error
    assert "/subEvent/0/endDate" in job.last_error
    login(organiser[0])
    page = client.get(f"/manage/events/{event.id}").text
    assert "UiTdatabank weigerde de gegevens" in page and "/subEvent/0/endDate" in page


def test_a_place_deleted_there_is_found_or_created_again(fake, sync, exporting, event, db):
    exporting()
    sync()
    first_place = next(iter(fake.places.values()))
    first_place["workflowStatus"] = "DELETED"
    _change(db, lambda: setattr(db.session.get(Event, event.id), "summary", "Nieuw"))
    assert [r.outcome for r in sync()] == ["updated"]
    fake.assert_no_rejections()
    assert len(fake.places) == 2
    assert _sent(fake, event.id)["location"]["@id"] != first_place["@id"]


def test_logs_carry_no_secret_and_no_token(fake, sync, exporting, event, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="stem_events")
    exporting()
    sync()
    text = caplog.text
    assert "uitdatabank POST entry /entry/events -> 201" in text
    assert fake.settings()["UITDATABANK_CLIENT_SECRET"] not in text
    assert not any(token in text for token in fake.tokens)


# --- the pages -------------------------------------------------------------------------------

def test_the_manage_page_shows_the_id_there(fake, sync, exporting, event, organiser, login,
                                            client, db):
    exporting()
    sync()
    login(organiser[0])
    page = client.get(f"/manage/events/{event.id}").text
    assert _state(db, event.id).uitdatabank_id.rsplit("/", 1)[1] in page


def test_a_network_moment_says_why_it_is_not_offered(fake, make_event, organiser, login,
                                                    client):
    moment = make_event(organisation=organiser[1], kind=EventKind.NETWORK_MOMENT)
    login(organiser[0])
    page = client.get(f"/manage/events/{moment.id}").text
    assert "Niet aangeboden voor UiTdatabank" in page and "professionals" in page


def test_other_needs_a_type_chosen_on_the_page(fake, sync, make_event, organiser, login,
                                               client, db):
    event = make_event(organisation=organiser[1], kind=EventKind.OTHER, postcode="9000")
    login(organiser[0])
    response = client.post(f"/manage/events/{event.id}/uitdatabank", data={"choice": "on"})
    assert response.status_code == 302
    assert [r.outcome for r in sync()] == ["failed"]
    assert "UiTdatabank-type" in client.get(f"/manage/events/{event.id}").text
    client.post(f"/manage/events/{event.id}/uitdatabank",
                data={"choice": "on", "eventtype": "0.12.0.0.0"})
    assert [r.outcome for r in sync()] == ["created"]
    assert _sent(fake, event.id)["terms"][0] == {"id": "0.12.0.0.0"}


def test_without_settings_manage_says_the_exchange_is_off(organiser, login, client):
    login(organiser[0])
    assert "Publiceren in UiTdatabank staat uit" in client.get("/manage/").text


def test_coordinators_see_failures(fake, sync, exporting, event, make_user, login, client):
    from stem_events.accounts.models import Role

    exporting()
    fake.fail("*", "/entry/events", 502, times=10)
    sync()
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/uitdatabank/").text
    assert "Robots bouwen" in page and "storing" in page
