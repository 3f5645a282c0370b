"""/manage/imports: organisers add a source after a preview that saves nothing, run it now and
see the last error in Dutch; coordinators see every source and pause one."""

from __future__ import annotations

import pytest

from stem_events.accounts.models import Role
from stem_events.events.models import Event, EventStatus
from stem_events.imports.models import ImportSource
from tests.imports.helpers import feed_bytes


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def form(organisation, url: str, **extra) -> dict:
    return {"organisation_id": organisation.id, "url": url, "name": "Agenda academie",
            "kind": "academy_activity", "price_kind": "free", "municipality": "9000",
            "registration": "external", **extra}


def test_preview_lists_what_would_be_created_and_saves_nothing(db, client, login, organiser,
                                                               now, serve):
    user, organisation = organiser
    login(user)
    url = serve(feed_bytes("google.ics"))

    page = client.post("/manage/imports/new", data=form(organisation, url, preview="1"))

    assert page.status_code == 200
    assert "Robotica voor kinderen" in page.text and "Opendeurdag wetenschap" in page.text
    assert "3 activiteiten met samen 7 sessies" in page.text
    assert count(db, ImportSource) == 0 and count(db, Event) == 0


def test_adding_and_running_a_source_creates_events_in_review(db, client, login, organiser,
                                                              now, serve):
    user, organisation = organiser
    login(user)
    url = serve(feed_bytes("outlook.ics"))
    response = client.post("/manage/imports/new", data=form(organisation, url, save="1"))
    assert response.status_code == 302
    source = db.session.scalar(db.select(ImportSource))
    assert source.defaults["municipality_nis"] == "44021"

    page = client.post(f"/manage/imports/{source.id}/run", follow_redirects=True)

    assert "Opgehaald: 3 nieuw" in page.text
    assert {e.status for e in db.session.scalars(db.select(Event))} == {EventStatus.IN_REVIEW}


def test_a_bad_url_is_explained_and_the_form_keeps_what_was_typed(db, client, login,
                                                                  organiser):
    user, organisation = organiser
    login(user)
    page = client.post("/manage/imports/new",
                       data=form(organisation, "ftp://agenda.example/a.ics", save="1",
                                 venue_name="Bibliotheek"))
    assert page.status_code == 400
    assert "https://" in page.text and 'value="Bibliotheek"' in page.text
    assert count(db, ImportSource) == 0


def test_the_source_page_shows_the_last_error_in_dutch(db, client, login, organiser, now,
                                                       serve, make_source):
    user, _organisation = organiser
    login(user)
    source = make_source(serve(b"<html><body>Agenda</body></html>"))
    client.post(f"/manage/imports/{source.id}/run")
    page = client.get(f"/manage/imports/{source.id}")
    assert "Laatste fout" in page.text and "geen iCalendar-bestand" in page.text


@pytest.mark.parametrize("who, expected", [("member", 200), ("stranger", 403),
                                           ("coordinator", 200)])
def test_only_the_organisation_and_coordinators_see_a_source(db, client, login, make_user,
                                                             make_source, who, expected):
    source = make_source("https://agenda.example/a.ics")
    user = {"member": lambda: db.session.get(type(source), source.id).organisation
            .memberships[0].user,
            "stranger": make_user, "coordinator": lambda: make_user(role=Role.ADMIN)}[who]()
    login(user)
    assert client.get(f"/manage/imports/{source.id}").status_code == expected


@pytest.mark.parametrize("action", ["pause", "trust"])
def test_coordinators_pause_and_trust_a_source_at_admin_organisers_cannot(
        db, client, login, organiser, make_user, make_source, action):
    source = make_source("https://agenda.example/a.ics")
    login(organiser[0])
    assert client.post(f"/admin/imports/{source.id}/{action}").status_code == 403
    assert client.get("/admin/imports/").status_code == 403
    assert client.post(f"/manage/imports/{source.id}/{action}").status_code in (404, 405)
    db.session.expire_all()
    assert not getattr(db.session.get(ImportSource, source.id),
                       "paused" if action == "pause" else "trusted")
    client.post("/logout")
    login(make_user(role=Role.ADMIN))
    listing = client.get("/admin/imports/")
    assert listing.status_code == 200 and "STEM-academie Gent" in listing.text
    response = client.post(f"/admin/imports/{source.id}/{action}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/imports/#bron-{source.id}")
    db.session.expire_all()
    assert getattr(db.session.get(ImportSource, source.id),
                   "paused" if action == "pause" else "trusted")


def test_coordinators_edit_the_category_table_and_new_imports_follow_it(
        db, client, login, make_user, now, serve, make_source, restore_category_table):
    from stem_events.imports import run
    from stem_events.imports.models import CategoryTheme
    from stem_events.reference.models import Theme

    # Seeded by the migration with the mapping that was built in.
    seeded = {row.category: row.theme.slug for row in db.session.scalars(db.select(CategoryTheme))}
    assert seeded["robots"] == "robotica" and seeded["scratch"] == "programmeren"
    login(make_user(role=Role.ADMIN))
    assert "robots" in client.get("/admin/imports/categories").text
    energy = db.session.scalar(db.select(Theme).where(Theme.slug == "energie"))
    # Bad input: a Dutch message at the field, input kept, nothing saved.
    page = client.post("/admin/imports/categories", data={"category": "  ", "theme_id": energy.id})
    assert page.status_code == 400 and "Vul een categorie in." in page.text
    page = client.post("/admin/imports/categories", data={"category": "Zonne", "theme_id": 0})
    assert page.status_code == 400 and "Kies een thema." in page.text
    assert 'value="Zonne"' in page.text
    # Change a row (Sterrenkunde now also means energy, for the sake of the test) and delete
    # another.
    assert client.post("/admin/imports/categories",
                       data={"category": "Sterrenkunde", "theme_id": energy.id}).status_code == 302
    robots = db.session.scalar(db.select(CategoryTheme).where(CategoryTheme.category == "robots"))
    assert client.post(f"/admin/imports/categories/{robots.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(CategoryTheme.theme_id).where(
        CategoryTheme.category == "sterrenkunde")) == energy.id
    assert "robots" not in client.get("/admin/imports/categories").text
    # icloud.ics says CATEGORIES:Sterrenkunde.
    source = make_source(serve(feed_bytes("icloud.ics")))
    run.run_source(source.id)
    event = db.session.scalar(db.select(Event).join(Event.themes))
    assert [t.slug for t in event.themes] == ["energie"]


def test_fields_the_feed_carries_are_read_only_in_the_event_form(db, client, login, organiser,
                                                                 now, serve, make_source):
    from stem_events.imports import run

    user, _organisation = organiser
    source = make_source(serve(feed_bytes("nextcloud.ics")))
    run.run_source(source.id)
    event = db.session.scalar(db.select(Event))
    login(user)
    page = client.get(f"/manage/events/{event.id}/edit")
    assert 'uit de import "Agenda"' in page.text
    assert "readonly" in page.text.split('id="title"')[1].split('>')[0]
    data = {"version": event.version, "kind": "workshop", "title": "Mijn eigen titel",
            "summary": "", "description": "Andere tekst", "venue_name": "Elders", "street": "",
            "municipality": "Gent", "postcode": "9000", "price_kind": "free",
            "registration_mode": "none", "age_min": "8", "age_max": "12"}
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.title == "Codeclub: Scratch en micro:bit"
    assert event.venue_name == "Bibliotheek De Krook"
    assert (event.kind.value, event.age_min, event.age_max) == ("workshop", 8, 12)


def test_the_review_queue_says_which_events_came_from_an_import(db, client, login, make_user,
                                                                now, serve, make_source):
    from stem_events.imports import run

    source = make_source(serve(feed_bytes("nextcloud.ics")), name="Codeclub-agenda")
    run.run_source(source.id)
    event = db.session.scalar(db.select(Event))
    login(make_user(role=Role.ADMIN))
    assert "uit import: Codeclub-agenda" in client.get("/admin/").text
    page = client.get(f"/admin/events/{event.id}")
    assert "uit import: Codeclub-agenda" in page.text
    assert "nieuw uit de bron" in page.text  # the audit entry "import"


def test_a_source_gives_its_events_the_audiences_chosen_as_defaults(db, client, login,
                                                                    organiser, now, serve):
    """Audiences (inclusion issue) are a source default like themes: "voor meisjes" on every
    imported event, plus what the kind always carries (teachers' training → leerkrachten)."""
    user, organisation = organiser
    login(user)
    page = client.get("/manage/imports/new")
    assert 'name="audiences"' in page.text and "Meisjes en vrouwen" in page.text
    url = serve(feed_bytes("outlook.ics"))
    response = client.post("/manage/imports/new", data=form(
        organisation, url, save="1", kind="teacher_training", audiences=["meisjes"]))
    assert response.status_code == 302
    source = db.session.scalar(db.select(ImportSource))
    assert source.defaults["audiences"] == ["meisjes"]

    client.post(f"/manage/imports/{source.id}/run")

    events = list(db.session.scalars(db.select(Event)))
    assert len(events) == 3
    assert {tuple(sorted(a.slug for a in e.audiences)) for e in events} == {
        ("leerkrachten", "meisjes")}


def test_an_unknown_audience_default_is_refused_in_dutch(db, client, login, organiser, now,
                                                         serve):
    user, organisation = organiser
    login(user)
    url = serve(feed_bytes("outlook.ics"))
    page = client.post("/manage/imports/new", data=form(organisation, url, save="1",
                                                         audiences=["marsmannetjes"]))
    assert page.status_code == 400
    assert 'id="audiences-error"' in page.text and "marsmannetjes" in page.text
    assert count(db, ImportSource) == 0
    assert 'value="Agenda academie"' in page.text
