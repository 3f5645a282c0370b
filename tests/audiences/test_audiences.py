"""Audiences (doelgroepen): the editable list, the `audience` and `reduced` filters on the
agenda, the widget, the API, OpenAPI and the feeds, and the kinds that always carry one."""

import re

import icalendar
import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.audiences import services
from stem_events.audiences.models import Audience
from stem_events.events.models import Event, PriceKind

SLUGS = ["meisjes", "kansarmoede", "nieuwkomers", "beperking", "volwassenen", "leerkrachten",
         "scholen", "gezinnen"]


def audiences(db, *slugs):
    return list(db.session.scalars(sa.select(Audience).where(Audience.slug.in_(slugs))))


def titles(client, query: str) -> list[str]:
    response = client.get(f"/agenda?{query}")
    assert response.status_code == 200, response.text[:400]
    return sorted(re.findall(r'id="event-\d+-title">\s*<a [^>]*>([^<]+)</a>', response.text))


@pytest.fixture
def tagged(db, make_event):
    girls = make_event(title="Codeerclub voor meisjes", price_kind=PriceKind.ON_SITE)
    girls.audiences = audiences(db, "meisjes")
    families = make_event(title="Familiedag", price_kind=PriceKind.AMOUNT, price_cents=500,
                          price_reduced=True)
    families.audiences = audiences(db, "gezinnen", "kansarmoede")
    make_event(title="Lezing AI", price_kind=PriceKind.AMOUNT, price_cents=1000)
    make_event(title="Gratis workshop")
    db.session.commit()


def test_the_migration_seeds_the_audiences_of_the_domain(db):
    assert [a.slug for a in services.all_audiences()] == SLUGS
    assert audiences(db, "meisjes")[0].name == "Meisjes en vrouwen"


def test_audience_filter_on_the_agenda_is_repeatable(client, tagged):
    assert titles(client, "audience=meisjes") == ["Codeerclub voor meisjes"]
    assert titles(client, "audience=meisjes&audience=gezinnen") == [
        "Codeerclub voor meisjes", "Familiedag"]
    assert titles(client, "audience=meisjes&audience=gezinnen&reduced=1") == ["Familiedag"]


def test_reduced_means_free_or_a_reduction_offered(client, tagged):
    assert titles(client, "reduced=1") == ["Familiedag", "Gratis workshop"]


@pytest.mark.parametrize("path", ["/agenda", "/embed/agenda", "/api/v1/events", "/agenda.ics",
                                  "/api/v1/initiatives"])
def test_an_unknown_audience_is_a_400_everywhere(client, path):
    response = client.get(f"{path}?audience=draken")
    assert response.status_code == 400
    assert "Onbekende doelgroep" in response.text


def test_the_api_and_widget_carry_the_audiences(client, tagged):
    body = client.get("/api/v1/events?audience=gezinnen").get_json()
    [item] = body["items"]
    assert item["audiences"] == ["kansarmoede", "gezinnen"] and item["price"]["reduced"]
    assert "Familiedag" in client.get("/embed/agenda?audience=gezinnen").text
    assert "Codeerclub" not in client.get("/embed/agenda?audience=gezinnen").text
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "audiences" in spec["components"]["schemas"]["Event"]["required"]


def test_the_feed_of_an_audience_has_a_readable_name(client, tagged):
    response = client.get("/agenda.ics?audience=meisjes")
    cal = icalendar.Calendar.from_ical(response.data)
    assert cal["X-WR-CALNAME"] == "STEM-agenda — voor meisjes"
    summaries = [str(c["SUMMARY"]) for c in cal.walk("VEVENT")]
    assert summaries == ["Codeerclub voor meisjes"]


def test_entry_points_on_the_agenda(client, tagged):
    page = client.get("/agenda").text
    assert 'href="/agenda?audience=meisjes">Voor meisjes' in page
    assert 'href="/agenda?reduced=1">Gratis of met kansentarief' in page
    assert 'href="/agenda?audience=leerkrachten">Voor leerkrachten' in page


def test_kinds_that_always_carry_an_audience(monkeypatch, client, db, make_event):
    """teacher_training and teacher_club carry `leerkrachten` (keyed by the kind's text, so
    a kind added later applies as soon as it exists; here a kind of today stands in)."""
    assert services.kind_audiences("teacher_training") == ("leerkrachten",)
    assert services.kind_audiences("teacher_club") == ("leerkrachten",)
    monkeypatch.setitem(services.KIND_AUDIENCES, "lecture", ("leerkrachten",))
    from stem_events.reference.models import EventKind

    make_event(title="Lezing voor leerkrachten", kind=EventKind.LECTURE)
    make_event(title="Workshop", kind=EventKind.WORKSHOP)
    assert titles(client, "audience=leerkrachten") == ["Lezing voor leerkrachten"]
    [item] = client.get("/api/v1/events?audience=leerkrachten").get_json()["items"]
    assert item["audiences"] == ["leerkrachten"]


def test_organisers_choose_audiences_with_grouped_checkboxes(client, db, organiser, login,
                                                             make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation, title="Robotica")
    login(user)
    page = client.get(f"/manage/events/{event.id}/edit").text
    assert "<legend>Kansengroepen</legend>" in page
    assert "<legend>Andere doelgroepen</legend>" in page
    assert re.search(r'<input type="checkbox" name="audiences"[^>]*>\s*<label[^>]*>Meisjes', page)
    assert "<select" not in page.split("Kansengroepen")[1].split("</fieldset>")[0]


def test_coordinators_add_and_rename_audiences(client, db, make_user, login):
    login(make_user(role=Role.ADMIN))
    assert client.get("/admin/audiences").status_code == 200
    response = client.post("/admin/audiences", data={"slug": "jongeren-16", "name": "Jongeren "
                                                      "vanaf 16", "section": "other"})
    assert response.status_code == 302
    bad = client.post("/admin/audiences", data={"slug": "Met Spaties", "name": "X",
                                                 "section": "other"})
    assert bad.status_code == 400 and "kleine letters" in bad.text
    assert 'value="Met Spaties"' in bad.text
    girls = audiences(db, "meisjes")[0]
    client.post(f"/admin/audiences/{girls.id}", data={f"a{girls.id}-name": "Meisjes",
                                                      f"a{girls.id}-short_name": "voor meiden"})
    db.session.expire_all()
    assert db.session.get(Audience, girls.id).name == "Meisjes"
    assert db.session.get(Audience, girls.id).slug == "meisjes"
    # keep the seeded list for the other tests (the table is reference data)
    db.session.execute(sa.delete(Audience).where(Audience.slug == "jongeren-16"))
    girls = db.session.get(Audience, girls.id)
    girls.name, girls.short_name = "Meisjes en vrouwen", "voor meisjes"
    db.session.commit()


def test_only_coordinators_edit_the_list(client, make_user, login):
    assert client.get("/admin/audiences").status_code == 302
    login(make_user())
    assert client.get("/admin/audiences").status_code == 403


def test_initiatives_carry_audiences_and_filter_on_them(client, db, make_organisation):
    from stem_events.initiatives.models import Initiative, InitiativeStatus

    organisation = make_organisation()
    club = Initiative(name="Meisjes in STEM", slug="meisjes-in-stem",
                      status=InitiativeStatus.PUBLISHED, organisations=[organisation])
    club.audiences = audiences(db, "meisjes")
    db.session.add_all([club, Initiative(name="Makerspace", slug="makerspace",
                                         status=InitiativeStatus.PUBLISHED,
                                         organisations=[organisation])])
    db.session.commit()
    items = client.get("/api/v1/initiatives?audience=meisjes").get_json()["items"]
    assert [(i["name"], i["audiences"]) for i in items] == [("Meisjes in STEM", ["meisjes"])]
    assert "Makerspace" not in client.get("/initiatives?audience=meisjes").text


def test_event_page_shows_audiences_and_the_reduced_price(client, db, tagged):
    event = db.session.scalar(sa.select(Event).where(Event.title == "Familiedag"))
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert "kansentarief / UiTPAS" in page and "Gezinnen" in page


def test_reduced_filters_the_api_widget_feed_and_openapi(client, tagged):
    body = client.get("/api/v1/events?reduced=1").get_json()
    assert sorted(i["title"] for i in body["items"]) == ["Familiedag", "Gratis workshop"]
    widget = client.get("/embed/agenda?reduced=1").text
    assert "Familiedag" in widget and "Lezing AI" not in widget
    cal = icalendar.Calendar.from_ical(client.get("/agenda.ics?reduced=1").data)
    assert sorted(str(c["SUMMARY"]) for c in cal.walk("VEVENT")) == [
        "Familiedag", "Gratis workshop"]
    names = {p["name"] for p in client.get("/api/v1/openapi.json").get_json()
             ["paths"]["/events"]["get"]["parameters"]}
    assert {"audience", "reduced", "role_model"} <= names
    for path in ("/agenda", "/api/v1/events", "/agenda.ics"):
        refused = client.get(f"{path}?reduced=ja")
        assert refused.status_code == 400, path
