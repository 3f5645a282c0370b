"""`/api/v1/events` joins stored items (api.fragments): the page is byte for byte the one the
serializer gives over fully loaded events, and a stored item is never served once anything it
shows has changed, whoever changed it (ORM or raw SQL, as psql or another host would)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import jsonify

from stem_events import date_time
from stem_events.accounts.models import Organisation
from stem_events.api import fragments, serializers
from stem_events.api.models import ApiEventFragment
from stem_events.audiences.models import Audience
from stem_events.events import kept, services
from stem_events.events.filters import parse_filters
from stem_events.events.models import Event, EventSession, EventStatus, RegistrationMode
from stem_events.reference.models import EventKind, Goal, HelixPillar, Theme
from stem_events.registrations.models import EventGroupSettings, Registration, RegistrationStatus
from stem_events.registrations.services import group_settings_many, seats_left_many
from tests.statements import read_by

MARK = "UIT DE OPSLAG"
SELECTIONS = ("", "age=10", "province=40000", "kind=workshop&kind=lecture", "theme=ai",
              "per_page=1&page=2", "audience=gezinnen")


# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def serializer_page(app, db, query: str) -> bytes:
    """The page as the serializer builds it from fully loaded events (the API before the
    fragment store)."""
    db.session.expire_all()
    with app.test_request_context("/api/v1/events?" + query):
        from flask import request

        f = parse_filters(request.args)
        page = services.upcoming_events(f, int(request.args.get("page", 1)),
                                        int(request.args.get("per_page", 25)),
                                        load=(Event.goals, Event.co_organisations))
        seats = seats_left_many([(i.event, i.next_session) for i in page.items])
        groups = group_settings_many([i.event.id for i in page.items])
        return jsonify({
            "items": [{**serializers.event_json(i.event, i.next_session, i.session_count,
                                                seats[i.event.id], i.role_models),
                       "groups": serializers.groups_json(i.event, groups.get(i.event.id))}
                      for i in page.items],
            "page": page.page, "per_page": page.per_page, "total": page.total,
        }).data


def assert_as_the_serializer(app, client, db):
    for query in SELECTIONS:
        served = client.get("/api/v1/events?" + query)
        assert served.status_code == 200
        assert served.data == serializer_page(app, db, query), query


def mark_stored(db, event_id: int | None = None) -> None:
    """Change stored items behind the app's back, in the table and as the process keeps them
    (`events.kept`, under the same stamps): an item showing MARK came from the store."""
    F = ApiEventFragment
    db.session.execute(sa.update(F).where(*([F.event_id == event_id] if event_id else []))
                       .values(body=sa.func.replace(F.body, '"title":"', f'"title":"{MARK} ')))
    db.session.commit()
    for key, store in kept._KEPT.items():
        for kept_id, (stamp, item) in list(store.items()):
            if key[0] == "item" and event_id in (None, kept_id):
                parts = tuple(p.replace('"title":"', f'"title":"{MARK} ') for p in item.parts)
                store[kept_id] = (stamp, fragments.Fragment(parts, item.open_from,
                                                            item.open_until))


def stored(db) -> dict[int, tuple]:
    db.session.expire_all()
    return {f.event_id: (f.body, f.stamp, f.rendered_at)
            for f in db.session.scalars(sa.select(ApiEventFragment))}


@pytest.fixture
def events(db, make_event, make_organisation):
    """Three events showing every part of an item: themes, goals, audiences, a co-organiser,
    group settings, a capacity, a series with open sessions, an online one."""
    def one(model, **where):
        return db.session.scalars(sa.select(model).filter_by(**where)).one()

    start = date_time.now_utc().replace(microsecond=0) + timedelta(days=1)
    partner = make_organisation(name="Hogeschool Gent", helix=HelixPillar.KNOWLEDGE)
    first = make_event(title="Workshop robotica", age_min=8, age_max=12, capacity=10,
                       registration_mode=RegistrationMode.SERIES,
                       themes=[one(Theme, slug="ai"), one(Theme, slug="digitalisering")],
                       goals=[one(Goal, code="OD1.1.1")],
                       audiences=[one(Audience, slug="gezinnen"),
                                  one(Audience, slug="kansarmoede")],
                       co_organisations=[partner])
    db.session.add(EventGroupSettings(event_id=first.id, min_size=5, max_size=25))
    series = make_event(title="Lezingenreeks", kind=EventKind.LECTURE, municipality_nis="11002",
                        registration_mode=RegistrationMode.SESSIONS, sessions=[
                            (start + timedelta(days=d), start + timedelta(days=d, hours=1))
                            for d in (2, 9, 16)])
    for session in series.sessions:
        session.capacity = 4
    online = make_event(title="Webinar AI", online_url="https://meet.example/x",
                        municipality_nis=None, venue_name="", themes=[one(Theme, slug="ai")])
    db.session.commit()
    return first, series, online


def test_the_page_is_the_serializers_in_both_languages(app, client, db, events):
    assert_as_the_serializer(app, client, db)
    client.get("/lang/en?next=/agenda")
    assert_as_the_serializer(app, client, db)


def test_an_item_is_rendered_once_and_then_served_from_the_store(client, db, events):
    client.get("/api/v1/events")
    assert sorted(stored(db)) == sorted(e.id for e in events)
    mark_stored(db)
    titles = [i["title"] for i in client.get("/api/v1/events?age=10").get_json()["items"]]
    assert titles and all(t.startswith(MARK) for t in titles)  # another selection, same items


def test_a_new_version_serializer_or_address_renders_every_item_again(client, db, events,
                                                                     monkeypatch):
    client.get("/api/v1/events")
    mark_stored(db)
    monkeypatch.setattr(fragments, "RENDER_VERSION", fragments.RENDER_VERSION + "-next")
    assert MARK not in client.get("/api/v1/events").text
    mark_stored(db)
    monkeypatch.setattr(fragments, "SERIALIZERS", "an edited serializers module")
    assert MARK not in client.get("/api/v1/events").text
    mark_stored(db)
    assert MARK not in client.get("/api/v1/events", base_url="https://elders.example").text


def _sql(db, statement: str, **values) -> None:
    db.session.execute(sa.text(statement), values)
    db.session.commit()


def _add_session(db, event):
    last = event.sessions[-1]
    event.sessions.append(EventSession(starts_at=last.starts_at + timedelta(days=30),
                                       ends_at=last.ends_at + timedelta(days=30)))
    db.session.commit()


def _theme(db, event):
    _sql(db, "INSERT INTO event_themes (event_id, theme_id) "
             "SELECT :e, id FROM themes WHERE slug = 'cybersecurity'", e=event.id)


def _theme_removed(db, event):
    event.themes = []
    db.session.commit()


def _theme_renamed(db, event):
    _sql(db, "UPDATE themes SET slug = 'digitaal', position = -1 WHERE slug = 'digitalisering'")
    return ("UPDATE themes SET slug = 'digitalisering', position = {position} "
            "WHERE slug = 'digitaal'")


def _audience(db, event):
    _sql(db, "INSERT INTO event_audiences (event_id, audience_id) "
             "SELECT :e, id FROM audiences WHERE slug = 'beperking'", e=event.id)


def _audience_slug(db, event):
    _sql(db, "UPDATE audiences SET slug = 'armoede', position = -1 WHERE slug = 'kansarmoede'")
    return "UPDATE audiences SET slug = 'kansarmoede', position = {position} WHERE slug = 'armoede'"


def _audience_changed(db, event):
    """A link row updated in place (raw SQL, a bulk writer): migration 0042."""
    _sql(db, "UPDATE event_audiences SET audience_id = (SELECT id FROM audiences "
             "WHERE slug = 'beperking') WHERE event_id = :e AND audience_id = (SELECT id "
             "FROM audiences WHERE slug = 'kansarmoede')", e=event.id)


def _theme_changed(db, event):
    _sql(db, "UPDATE event_themes SET theme_id = (SELECT id FROM themes "
             "WHERE slug = 'cybersecurity') WHERE event_id = :e AND theme_id = (SELECT id "
             "FROM themes WHERE slug = 'digitalisering')", e=event.id)


def _theme_moved_to_another_event(db, event):
    """Both events' items change: the one it leaves and the one it joins."""
    _sql(db, "UPDATE event_themes SET event_id = (SELECT id FROM events "
             "WHERE title = 'Lezingenreeks') WHERE event_id = :e", e=event.id)


def _goal_changed(db, event):
    _sql(db, "UPDATE event_goals SET goal_code = 'OD1.1.2' WHERE event_id = :e", e=event.id)


def _co_organiser_changed(db, event):
    _sql(db, "UPDATE event_organisations SET organisation_id = :o WHERE event_id = :e",
         e=event.id, o=_another_organisation(db))


def _empty(db, *tables: str) -> None:
    """TRUNCATE on PostgreSQL names no rows (every event's stamp is raised); SQLite has none."""
    emptied = "TRUNCATE" if db.engine.dialect.name == "postgresql" else "DELETE FROM"
    for table in tables:
        _sql(db, f"{emptied} {table}")


def _links_emptied(db, event):
    _empty(db, "event_audiences", "event_themes", "event_goals", "event_organisations")


def _goal(db, event):
    _sql(db, "INSERT INTO event_goals (event_id, goal_code) VALUES (:e, 'OD1.1.2')", e=event.id)


def _another_organisation(db) -> int:
    other = Organisation(name="Bedrijf X", helix=HelixPillar.COMPANY, municipality_nis="44021",
                         approved=True)
    db.session.add(other)
    db.session.commit()
    return other.id


def _co_organiser(db, event):
    _sql(db, "INSERT INTO event_organisations (event_id, organisation_id) VALUES (:e, :o)",
         e=event.id, o=_another_organisation(db))


def _co_organiser_renamed(db, event):
    _sql(db, "UPDATE organisations SET name = 'UGent' WHERE name = 'Hogeschool Gent'")


def _organisation_renamed(db, event):
    _sql(db, "UPDATE organisations SET name = 'FabLab Brugge' WHERE id = :o",
         o=event.organisation_id)


def _helix(db, event):
    _sql(db, "UPDATE organisations SET helix = 'government' WHERE id = :o",
         o=event.organisation_id)


def _municipality_renamed(db, event):
    _sql(db, "UPDATE municipalities SET name = 'Gent (stad)' WHERE nis = '44021'")
    return "UPDATE municipalities SET name = 'Gent' WHERE nis = '44021'"


def _groups(db, event):
    _sql(db, "UPDATE event_group_settings SET max_size = 28 WHERE event_id = :e", e=event.id)


def _groups_emptied(db, event):
    _empty(db, "event_group_settings")  # (migration 0043)


def _groups_removed(db, event):
    _sql(db, "DELETE FROM event_group_settings WHERE event_id = :e", e=event.id)


def _title(db, event):
    _sql(db, "UPDATE events SET title = 'Workshop drones' WHERE id = :e", e=event.id)


def _cancelled(db, event):
    _sql(db, "UPDATE events SET status = 'cancelled' WHERE id = :e", e=event.id)


def _withdrawn(db, event):
    _sql(db, "UPDATE events SET status = 'draft' WHERE id = :e", e=event.id)


def _registration_closed(db, event):
    event.registration_closes_at = date_time.now_utc() - timedelta(minutes=1)
    db.session.commit()


def _session_cancelled(db, event):
    _sql(db, "UPDATE event_sessions SET status = 'cancelled' WHERE event_id = :e", e=event.id)


EDITS = (_title, _add_session, _theme, _theme_removed, _theme_renamed, _audience,
         _audience_slug, _goal, _co_organiser, _co_organiser_renamed, _organisation_renamed,
         _helix, _municipality_renamed, _groups, _groups_removed, _cancelled, _withdrawn,
         _registration_closed, _session_cancelled, _audience_changed, _theme_changed,
         _theme_moved_to_another_event, _goal_changed, _co_organiser_changed, _links_emptied,
         _groups_emptied)


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__.strip("_") for e in EDITS])
def test_an_edit_shows_at_once(app, client, db, events, edit):
    first = events[0]
    assert_as_the_serializer(app, client, db)
    mark_stored(db, first.id)
    positions = {"themes": db.session.scalar(sa.text(
        "SELECT position FROM themes WHERE slug = 'digitalisering'")),
        "audiences": db.session.scalar(sa.text(
            "SELECT position FROM audiences WHERE slug = 'kansarmoede'"))}
    undo = edit(db, first)  # reference data outlives the test: put back afterwards
    try:
        assert_as_the_serializer(app, client, db)  # the marked item was rendered again
        client.get("/lang/en?next=/agenda")
        assert_as_the_serializer(app, client, db)
    finally:
        if undo:
            db.session.rollback()
            table = undo.split()[1]
            _sql(db, undo.format(position=positions.get(table, 0)))


def test_a_seat_taken_changes_the_availability_and_not_the_store(app, client, db, events):
    first, series, _online = events
    assert_as_the_serializer(app, client, db)
    before = stored(db)
    db.session.add_all([
        Registration(event_id=first.id, status=RegistrationStatus.CONFIRMED,
                     identity_key="a@example.be", contact_name="A", contact_email="a@example.be"),
        Registration(event_id=series.id, session_id=series.sessions[0].id,
                     status=RegistrationStatus.CONFIRMED, identity_key="b@example.be",
                     contact_name="B", contact_email="b@example.be")])
    db.session.commit()
    items = {i["id"]: i for i in client.get("/api/v1/events").get_json()["items"]}
    assert (items[first.id]["seats_left"], items[series.id]["seats_left"]) == (9, 3)
    assert_as_the_serializer(app, client, db)
    assert stored(db) == before


def test_registration_closing_with_time_needs_no_new_render(app, client, db, events,
                                                            freeze_now):
    first = events[0]
    first.registration_closes_at = date_time.now_utc() + timedelta(hours=1)
    db.session.commit()
    assert client.get("/api/v1/events").get_json()["items"][0]["registration_open"] is True
    before = stored(db)
    freeze_now(date_time.now_utc() + timedelta(hours=2))
    assert client.get("/api/v1/events").get_json()["items"][0]["registration_open"] is False
    assert_as_the_serializer(app, client, db)
    assert stored(db) == before


def test_a_deleted_event_takes_its_item_along(client, db, events):
    ids = [e.id for e in events]
    client.get("/api/v1/events")
    _sql(db, "DELETE FROM events WHERE id = :e", e=ids[2])
    assert ids[2] not in stored(db)
    assert [i["id"] for i in client.get("/api/v1/events").get_json()["items"]] == ids[:2]


def test_a_page_asks_a_constant_number_of_queries(app, client, db, make_event):
    """Every item from the store: the number of statements does not grow with the page."""
    def statements(n_events: int) -> int:
        for _ in range(n_events):
            make_event()
        client.get("/api/v1/events")  # fills the store
        count = []
        listener = lambda *args: count.append(1)  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/api/v1/events").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        return len(count)

    assert statements(2) == statements(10)


def test_a_selection_the_index_answers_takes_the_items_kept_in_the_process(
        client, db, make_event):
    """A selection of the agenda's index reads its seats and stamps in one statement and takes
    the items the process keeps at those stamps (`fragments.stored_items`): no item read; the
    page is still the serializer's (test above) and follows an edit at once
    (`test_an_edit_shows_at_once`)."""
    for n in range(3):
        make_event(title=f"Workshop {n}", age_min=8, age_max=12)
    client.get("/api/v1/events?kind=workshop&age=9")  # the index filled, the items kept
    pages = []
    read = read_by(db, lambda: pages.append(
        client.get("/api/v1/events?kind=workshop&age=10").get_json()["items"]))
    assert len(pages[0]) == 3
    assert len(read) == 1 and "card_stamps" in read[0], read
    assert "api_event_fragments" not in read[0]
    kept.forget()  # another process: the stored items in one query, then kept
    read = read_by(db, lambda: client.get("/api/v1/events?kind=workshop&age=11"))
    assert len([s for s in read if "api_event_fragments" in s]) == 1, read
    read = read_by(db, lambda: client.get("/api/v1/events?kind=workshop&age=12"))
    assert not [s for s in read if "api_event_fragments" in s], read


def test_an_event_in_review_is_not_listed(client, db, events):
    _sql(db, "UPDATE events SET status = :s WHERE id = :e", s=EventStatus.IN_REVIEW.value,
         e=events[0].id)
    assert events[0].id not in [i["id"] for i in client.get("/api/v1/events").get_json()["items"]]


def test_role_models_taking_part_are_added_per_request(app, client, db, events):
    """Role models are another domain's: the stored item leaves them out, the page adds them
    (a name with accents and quotes, as JSON escapes it)."""
    import secrets

    from stem_events.rolemodels.models import (
        ConsentGiver,
        ConsentSubject,
        RoleModel,
        RoleModelConsent,
        RoleModelStatus,
    )

    assert_as_the_serializer(app, client, db)
    before = stored(db)
    role_model = RoleModel(
        name='Zoë "Z" Çelik', job="Ingenieur", employer="Windkracht", email="z@example.be",
        story="", status=RoleModelStatus.APPROVED, organisation_id=events[0].organisation_id,
        withdraw_nonce=secrets.token_urlsafe(16), confirm_nonce=secrets.token_urlsafe(16),
        consents=[RoleModelConsent(subject=ConsentSubject.PROFILE, given_by=ConsentGiver.SELF,
                                   given_by_name="Zoë", given_at=date_time.now_utc())])
    role_model.events = [events[0]]
    db.session.add(role_model)
    db.session.commit()
    item = client.get("/api/v1/events").get_json()["items"][0]
    assert [r["name"] for r in item["role_models"]] == ['Zoë "Z" Çelik']
    assert_as_the_serializer(app, client, db)
    assert stored(db) == before


def test_group_settings_written_by_raw_sql_reach_the_cached_pages(app, client, db, events):
    """The API's pages are cached by data version: a write to the group settings, by any
    writer, moves it (migration 0043), so the next page shows it."""
    app.config["PAGE_CACHE_ENABLED"] = True
    first = events[0]

    def groups():
        items = client.get("/api/v1/events").get_json()["items"]
        return next(i["groups"] for i in items if i["id"] == first.id)
    assert groups() == {"min": 5, "max": 25}
    assert groups() == {"min": 5, "max": 25}  # (from the cache)
    _sql(db, "UPDATE event_group_settings SET max_size = 28 WHERE event_id = :e", e=first.id)
    assert groups() == {"min": 5, "max": 28}
