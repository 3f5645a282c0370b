"""Each agenda filter is one entry of `events.filters.FILTERS`: the parameter list of
CONTRACT.md, the filter form, the OpenAPI document, the chips and the subscribe dialog all
follow from it, and a request parses its filter once."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import event as sa_event
from werkzeug.datastructures import MultiDict

from stem_events import page_cache
from stem_events.events.filters import FILTER_PARAMS, FILTERS, AgendaFilter, parse_filters

# CONTRACT.md, "Agenda filters", in the order of the normalised query string (cache keys and
# subscribe URLs depend on it).
CONTRACT_FILTERS = ["kind", "province", "municipality", "theme", "goal", "age", "from", "to",
                    "when", "q", "organisation", "free", "online", "audience", "reduced",
                    "role_model"]


def every_filter(organisation_id: int) -> list[tuple[str, str]]:
    return [("kind", "lecture"), ("kind", "workshop"), ("province", "40000"),
            ("municipality", "44021"), ("theme", "ai"), ("theme", "energie"), ("goal", "SD1"),
            ("age", "9"), ("from", "2026-03-19"), ("to", "2026-05-01"), ("when", "next30"),
            ("q", "robot"), ("organisation", str(organisation_id)), ("free", "1"),
            ("online", "1"), ("audience", "meisjes"), ("audience", "gezinnen"), ("reduced", "1"),
            ("role_model", "1")]


class SubmittedValues(HTMLParser):
    """What a browser sends when the filter form is submitted unchanged."""

    def __init__(self):
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.in_form = False
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "form" and "filters" in (found.get("class") or ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and found.get("name") and found.get("value"):
            if found.get("type") != "checkbox" or "checked" in found:
                self.pairs.append((found["name"], found["value"]))
        elif tag == "select":
            self.select = found.get("name")
        elif tag == "option" and self.select and "selected" in found and found.get("value"):
            self.pairs.append((self.select, found["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def submitted(html: str) -> list[tuple[str, str]]:
    parser = SubmittedValues()
    parser.feed(html)
    return parser.pairs


@pytest.fixture(autouse=True)
def empty_page_cache():
    page_cache._local.entries.clear()


def test_the_table_has_the_filters_of_the_contract_in_their_order():
    assert list(FILTER_PARAMS) == CONTRACT_FILTERS
    assert [entry.name for entry in FILTERS] == CONTRACT_FILTERS


def test_every_filter_is_a_parameter_of_the_events_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/events"]["get"]["parameters"]}
    for name in CONTRACT_FILTERS:
        parameter = parameters[name]
        assert parameter["in"] == "query" and parameter["description"]
        repeatable = name in ("kind", "theme", "audience")
        assert (parameter["schema"]["type"] == "array") == repeatable
        assert parameter.get("explode", False) == repeatable


def test_every_filter_has_a_control_in_the_form(client, make_organisation):
    school = make_organisation(name="GO! atheneum Gent")
    html = client.get(f"/agenda?organisation={school.id}").get_data(as_text=True)
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    for name in CONTRACT_FILTERS:
        assert f'name="{name}"' in form, name


def test_the_form_shows_every_filter_it_was_given(client, make_organisation, app, freeze_now):
    from datetime import UTC, datetime

    freeze_now(datetime(2026, 3, 18, 9, tzinfo=UTC))
    school = make_organisation(name="GO! atheneum Gent")
    asked = every_filter(school.id)
    html = client.get(f"/agenda?{urlencode(asked)}").get_data(as_text=True)
    sent = submitted(html)
    assert {name for name, _value in sent} == set(CONTRACT_FILTERS)
    with app.test_request_context():
        assert parse_filters(MultiDict(sent)) == parse_filters(MultiDict(asked))
    assert '<details class="more-filters" open>' in html


def test_a_normalised_filter_parses_to_itself(app, make_organisation):
    school = make_organisation(name="GO! atheneum Gent")
    with app.test_request_context():
        f = parse_filters(MultiDict(every_filter(school.id)))
        again = parse_filters(MultiDict(f.params()))
        assert again == f and again.cache_key() == f.cache_key()
        assert [name for name, _value in f.params()] == [
            name for name in CONTRACT_FILTERS
            for _ in range(2 if name in ("kind", "theme", "audience") else 1)]


def test_removing_a_chip_keeps_the_other_filters(app):
    with app.test_request_context():
        f = parse_filters(MultiDict([("kind", "workshop"), ("kind", "lecture"), ("age", "8"),
                                     ("free", "1")]))
        assert f.without("kind", "lecture").cache_key() == "kind=workshop&age=8&free=1"
        assert f.without("kind").cache_key() == "age=8&free=1"
        assert f.without("age").cache_key() == "kind=lecture&kind=workshop&free=1"
        assert f.without("free").cache_key() == "kind=lecture&kind=workshop&age=8"


def test_a_filter_built_in_code_reads_like_a_parsed_one(app):
    with app.test_request_context():
        assert AgendaFilter(municipality="44021") == parse_filters(
            MultiDict([("municipality", "44021")]))
        assert AgendaFilter(kinds=("workshop",)).params() == [("kind", "workshop")]
    with pytest.raises(TypeError):
        AgendaFilter(colour="blue")


def test_the_subscribe_dialog_names_the_selection_in_dutch_on_an_english_page(client,
                                                                              make_event):
    make_event(title="Lezing", kind="lecture")
    page = client.get("/agenda?kind=lecture", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert 'lang="en"' in html and "lecture" in html
    outlook = re.search(r'href="([^"]+)" data-subscribe-link="outlook"', html).group(1)
    query = parse_qs(urlsplit(outlook.replace("&amp;", "&")).query)
    assert query["name"] == ["STEM-agenda — lezing"]


def test_the_agenda_reads_its_filter_once_per_request(client, make_event, db):
    make_event(title="Robotica")
    lookups = []

    def count_theme_lookups(conn, cursor, statement, *args):
        if re.match(r"SELECT themes\.slug, themes\.name\s+FROM themes\s+WHERE", statement):
            lookups.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count_theme_lookups)
    try:
        assert client.get("/agenda?theme=ai&theme=energie").status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count_theme_lookups)
    assert len(lookups) == 1
