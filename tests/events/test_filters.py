"""Every agenda filter of CONTRACT.md, on the page (the API and feeds share the query)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import local
from stem_events.events.filters import when_range
from stem_events.events.models import PriceKind
from stem_events.reference.models import EventKind, Goal, Theme

NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)  # a Wednesday


def titles(client, query: str) -> list[str]:
    response = client.get(f"/agenda?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return re.findall(r'id="event-\d+-title">\s*<a [^>]*>([^<]+)</a>',
                      response.get_data(as_text=True))


def at(day: date, hour: int = 14, hours: int = 2):
    start = local(day, datetime.min.time().replace(hour=hour))
    return [(start, start + timedelta(hours=hours))]


@pytest.fixture
def now(freeze_now):
    return freeze_now(NOW)


def test_kind_is_repeatable(client, make_event, now):
    make_event(title="Werkwinkel", kind=EventKind.WORKSHOP)
    make_event(title="Lezing", kind=EventKind.LECTURE)
    make_event(title="Bezoek", kind=EventKind.COMPANY_VISIT)
    assert set(titles(client, "kind=workshop&kind=lecture")) == {"Werkwinkel", "Lezing"}


def test_province_and_municipality(client, make_event, now):
    make_event(title="In Gent", municipality_nis="44021")
    make_event(title="In Antwerpen", municipality_nis="11002")
    make_event(title="In Brussel", municipality_nis="21004")
    assert titles(client, "province=40000") == ["In Gent"]
    assert titles(client, "province=04000") == ["In Brussel"]
    assert titles(client, "municipality=11002") == ["In Antwerpen"]
    assert titles(client, "province=10000&municipality=11002") == ["In Antwerpen"]


def test_theme_and_goal_with_its_children(client, make_event, db, now):
    ai = db.session.scalar(sa.select(Theme).where(Theme.slug == "ai"))
    energy = db.session.scalar(sa.select(Theme).where(Theme.slug == "energie"))
    make_event(title="AI-workshop", themes=[ai], goals=[db.session.get(Goal, "OD1.2.1")])
    make_event(title="Zonnewagentje", themes=[energy], goals=[db.session.get(Goal, "OD3.3.1")])
    assert titles(client, "theme=ai") == ["AI-workshop"]
    assert set(titles(client, "theme=ai&theme=energie")) == {"AI-workshop", "Zonnewagentje"}
    assert titles(client, "goal=OD1.2.1") == ["AI-workshop"]
    assert titles(client, "goal=TD1.2") == ["AI-workshop"]
    assert titles(client, "goal=SD3") == ["Zonnewagentje"]
    assert titles(client, "goal=OD 1.2.1") == ["AI-workshop"]  # as people write it


@pytest.mark.parametrize("age, expected", [
    (7, {"Voor iedereen", "Vanaf 12"} - {"Vanaf 12"}),
    (8, {"8 tot 12", "Voor iedereen"}),
    (12, {"8 tot 12", "Voor iedereen", "Vanaf 12"}),
    (13, {"Voor iedereen", "Vanaf 12"}),
])
def test_age_at_the_edges_of_a_range(client, make_event, now, age, expected):
    make_event(title="8 tot 12", age_min=8, age_max=12)
    make_event(title="Voor iedereen")
    make_event(title="Vanaf 12", age_min=12)
    assert set(titles(client, f"age={age}")) == expected


def test_date_range_is_inclusive_in_brussels_days_across_dst(client, make_event, now):
    make_event(title="Zaterdag voor de omschakeling", sessions=at(date(2026, 3, 28), 23, 1))
    make_event(title="Zondag van de omschakeling", sessions=at(date(2026, 3, 29), 0, 1))
    make_event(title="Maandag erna", sessions=at(date(2026, 3, 30), 0, 1))
    assert titles(client, "from=2026-03-29&to=2026-03-29") == ["Zondag van de omschakeling"]
    assert titles(client, "from=2026-03-28&to=2026-03-29") == [
        "Zaterdag voor de omschakeling", "Zondag van de omschakeling"]


def test_a_series_matches_when_one_session_falls_in_the_range(client, make_event, now):
    sessions = [s for week in range(4) for s in at(date(2026, 3, 25) + timedelta(weeks=week))]
    make_event(title="Codeerclub", sessions=sessions)
    assert titles(client, "from=2026-04-08&to=2026-04-08") == ["Codeerclub"]
    assert titles(client, "from=2026-04-09&to=2026-04-14") == []


def test_quick_date_choices(client, make_event, now):
    make_event(title="Vandaag", sessions=at(date(2026, 3, 18), 18))
    make_event(title="Morgen", sessions=at(date(2026, 3, 19)))
    make_event(title="Zaterdag", sessions=at(date(2026, 3, 21)))
    make_event(title="Over twee weken", sessions=at(date(2026, 4, 2)))
    make_event(title="In de paasvakantie", sessions=at(date(2026, 4, 14)))
    assert titles(client, "when=today") == ["Vandaag"]
    assert titles(client, "when=tomorrow") == ["Morgen"]
    assert titles(client, "when=weekend") == ["Zaterdag"]
    assert titles(client, "when=next7") == ["Vandaag", "Morgen", "Zaterdag"]
    assert "Over twee weken" in titles(client, "when=next30")
    assert titles(client, "when=holiday") == ["In de paasvakantie"]


def test_when_ranges():
    wednesday = date(2026, 3, 18)
    assert when_range("weekend", wednesday) == (date(2026, 3, 21), date(2026, 3, 22))
    assert when_range("weekend", date(2026, 3, 22)) == (date(2026, 3, 22), date(2026, 3, 22))
    assert when_range("holiday", wednesday) == (date(2026, 4, 6), date(2026, 4, 19))


def test_free_online_and_organisation(client, make_event, make_organisation, now):
    school = make_organisation(name="GO! atheneum Gent")
    make_event(title="Gratis", organisation=school)
    make_event(title="Betalend", price_kind=PriceKind.AMOUNT, price_cents=500)
    make_event(title="Webinar", online_url="https://meet.example/x", municipality_nis=None)
    assert "Betalend" not in titles(client, "free=1")
    assert titles(client, "online=1") == ["Webinar"]
    assert titles(client, f"organisation={school.id}") == ["Gratis"]


def test_search_is_accent_insensitive_and_every_word_must_match(client, make_event, now):
    make_event(title="Geëngageerde robotica", summary="Bouwen met énergie")
    make_event(title="Robots in de zorg", summary="Technologie voor verpleging")
    make_event(title="Sterrenkijken", summary="",
               description="Met de **telescoop** van de volkssterrenwacht")
    assert titles(client, "q=geengageerde") == ["Geëngageerde robotica"]
    assert titles(client, "q=GEËNGAGEERDE") == ["Geëngageerde robotica"]
    assert titles(client, "q=energie") == ["Geëngageerde robotica"]
    assert set(titles(client, "q=robo")) == {"Geëngageerde robotica", "Robots in de zorg"}
    assert titles(client, "q=robo zorg") == ["Robots in de zorg"]
    assert titles(client, "q=telescoop") == ["Sterrenkijken"]
    assert titles(client, "q=ro") == []  # words under three letters match whole words only
    assert titles(client, "q=de") != []
    assert titles(client, "q=%21%21%21") == []  # punctuation only finds nothing, without error


def test_search_finds_organisation_and_municipality_names(client, make_event, make_organisation,
                                                          now, db):
    lab = make_organisation(name="Fablab Kortrijk")
    event = make_event(title="Lasersnijden", organisation=lab, municipality_nis="34022")
    assert titles(client, "q=fablab") == ["Lasersnijden"]
    assert titles(client, "q=kortrijk") == ["Lasersnijden"]
    lab.name = "Makerspace West"
    db.session.commit()
    assert titles(client, "q=makerspace") == [event.title]


def test_search_ranks_title_matches_first(client, make_event, now):
    make_event(title="Lezing over sterren", description="Ook iets over robotica.",
               sessions=at(date(2026, 3, 19)))
    make_event(title="Robotica voor beginners", sessions=at(date(2026, 3, 26)))
    assert titles(client, "q=robotica") == ["Robotica voor beginners", "Lezing over sterren"]


@pytest.mark.parametrize("query, field, message", [
    ("municipality=99999", "municipality", "Onbekende gemeente"),
    ("province=12345", "province", "Onbekende provincie"),
    ("age=abc", "age", "De leeftijd moet"),
    ("age=500", "age", "De leeftijd moet"),
    ("from=2026-05-01&to=2026-04-01", "to", "De einddatum ligt vóór de begindatum"),
    ("from=gisteren", "from", "geen geldige datum"),
    ("kind=party", "kind", "Onbekend soort activiteit"),
    ("theme=astrologie", "theme", "Onbekend thema"),
    ("goal=OD9.9.9", "goal", "Onbekende doelstelling"),
    ("when=someday", "when", "Onbekende periode"),
    ("q=" + "x" * 10_000, "q", "hoogstens 200 tekens"),
    ("organisation=abc", "organisation", "Onbekende organisatie"),
    ("free=yes", "free", "moet 1 zijn"),
    ("page=-1", "page", "paginanummer"),
    ("province=10000&municipality=44021", "municipality", "ligt niet in de gekozen provincie"),
])
def test_bad_filter_values_show_the_form_with_a_dutch_explanation(client, query, field, message):
    response = client.get(f"/agenda?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'role="search"' in html  # the form is shown again
    if field != "page":
        assert f'id="error-{field}"' in html


def test_typed_values_are_kept_after_an_error(client):
    html = client.get("/agenda?q=robots&age=abc").get_data(as_text=True)
    assert 'value="robots"' in html and 'value="abc"' in html


def test_active_filters_are_removable_chips(client, make_event, now):
    make_event(title="Werkwinkel", age_min=8, age_max=12)
    html = client.get("/agenda?kind=workshop&age=10").get_data(as_text=True)
    assert 'aria-label="Filter workshop verwijderen"' in html
    assert 'href="/agenda?age=10"' in html  # removing the kind keeps the age


def test_empty_result_says_which_filter_to_drop(client, make_event, now):
    make_event(title="Werkwinkel", kind=EventKind.WORKSHOP, municipality_nis="44021")
    html = client.get("/agenda?kind=lecture&province=40000").get_data(as_text=True)
    assert "0 activiteiten" in html
    assert "zonder de filter ‘lezing’: 1 activiteit" in html


def test_pagination_keeps_the_filters(client, make_event, app, now):
    for i in range(app.config["AGENDA_PER_PAGE"] + 1):
        make_event(title=f"Workshop {i:02d}", sessions=at(date(2026, 3, 20) + timedelta(days=i)))
    html = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert 'href="?kind=workshop&amp;page=2"' in html


def test_subscribe_and_api_links_carry_the_selection(client, now):
    html = client.get("/agenda?age=10&kind=workshop&utm_source=x").get_data(as_text=True)
    assert 'href="/agenda.ics?kind=workshop&amp;age=10"' in html
    assert 'href="/api/v1/events?kind=workshop&amp;age=10"' in html
