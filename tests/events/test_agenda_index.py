"""The agenda's in-process facet index (`events/agenda_index.py`) answers a selection exactly as
the SQL does (the same events, order, session shown, total and feed figures, on every page),
follows every change at once (an edit through the app, a write by another connection as with
psql, time passing), and steps aside when it cannot know (the request's own changes, a search,
a window before what it holds)."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.audiences.models import Audience
from stem_events.date_time import now_utc, today_local
from stem_events.events import agenda_index, services
from stem_events.events.filters import parse_filters
from stem_events.events.models import Event, EventSession
from stem_events.feeds import services as feeds
from stem_events.reference.models import EventKind, Goal, Theme

PLACES = ["44021", "11002", "24062", "21004"]  # Gent, Antwerpen, Leuven, Brussel
KINDS = [EventKind.WORKSHOP, EventKind.LECTURE, EventKind.ROADSHOW,
         EventKind.TEACHER_TRAINING, EventKind.ACADEMY_ACTIVITY]
THEMES = ["ai", "energie", "robotica"]
GOALS = ["OD1.2.1", "OD3.3.1", "OD1.1.1"]
AUDIENCES = ["meisjes", "kansarmoede", "leerkrachten"]


@pytest.fixture
def agenda(db, make_event, make_organisation):
    """Forty events of every shape: kinds, places, ages, prices, online, themes, goals,
    audiences, co-organisers, series, sessions long over, running, ending soon, far ahead."""
    rnd = random.Random(22)
    now = now_utc().replace(microsecond=0)
    hour = timedelta(hours=1)
    themes = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    audiences = {a.slug: a for a in db.session.scalars(sa.select(Audience))}
    host, partner = make_organisation(name="Academie Gent"), make_organisation(name="Partner")
    for n in range(40):
        first = now + timedelta(days=rnd.randint(-3, 60), hours=rnd.randint(0, 20))
        sessions = [(first + timedelta(days=7 * k), first + timedelta(days=7 * k) + 2 * hour)
                    for k in range(rnd.randint(1, 4))]
        if n % 5 == 0:  # one long over, one running now
            sessions += [(now - timedelta(days=40), now - timedelta(days=39)),
                         (now - timedelta(days=2), now + timedelta(hours=3))]
        if n % 7 == 0:  # two sessions at one start
            sessions.append((sessions[0][0], sessions[0][1] + hour))
        free = n % 3 == 0
        age_min = rnd.choice([None, 4, 8, 12])
        event = make_event(
            title=f"Activiteit {n}", kind=KINDS[n % len(KINDS)],
            municipality_nis=PLACES[n % len(PLACES)], age_min=age_min,
            age_max=rnd.choice([None, 14, 18]) if age_min is None or age_min < 14 else None,
            price_kind="free" if free else "amount", price_cents=None if free else 500,
            price_reduced=not free and n % 2 == 0,
            online_url="https://meet.example/x" if n % 6 == 0 else "",
            organisation=host if n % 4 else partner,
            themes=[themes[s] for s in rnd.sample(THEMES, rnd.randint(0, 2))],
            goals=[db.session.get(Goal, c) for c in rnd.sample(GOALS, rnd.randint(0, 2))],
            audiences=[audiences[s] for s in rnd.sample(AUDIENCES, rnd.randint(0, 1))],
            sessions=sessions)
        if n % 9 == 0:
            event.co_organisations = [host]
    make_event(title="Voorbij", sessions=[(now - timedelta(days=9), now - timedelta(days=8))])
    db.session.commit()
    return {"host": host.id, "partner": partner.id, "now": now}


def _selections(agenda) -> list[str]:
    day = (agenda["now"] + timedelta(days=10)).date().isoformat()
    later = (agenda["now"] + timedelta(days=30)).date().isoformat()
    return [
        "", "kind=workshop", "kind=workshop&kind=lecture", "province=40000", "municipality=11002",
        "age=10", "age=0", "age=120", "age=13&province=10000", "free=1", "reduced=1",
        "online=1", "theme=ai", "theme=ai&theme=energie", "goal=OD1.2.1", "goal=SD1",
        "goal=TD1.2", "audience=leerkrachten", "audience=meisjes&audience=kansarmoede",
        f"organisation={agenda['host']}", f"organisation={agenda['partner']}",
        f"from={day}", f"to={day}", f"from={day}&to={later}&kind=lecture", "when=next7",
        "when=next30&free=1", "when=weekend", "province=20001&age=8&kind=roadshow",
    ]


def _filter(query: str):
    return parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&") if p]))


@contextmanager
def _sql_only(app):
    app.config["AGENDA_INDEX"] = False
    try:
        yield
    finally:
        app.config["AGENDA_INDEX"] = True


def test_every_selection_is_the_sqls(app, agenda):
    for query in _selections(agenda):
        with app.test_request_context(f"/agenda?{query}"):
            f, now = _filter(query), now_utc()
            indexed = agenda_index.page(f, now, 0, 10_000)
            assert indexed is not None, query
            with _sql_only(app):
                grouped, total = services._ids_grouped(f, now, 0, 10_000)
                counted_by_sql = services._count_upcoming_now(f, now)
            assert [(s.event_id, s.starts_at) for s in indexed[0]] == grouped, query
            assert indexed[1] == (total or 0) == agenda_index.count(f, now) == counted_by_sql, query
            start, end = feeds.feed_window(today_local())
            where = feeds._agenda_where(f, start, end, count=True)
            counted = tuple(services.db.session.execute(
                sa.select(sa.func.count(sa.distinct(EventSession.event_id)), sa.func.count())
                .join(Event, Event.id == EventSession.event_id)
                .where(Event.status.in_(services.PUBLIC_STATUSES), *where)).one())
            assert agenda_index.feed_counts(f, start, end) == counted, query


def test_every_page_of_cards_is_the_sqls(app, agenda):
    """The listings of the agenda's pages (session shown, series size, seats, role-model mark)
    and their totals, page after page."""
    for query in _selections(agenda):
        with app.test_request_context(f"/agenda?{query}"):
            f = _filter(query)
            for number in range(1, 5):
                page = services.upcoming_events(f, number, 4, cards=True)
                with _sql_only(app):
                    by_sql = services.upcoming_events(f, number, 4, cards=True)
                assert (page.items, page.total) == (by_sql.items, by_sql.total), (query, number)


def test_the_pages_read_no_count_nor_grouping(app, db, agenda):
    seen = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context("/agenda?kind=workshop&age=10"):
        f = _filter("kind=workshop&age=10")
        services.upcoming_events(f, 1, 3, cards=True)  # builds the index
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            page = services.upcoming_events(f, 1, 3, cards=True)
            stats = feeds.agenda_stats(f)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
    assert page.total > 0 and stats.events >= page.total
    assert not [s for s in seen if "count(" in s.lower() and "FROM event_sessions" not in s
                or "OVER ()" in s or "GROUP BY" in s], seen


def _workshops(client) -> str:
    return client.get("/agenda?kind=workshop&province=40000").get_data(as_text=True)


def test_an_edit_through_the_app_shows_at_once(client, db, agenda, page_cache_off):
    assert "Nieuw in Gent" not in _workshops(client)
    event = db.session.scalar(sa.select(Event).where(Event.title == "Activiteit 1"))
    event.title, event.kind, event.municipality_nis = "Nieuw in Gent", "workshop", "44021"
    db.session.commit()
    assert "Nieuw in Gent" in _workshops(client)


def test_a_write_by_another_connection_shows_at_once(app, client, db, agenda, page_cache_off):
    """As with psql: no ORM, another connection; the triggers move the data version."""
    before = _workshops(client)
    assert "Van psql" not in before
    event_id = db.session.scalar(sa.select(Event.id).where(Event.title == "Activiteit 2"))
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE events SET title = 'Van psql', kind = 'workshop', "
                                 "municipality_nis = '44021' WHERE id = :id"), {"id": event_id})
        assert "Van psql" in _workshops(client)
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM event_sessions WHERE event_id = :id"),
                         {"id": event_id})
        assert "Van psql" not in _workshops(client)
    finally:
        engine.dispose()


def test_time_passing_drops_a_session_that_ended(app, agenda, freeze_now):
    now = freeze_now(agenda["now"])
    with app.test_request_context("/agenda?kind=workshop"):
        f = _filter("kind=workshop")
        first, total = agenda_index.page(f, now, 0, 1)
    later = freeze_now(first[0].starts_at + timedelta(days=1))
    with app.test_request_context("/agenda?kind=workshop"):
        indexed = agenda_index.page(f, later, 0, 10_000)
        with _sql_only(app):
            grouped, counted = services._ids_grouped(f, later, 0, 10_000)
    assert [(s.event_id, s.starts_at) for s in indexed[0]] == grouped
    assert indexed[1] == (counted or 0) and indexed[1] <= total


def test_pending_or_written_changes_of_the_request_go_to_sql(app, db, agenda, make_event):
    with app.test_request_context("/agenda?kind=lecture"):
        f = _filter("kind=lecture")
        assert agenda_index.page(f, now_utc(), 0, 100) is not None
        event = db.session.scalar(sa.select(Event).where(Event.kind == "lecture"))
        event.kind = "workshop"  # pending
        assert agenda_index.page(f, now_utc(), 0, 100) is None
        db.session.flush()  # written in this transaction, not committed
        assert agenda_index.page(f, now_utc(), 0, 100) is None
        page = services.upcoming_events(f, 1, 100, cards=True)
        assert event.id not in {listing.event.id for listing in page.items}
        db.session.rollback()


def test_what_it_cannot_answer_goes_to_sql(app, agenda, monkeypatch):
    with app.test_request_context("/agenda"):
        now = now_utc()
        assert agenda_index.page(_filter("q=robot"), now, 0, 10) is None
        assert agenda_index.page(_filter("kind=workshop"), now - timedelta(days=40), 0, 10) is None
        monkeypatch.setattr(agenda_index, "MAX_CANDIDATES", 3)
        assert agenda_index.page(_filter("kind=workshop"), now, 0, 10) is None
    with _sql_only(app), app.test_request_context("/agenda"):
        assert agenda_index.page(_filter("kind=workshop"), now_utc(), 0, 10) is None


def test_an_index_built_while_a_change_commits_is_not_kept(app, agenda, monkeypatch):
    """The version is read before and after the data: a change in between leaves no index."""
    real = agenda_index._build

    def build_then_change(connection, token, built):
        index = real(connection, token, built)
        with services.db.engine.begin() as other:
            other.execute(sa.text("UPDATE events SET title = title || '.'"))
        return index

    agenda_index.forget()
    monkeypatch.setattr(agenda_index, "_build", build_then_change)
    with app.test_request_context("/agenda?kind=workshop"):
        assert agenda_index.page(_filter("kind=workshop"), now_utc(), 0, 10) is None
    assert not agenda_index._CURRENT
