"""A filtered agenda starts from the matching events and reads the page and the number of
results in one query; it must give exactly what the walk in start order and the separate
count gave (same events, same order, same next session, same total), on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.date_time import now_utc
from stem_events.events import services
from stem_events.events.filters import parse_filters
from stem_events.reference.models import EventKind

SELECTIONS = [
    "kind=workshop", "age=10", "province=10000", "province=40000&age=9&kind=lecture",
    "kind=workshop&age=10", "from={day3}", "to={day3}", "province=40000&from={day2}&to={day5}",
    "age=30", "kind=roadshow",
]


@pytest.fixture
def agenda(db, make_event):
    now = now_utc().replace(microsecond=0)
    hour = timedelta(hours=1)
    kinds = [EventKind.WORKSHOP, EventKind.LECTURE, EventKind.ROADSHOW]
    places = ["44021", "11002"]  # Gent (Oost-Vlaanderen), Antwerpen
    for n in range(14):
        first = now + timedelta(days=n % 6, hours=n)
        sessions = [(first + timedelta(days=7 * k), first + timedelta(days=7 * k) + 2 * hour)
                    for k in range(1 + n % 3)]
        if n % 4 == 0:  # one that began long ago and still runs, one that is over
            sessions.insert(0, (now - timedelta(days=30), now - timedelta(days=29)))
        if n == 5:
            sessions = [(now - timedelta(days=3), now + timedelta(days=1))]
        make_event(title=f"Activiteit {n}", kind=kinds[n % 3], municipality_nis=places[n % 2],
                   age_min=(6 if n % 2 else 10), age_max=(12 if n % 5 else None),
                   sessions=sessions)
    make_event(title="Voorbij", sessions=[(now - timedelta(days=9), now - timedelta(days=8))])
    return now


@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_grouped_page_is_the_walks_page(app, agenda, selection):
    days = {f"day{n}": (agenda + timedelta(days=n)).date().isoformat() for n in range(8)}
    query = selection.format(**days)
    with app.test_request_context(f"/agenda?{query}"):
        f = parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&")]))
        now = now_utc()
        total = services.count_upcoming(f, now)
        assert total == len(services._ids_by_date(f, now, 0, 10_000))
        for offset in range(0, total + 6, 3):
            walked = services._ids_by_date(f, now, offset, 3)
            grouped, counted = services._ids_grouped(f, now, offset, 3)
            assert grouped == walked, (query, offset)
            assert counted == (total if walked or offset == 0 else None), (query, offset)
        page = services.upcoming_events(f, 1, 3, cards=True)
        assert page.total == total


def test_a_filtered_page_reads_ids_and_count_in_one_query(app, db, agenda, agenda_index_off):
    seen = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context("/agenda?kind=workshop&age=10"):
        f = parse_filters(MultiDict([("kind", "workshop"), ("age", "10")]))
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            page = services.upcoming_events(f, 1, 3, cards=True)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
    assert page.total > 3
    assert not [s for s in seen if "count(*) AS count_1" in s and "events.kind" in s], seen
    assert [s for s in seen if "OVER ()" in s]


def test_a_page_beyond_the_last_still_knows_the_total(app, client, agenda):
    response = client.get("/agenda?kind=workshop&page=40")
    assert response.status_code == 404
    assert "Naar de laatste pagina" in response.get_data(as_text=True)


def test_widen_counts_follow_a_new_event_and_an_edit(client, db, make_event, agenda):
    """The counts of the neighbouring selections are reused within one data version only."""
    from datetime import timedelta as td

    from stem_events.date_time import now_utc as now

    def widen_text():
        page = client.get("/agenda?province=10000&kind=lecture&age=5").get_data(as_text=True)
        return page[page.index("Maak je zoekopdracht ruimer"):]

    first = widen_text()
    assert ": 3 activiteiten" in first
    start = now().replace(microsecond=0) + td(days=2)
    event = make_event(title="Nog een lezing", kind=EventKind.LECTURE, municipality_nis="11002",
                       age_min=8, age_max=9, sessions=[(start, start + td(hours=1))])
    assert ": 4 activiteiten" in widen_text()  # one lecture more without the age
    event.kind = EventKind.WORKSHOP
    db.session.commit()
    assert widen_text() == first


@pytest.fixture
def long_history(db, make_event, agenda):
    """Five times as many past events as upcoming ones, in the same places and kinds."""
    now = now_utc().replace(microsecond=0)
    kinds = [EventKind.WORKSHOP, EventKind.LECTURE, EventKind.ROADSHOW]
    for n in range(80):
        start = now - timedelta(days=40 + n)
        make_event(title=f"Voorbij {n}", kind=kinds[n % 3],
                   municipality_nis=["44021", "11002"][n % 2], age_min=6, age_max=12,
                   sessions=[(start, start + timedelta(hours=2))])
    return agenda


@pytest.mark.parametrize("selection", SELECTIONS)
def test_with_a_long_history_the_upcoming_ids_come_first_and_change_nothing(
        app, db, long_history, selection, monkeypatch):
    days = {f"day{n}": (long_history + timedelta(days=n)).date().isoformat() for n in range(8)}
    query = selection.format(**days)
    seen = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context(f"/agenda?{query}"):
        f = parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&")]))
        now = now_utc()
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            listed = [services._ids_grouped(f, now, offset, 3) for offset in (0, 3, 6)]
            counted = services._count_upcoming_now(f, now)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
        monkeypatch.setattr(services, "HISTORY_FACTOR", 10**9)
        services._MUCH_HISTORY.clear()
        assert [services._ids_grouped(f, now, offset, 3) for offset in (0, 3, 6)] == listed
        assert services._count_upcoming_now(f, now) == counted
    if db.engine.dialect.name == "sqlite" and not f.without("from").without("to").is_empty:
        assert any("+events.id IN" in s for s in seen), seen
