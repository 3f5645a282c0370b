"""Importing STEM activities from UiTdatabank (Search API) through the moderated import pipeline:
a round trip of new, changed, cancelled and removed events, paging within the documented
limits, organizers matched or waiting for a coordinator, and our own exports never coming
back."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventStatus
from stem_events.imports import uitdatabank as udb_import
from stem_events.imports.models import ImportItem
from stem_events.imports.uitdatabank_models import UitdatabankOrganizer
from stem_events.reference.models import EventKind
from stem_events.uitdatabank.client import Client, Settings


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds")


def _document(fake, name="Sterrenkijken voor kinderen", organizer="STEM-academie Gent",
              postcode="9000", days=10, sessions=1, **extra) -> dict:
    start = now_utc().replace(microsecond=0, second=0) + timedelta(days=days)
    subs = [{"startDate": _iso(start + timedelta(days=7 * i)),
             "endDate": _iso(start + timedelta(days=7 * i, hours=2)),
             "status": {"type": "Available"}} for i in range(sessions)]
    document = {
        "mainLanguage": "nl", "name": {"nl": name},
        "description": {"nl": "We kijken naar de sterren."},
        "terms": [{"id": "0.3.1.0.0", "domain": "eventtype", "label": "Lessenreeks"},
                  {"id": "1.25.0.0.0", "domain": "theme", "label": "Wetenschap"}],
        "calendarType": "single" if sessions == 1 else "multiple", "subEvent": subs,
        "startDate": subs[0]["startDate"], "endDate": subs[-1]["endDate"],
        "location": {"@id": f"{fake.base}/entry/places/volkssterrenwacht",
                     "name": {"nl": "Volkssterrenwacht Armand Pien"},
                     "address": {"nl": {"streetAddress": "Rozier 44", "postalCode": postcode,
                                        "addressLocality": "Gent",
                                        "addressCountry": "BE"}}},
        "organizer": {"@id": f"{fake.base}/entry/organizers/{organizer.replace(' ', '-')}",
                      "name": {"nl": organizer},
                      "address": {"nl": {"postalCode": postcode}}},
        "bookingInfo": {"url": "https://sterren.example/inschrijven"},
        "attendanceMode": "offline",
    }
    document.update(extra)
    return fake.add_search_event(document)


@pytest.fixture
def run(app, fake, db):
    def go():
        with Client(Settings.from_config(app.config)) as api:
            report = udb_import.run_import(api)
        db.session.expire_all()
        return report
    return go


def _imported(db, uid) -> Event | None:
    item = db.session.scalar(sa.select(ImportItem).where(ImportItem.uid == uid))
    return item.event if item else None


def test_round_trip_new_changed_cancelled_removed(run, fake, db, organiser):
    document = _document(fake, sessions=2)
    report = run()
    assert [r.created for _o, r in report.runs] == [1]
    event = _imported(db, document["@id"])
    assert event.organisation_id == organiser[1].id
    assert event.status == EventStatus.IN_REVIEW  # moderated like any import
    assert event.kind == EventKind.ACADEMY_ACTIVITY
    assert [t.slug for t in event.themes] == ["wetenschap"]
    assert event.postcode == "9000" and event.venue_name == "Volkssterrenwacht Armand Pien"
    assert len(event.sessions) == 2

    document["name"] = {"nl": "Sterrenkijken voor kinderen en ouders"}  # changed there
    sequence = event.sessions[0].sequence
    report = run()
    assert [r.updated for _o, r in report.runs] == [1]
    event = _imported(db, document["@id"])
    assert event.title == "Sterrenkijken voor kinderen en ouders"
    assert event.sessions[0].sequence > sequence

    document["subEvent"][1]["status"] = {"type": "Unavailable"}  # one date cancelled there
    run()
    event = _imported(db, document["@id"])
    assert [s.cancelled for s in event.sessions] == [False, True]

    del fake.events[document["@id"].rsplit("/", 1)[1]]  # gone there
    run()
    event = _imported(db, document["@id"])
    assert event is not None  # never deleted
    assert all(s.cancelled for s in event.sessions)


def test_our_own_exports_are_never_imported_back(run, fake, sync, exporting, make_event,
                                                 organiser, db):
    from stem_events.reference.models import Theme

    robotics = db.session.scalar(sa.select(Theme).where(Theme.slug == "robotica"))
    ours = make_event(organisation=organiser[1], title="Robots bouwen", postcode="9000",
                      themes=[robotics])
    exporting()
    sync()
    assert len(fake.events) == 1
    report = run()
    assert report.skipped_ours == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportItem)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    assert ours.id


def test_an_unknown_organizer_waits_for_a_coordinator(run, fake, db, organiser):
    document = _document(fake, organizer="Onbekende vzw", postcode="2000")
    report = run()
    assert report.waiting == 1 and _imported(db, document["@id"]) is None
    row = db.session.get(UitdatabankOrganizer, document["organizer"]["@id"])
    assert row.organisation_id is None and row.name == "Onbekende vzw"
    row.organisation_id = organiser[1].id  # a coordinator assigns it
    db.session.commit()
    run()
    assert _imported(db, document["@id"]).organisation_id == organiser[1].id


def test_a_kbo_number_matches_the_organisation(run, fake, db, make_organisation):
    academy = make_organisation(name="Heel andere naam", kbo_number="0417497106")
    document = _document(fake, organizer="Andere naam daar")
    document["organizer"]["kboNumber"] = "0417.497.106"
    run()
    assert _imported(db, document["@id"]).organisation_id == academy.id


def test_paging_stays_within_the_documented_limits(run, fake, db, organiser, monkeypatch):
    monkeypatch.setattr(udb_import, "PAGE", 2)
    documents = [_document(fake, name=f"Activiteit {i}", days=5 + i) for i in range(5)]
    run()
    pages = [r for r in fake.calls("GET", "/search/events")]
    assert len(pages) >= 3
    for document in documents:
        assert _imported(db, document["@id"]) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportItem)) == 5
    fake.assert_no_rejections()


def test_the_query_asks_for_the_coordinators_types_themes_and_regions(app, db):
    settings = udb_import.import_settings()
    settings.eventtypes, settings.themes, settings.regions = ["0.3.1.0.0"], ["1.25.0.0.0"], \
        ["44021", "10000"]
    assert udb_import.query(settings) == ("(terms.id:0.3.1.0.0) AND (terms.id:1.25.0.0.0) AND "
                                          "(regions:nis-44021 OR regions:nis-10000)")


def test_a_likely_duplicate_waits_for_review(run, fake, db, make_event, organiser):
    organiser[1].trusted = True
    db.session.commit()
    document = _document(fake)
    start = document["subEvent"][0]["startDate"]
    from datetime import datetime

    from stem_events.date_time import to_utc
    begins = to_utc(datetime.fromisoformat(start))
    typed = make_event(organisation=organiser[1], title="Sterrenkijken voor kinderen!",
                       sessions=[(begins, begins + timedelta(hours=2))])
    report = run()
    event = _imported(db, document["@id"])
    assert event.status == EventStatus.IN_REVIEW  # trusted, yet held back
    problems = report.runs[0][1].problems
    assert any(str(typed.id) in p["message"] for p in problems)


def test_an_imported_event_is_not_offered_for_export(run, fake, db, organiser, login, client):
    document = _document(fake)
    run()
    event = _imported(db, document["@id"])
    login(organiser[0])
    page = client.get(f"/manage/events/{event.id}").text
    assert "komt uit een import" in page


def test_a_failed_search_changes_nothing(run, fake, db, organiser):
    document = _document(fake)
    run()
    fake.fail("GET", "/search/events", 503, times=20)
    with pytest.raises(Exception, match="storing"):
        run()
    event = _imported(db, document["@id"])
    assert not any(s.cancelled for s in event.sessions)


def test_a_held_import_is_confirmed_by_a_coordinator(run, fake, db, organiser, client, login,
                                                      make_user, app, monkeypatch):
    import re

    from stem_events.accounts.models import Role
    from stem_events.imports.models import RunOutcome

    first = _document(fake, name="Robotica op woensdag", sessions=2)
    _document(fake, name="Sterrenkijken", days=12, sessions=2)
    run()
    fake.events.pop(first["@id"].rsplit("/", 1)[1])  # 2 of the 4 upcoming sessions left
    fake.events.popitem()  # and now the other: all 4 would be cancelled
    report = run()
    assert [r.outcome for _o, r in report.runs] == [RunOutcome.HELD]
    event = _imported(db, first["@id"])
    assert not any(s.cancelled for s in event.sessions)

    login(make_user(role=Role.ADMIN))
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get("/admin/uitdatabank/import/").text
    assert "4 van de 4 komende sessies annuleren" in page
    action = re.search(r'action="(/admin/uitdatabank/import/sources/\d+/confirm)"', page)
    assert action is not None
    assert client.post(action.group(1)).status_code == 400  # no CSRF token: nothing happens
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(action.group(1), data={"csrf_token": token})
    assert response.status_code == 302
    assert "annuleringen" in client.get(response.headers["Location"]).text

    report = run()
    assert [(r.outcome, r.cancelled) for _o, r in report.runs] == [(RunOutcome.OK, 4)]
    assert all(s.cancelled for s in _imported(db, first["@id"]).sessions)
    assert "komende sessies annuleren" not in client.get("/admin/uitdatabank/import/").text
