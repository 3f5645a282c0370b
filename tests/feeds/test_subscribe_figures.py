"""The subscribe dialog's figures: counted with the agenda's indexes (`agenda_stats`) they
are the numbers of the feed's own selection, and they are counted once per (feed,
data version) in a process."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.date_time import now_utc
from stem_events.events.filters import parse_filters
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession, EventStatus
from stem_events.extensions import db as _db
from stem_events.feeds import services

SELECTIONS = [
    {}, {"kind": ["workshop"]}, {"kind": ["lecture"]}, {"province": ["40000"]},
    {"province": ["40000"], "age": ["10"], "kind": ["workshop"]},
    {"municipality": ["44021"], "age": ["7"]},
    {"province": ["40000"], "kind": ["workshop"], "from": ["{in_a_week}"]},
    {"kind": ["lecture"], "from": ["{tomorrow}"], "to": ["{in_a_week}"]},
]


@pytest.fixture
def events(make_event):
    now = now_utc().replace(microsecond=0)
    hour = timedelta(hours=1)

    def at(*days):
        return [(now + timedelta(days=d), now + timedelta(days=d) + hour) for d in days]

    make_event(title="Lange reeks", sessions=at(-60, -10, 2, 9, 20, 400))
    make_event(title="Oud", sessions=at(-45))  # outside the feed's window
    make_event(title="Lezing Gent", kind="lecture", sessions=at(-5, 3))
    make_event(title="Lezing Leuven", kind="lecture", municipality_nis="24062",
               sessions=at(8, 30))
    make_event(title="Kleuters", age_min=3, age_max=6, sessions=at(4))
    make_event(title="Volgend jaar", sessions=at(500))
    make_event(title="Afgelast", status=EventStatus.CANCELLED, sessions=at(5))
    make_event(title="Ontwerp", status=EventStatus.DRAFT, sessions=at(5))


def _by_the_feeds_selection(spec) -> tuple[int, int]:
    return tuple(_db.session.execute(
        sa.select(sa.func.count(sa.distinct(EventSession.event_id)), sa.func.count())
        .join(Event, Event.id == EventSession.event_id)
        .where(Event.status.in_(PUBLIC_STATUSES), *spec.conditions())).one())


def _filter(selection: dict):
    today = now_utc().date()
    days = {"tomorrow": (today + timedelta(days=1)).isoformat(),
            "in_a_week": (today + timedelta(days=7)).isoformat()}
    return parse_filters(MultiDict(
        {k: [v.format(**days) for v in values] for k, values in selection.items()}))


@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_figures_are_the_feeds(app, events, selection):
    with app.test_request_context("/agenda"):
        stats = services.agenda_stats(_filter(selection))
        spec = services.agenda_spec(_filter(selection))
        assert (stats.events, stats.sessions) == _by_the_feeds_selection(spec)


def test_counted_once_per_data_version(app, events, make_event, agenda_index_off):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if "count(DISTINCT" in statement:
            statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", count)
    try:
        for _ in range(2):
            with app.test_request_context("/agenda?kind=lecture"):
                assert services.agenda_stats(_filter({"kind": ["lecture"]})).events == 2
        assert len(statements) == 1
        make_event(title="Nog een lezing", kind="lecture")
        with app.test_request_context("/agenda?kind=lecture"):
            assert services.agenda_stats(_filter({"kind": ["lecture"]})).events == 3
        assert len(statements) == 2
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", count)


def test_a_new_selection_writes_nothing_to_the_feed_store(app, client, events):
    """The figures of a new selection stay in the process: a page view pays no file write
    (nor a Redis round trip) for them."""
    store = services._cache().dir
    before = set(store.rglob("*")) if store.exists() else set()
    page = client.get("/agenda?kind=lecture&age=9").get_data(as_text=True)
    assert "Dit abonnement bevat nu 2 activiteiten." in page
    assert (set(store.rglob("*")) if store.exists() else set()) == before
