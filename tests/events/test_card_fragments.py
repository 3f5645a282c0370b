"""The agenda's cards are rendered once and stored (events.cards); a stored card is never
served once anything it shows has changed, whoever changed it."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events import date_time
from stem_events.audiences.models import Audience
from stem_events.events import cards, kept
from stem_events.events.models import CardFragment, EventStatus, RegistrationMode
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.statements import read_by

MARK = "UIT DE OPSLAG"


# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _mark_stored_cards(db):
    """Change the stored cards behind the app's back, in the table and as the process keeps
    them (`events.kept`, under the same stamps): a page showing MARK was built from the
    store."""
    db.session.execute(sa.update(CardFragment).values(
        head=sa.func.replace(CardFragment.head, "</h3>", f"{MARK}</h3>")))
    db.session.commit()
    for key, store in kept._KEPT.items():
        if key[0] == "card":
            for event_id, (stamp, (head, tail)) in list(store.items()):
                store[event_id] = (stamp, (head.replace("</h3>", f"{MARK}</h3>"), tail))


def _drop_stored_cards(db):
    """Empty the store, and what the process keeps of it: the next page renders its cards."""
    db.session.execute(sa.delete(CardFragment))
    db.session.commit()
    kept.forget()


def _sql(db, statement: str, **values) -> None:
    """A change as a psql session or another host would write it: no ORM."""
    db.session.execute(sa.text(statement), values)
    db.session.commit()


def _card(page: str, event) -> str:
    start = page.index(f'aria-labelledby="event-{event.id}-title"')
    return page[start:page.index("</article>", start)]


def _fragments(db) -> list[CardFragment]:
    db.session.expire_all()
    return db.session.scalars(sa.select(CardFragment)).all()


def test_a_card_is_rendered_once_and_then_served_from_the_store(client, db, make_event):
    event = make_event(title="Workshop robotica")
    assert "Workshop robotica" in client.get("/agenda").text
    assert [(f.event_id, f.language) for f in _fragments(db)] == [(event.id, "nl")]
    _mark_stored_cards(db)
    assert MARK in client.get("/agenda?age=10").text  # another selection, the same card


def test_an_orm_edit_shows_at_once(client, db, make_event):
    event = make_event(title="Workshop robotica")
    client.get("/agenda")
    _mark_stored_cards(db)
    event.title = "Workshop drones"
    db.session.commit()
    page = client.get("/agenda").text
    assert "Workshop drones" in page and MARK not in page


def test_a_raw_sql_update_of_the_title_shows_at_once(client, db, make_event):
    """As a psql session or another host would write: no ORM, updated_at untouched."""
    event = make_event(title="Workshop robotica")
    client.get("/agenda")
    _mark_stored_cards(db)
    db.session.execute(sa.text("UPDATE events SET title = 'Workshop 3D-printen' WHERE id = :id"),
                       {"id": event.id})
    db.session.commit()
    page = client.get("/agenda").text
    assert "Workshop 3D-printen" in page and MARK not in page and "Workshop robotica" not in page


@pytest.mark.parametrize("raw", [False, True], ids=["orm", "raw-sql"])
def test_a_session_moved_shows_its_new_time(client, db, make_event, raw):
    event = make_event()
    client.get("/agenda")
    _mark_stored_cards(db)
    session = event.sessions[0]
    new_start = session.starts_at + timedelta(days=2, hours=3)
    if raw:
        db.session.execute(sa.update(session.__table__).where(
            session.__table__.c.id == session.id).values(
            starts_at=new_start, ends_at=new_start + timedelta(hours=2)))
    else:
        session.starts_at, session.ends_at = new_start, new_start + timedelta(hours=2)
    db.session.commit()
    card = _card(client.get("/agenda").text, event)
    assert f'datetime="{date_time.isoformat_local(new_start)}"' in card and MARK not in card


def test_a_language_switch_never_serves_the_other_language(client, db, make_event):
    start = date_time.now_utc().replace(microsecond=0) + timedelta(days=1)
    event = make_event(status=EventStatus.CANCELLED, sessions=[
        (start, start + timedelta(hours=2)), (start + timedelta(days=7),
                                               start + timedelta(days=7, hours=2))])
    dutch = _card(client.get("/agenda").text, event)
    assert "Geannuleerd" in dutch and "reeks van 2 sessies" in dutch
    client.get("/lang/en?next=/agenda")
    english = _card(client.get("/agenda").text, event)
    assert "Cancelled" in english and "series of 2 sessions" in english
    assert "Geannuleerd" not in english
    assert sorted(f.language for f in _fragments(db)) == ["en", "nl"]
    client.get("/lang/nl?next=/agenda")
    assert "Geannuleerd" in _card(client.get("/agenda").text, event)


def test_a_seat_taken_changes_the_availability_and_not_the_stored_card(client, db, make_event):
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=3)
    assert "Nog 3 plaatsen" in _card(client.get("/agenda").text, event)
    stored = [(f.head, f.tail, f.rendered_at) for f in _fragments(db)]
    db.session.add(Registration(event_id=event.id, status=RegistrationStatus.CONFIRMED,
                                identity_key="a@example.be", contact_name="A",
                                contact_email="a@example.be"))
    db.session.commit()
    card = _card(client.get("/agenda").text, event)
    assert "Nog 2 plaatsen" in card and "Nog 3 plaatsen" not in card
    assert [(f.head, f.tail, f.rendered_at) for f in _fragments(db)] == stored


def test_a_new_render_version_renders_every_card_again(client, db, make_event, monkeypatch):
    make_event()
    client.get("/agenda")
    _mark_stored_cards(db)
    assert MARK in client.get("/agenda").text
    monkeypatch.setattr(cards, "RENDER_VERSION", cards.RENDER_VERSION + "-next")
    assert MARK not in client.get("/agenda").text


def test_an_audience_changed_in_place_shows_at_once(client, db, make_event):
    """`UPDATE event_audiences` by hand or by a bulk writer (the ORM deletes and inserts link
    rows) raises the stamps of the event it leaves and the one it joins (migration 0042)."""
    girls = db.session.scalars(sa.select(Audience).filter_by(slug="meisjes")).one()
    event = make_event(title="Workshop robotica", audiences=[girls])
    other = make_event(title="Lezing AI")
    page = client.get("/agenda").text
    assert "Voor: Meisjes en vrouwen" in _card(page, event) and "Voor:" not in _card(page, other)
    _mark_stored_cards(db)
    _sql(db, "UPDATE event_audiences SET audience_id = (SELECT id FROM audiences WHERE slug = "
             "'leerkrachten') WHERE event_id = :id", id=event.id)
    card = _card(client.get("/agenda").text, event)
    assert "Voor: Leerkrachten en begeleiders" in card and MARK not in card
    _sql(db, "UPDATE event_audiences SET event_id = :other", other=other.id)
    page = client.get("/agenda").text
    assert "Voor:" not in _card(page, event)
    assert "Voor: Leerkrachten en begeleiders" in _card(page, other)


def test_stamps_started_again_never_match_an_older_card(client, db, make_event):
    """`card_stamps` emptied (by hand, a restore) starts every stamp again from 0: as many
    edits later a stamp would equal the one an old card was stored and kept at. Deleting the
    rows deletes those stored cards and moves the data version's epoch (migration 0042)."""
    event = make_event(title="Workshop robotica")
    client.get("/agenda")
    stamp = db.session.scalar(sa.text("SELECT stamp FROM card_stamps WHERE event_id = :id"),
                              {"id": event.id})
    _mark_stored_cards(db)
    db.session.execute(sa.text("DELETE FROM card_stamps"))
    for n in range(stamp):
        db.session.execute(sa.text("UPDATE events SET title = :title WHERE id = :id"),
                           {"title": f"Workshop drones {n}", "id": event.id})
    db.session.commit()
    assert db.session.scalar(sa.text("SELECT stamp FROM card_stamps WHERE event_id = :id"),
                             {"id": event.id}) == stamp
    page = client.get("/agenda").text
    assert f"Workshop drones {stamp - 1}" in page and MARK not in page


def test_a_withdrawn_or_unpublished_event_shows_as_it_is(client, db, make_event):
    event = make_event(title="Workshop robotica")
    client.get("/agenda")
    _mark_stored_cards(db)
    _sql(db, "UPDATE events SET status = 'cancelled' WHERE id = :id", id=event.id)
    card = _card(client.get("/agenda").text, event)
    assert "Geannuleerd" in card and MARK not in card
    _sql(db, "UPDATE events SET status = 'draft' WHERE id = :id", id=event.id)
    assert "Workshop robotica" not in client.get("/agenda").text


def test_a_renamed_organisation_shows_on_its_cards(client, db, make_event):
    event = make_event()
    client.get("/agenda")
    db.session.execute(sa.text("UPDATE organisations SET name = 'FabLab Brugge' WHERE id = :id"),
                       {"id": event.organisation_id})
    db.session.commit()
    assert "FabLab Brugge" in _card(client.get("/agenda").text, event)


def test_the_card_does_not_depend_on_the_request(client, db, make_event, organiser, login):
    """What is stored is the same whatever page, selection or visitor rendered it."""
    event = make_event(title="Workshop robotica")
    anonymous = _card(client.get("/agenda?age=10&page=1").text, event)
    _drop_stored_cards(db)
    login(organiser[0])
    signed_in = _card(client.get("/agenda").text, event)
    assert signed_in == anonymous


def test_an_edit_committed_while_a_card_is_rendered_is_not_lost(client, db, make_event):
    """Another writer commits right after the rows of a card were read for rendering: the
    card must not be stored as valid for the newer data (the stamp is read before the rows),
    so the next page renders it again."""
    event = make_event(title="Workshop robotica")
    state = {"armed": False, "fired": False}

    def interleave(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT card_fragments"):
            state["armed"] = True  # the page's stored cards were looked up; none is valid
        elif state["armed"] and "FROM events" in statement and not state["fired"]:
            state["fired"] = True  # the rows of the card to render have just been read
            with db.engine.begin() as other:
                other.execute(sa.text("UPDATE events SET title = 'Workshop drones' "
                                      "WHERE id = :id"), {"id": event.id})

    sa.event.listen(db.engine, "after_cursor_execute", interleave)
    try:
        assert "Workshop robotica" in client.get("/agenda").text
    finally:
        sa.event.remove(db.engine, "after_cursor_execute", interleave)
    assert state["fired"]
    page = client.get("/agenda").text
    assert "Workshop drones" in page and "Workshop robotica" not in page


def test_one_stored_card_serves_every_session_of_a_series(client, db, make_event):
    """A selection with a date shows a later session of a series: the same stored card, with
    that session's time, and nothing rendered while the visitor waits."""
    start = date_time.now_utc().replace(microsecond=0) + timedelta(days=1)
    sessions = [(start + timedelta(days=7 * k), start + timedelta(days=7 * k, hours=2))
                for k in range(3)]
    event = make_event(title="Reeks robotica", sessions=sessions)
    client.get("/agenda")
    assert [(f.event_id, f.language) for f in _fragments(db)] == [(event.id, "nl")]
    _mark_stored_cards(db)
    later = date_time.isoformat_local(sessions[2][0])
    page = client.get(f"/agenda?from={later[:10]}").text
    card = _card(page, event)
    assert MARK in card and f'datetime="{later}"' in card
    assert len(_fragments(db)) == 1


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_stored_card_is_the_card_rendered_whole(app, client, db, make_event, language):
    """Head, session time, seats, tail and badge from the store are byte for byte the
    `event_card` macro rendered for the same session."""
    from flask import render_template_string

    from stem_events.events.services import Listing

    start = date_time.now_utc().replace(microsecond=0) + timedelta(days=1)
    sessions = [(start + timedelta(days=7 * k), start + timedelta(days=7 * k, hours=3))
                for k in range(2)]
    event = make_event(title="Reeks <drones> & co", sessions=sessions, age_min=8, age_max=12)
    headers = {"Accept-Language": language}
    for query, shown in (("", 0), (f"?from={(start + timedelta(days=7)).date()}", 1)):
        client.get(f"/agenda{query}", headers=headers)  # stores the card
        page = client.get(f"/agenda{query}", headers=headers).text
        stored = page[page.index('<article class="event-card'):page.index("</article>") + 10]
        with app.test_request_context("/agenda", headers=headers):
            db.session.refresh(event)
            listing = Listing(event, event.sessions[shown], len(event.sessions))
            whole = render_template_string(
                '{% from "macros/events.html" import event_card %}'
                "{{ event_card(listing, 3) }}", listing=listing)
        assert stored == whole.lstrip(), query


def test_a_page_of_the_index_takes_its_cards_kept_in_the_process(client, db, make_event):
    """A page the agenda's index found reads its seats and card stamps in one statement and
    takes its cards from what the process keeps at those stamps: no card read at all."""
    for n in range(3):
        make_event(title=f"Workshop {n}")
    client.get("/agenda?kind=workshop")  # renders, stores and keeps the cards
    pages = []
    read = read_by(db, lambda: pages.append(client.get("/agenda?kind=workshop&age=8").text))
    assert pages[0].count('class="event-card') == 3
    assert len(read) == 1 and "card_stamps" in read[0], read
    assert not [s for s in read if "card_fragments" in s], read


def test_cards_not_kept_come_from_the_store_in_one_query_and_are_kept(client, db, make_event):
    """Another process (or one that started again) keeps nothing: the page reads the stored
    cards in one query, renders none, and keeps them for the next page."""
    for n in range(3):
        make_event(title=f"Workshop {n}")
    client.get("/agenda?kind=workshop")
    rendered_at = {f.event_id: f.rendered_at for f in _fragments(db)}
    kept.forget()
    read = read_by(db, lambda: client.get("/agenda?kind=workshop&age=8"))
    assert len([s for s in read if "card_fragments" in s]) == 1, read
    assert {f.event_id: f.rendered_at for f in _fragments(db)} == rendered_at
    again = read_by(db, lambda: client.get("/agenda?kind=workshop&age=9"))
    assert not [s for s in again if "card_fragments" in s], again


def test_kept_cards_of_emptied_tables_are_never_shown(client, db, make_event):
    """The tables emptied and filled again (another data-version epoch): ids and stamps may
    start again, so what was kept before is dropped, not matched."""
    make_event(title="Workshop robotica")
    assert "Workshop robotica" in client.get("/agenda?kind=workshop").text
    with db.engine.begin() as connection:
        for table in ("card_fragments", "event_sessions", "events", "card_stamps",
                      "data_versions"):
            connection.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608
    make_event(title="Workshop drones")
    page = client.get("/agenda?kind=workshop&age=8").text
    assert "Workshop drones" in page and "Workshop robotica" not in page


def test_a_change_committed_between_the_index_and_the_page_statement_is_not_mixed_in(
        client, db, make_event, monkeypatch):
    """The index holds the event's status for its data version; the page's statement reads
    the card stamp (and so the card) as committed when it runs. A change committed in
    between must not show half: the page is answered by SQL instead, all of it as then."""
    from stem_events.events import agenda_index, services

    event = make_event(title="Workshop robotica", registration_mode=RegistrationMode.SERIES,
                       capacity=5)
    assert "Nog 5 plaatsen" in _card(client.get("/agenda?kind=workshop").text, event)
    real = agenda_index.page
    elsewhere = sa.create_engine(db.engine.url)

    def cancel():
        with elsewhere.begin() as other:
            other.execute(sa.text("UPDATE events SET status = 'cancelled' WHERE id = :id"),
                          {"id": event.id})

    def page_then_cancel(*args, **kwargs):
        found = real(*args, **kwargs)
        writer = threading.Thread(target=cancel)  # another writer, as another host: its
        writer.start()  # commit forgets nothing of this request's (no app context there)
        writer.join()
        return found

    monkeypatch.setattr(services.agenda_index, "page", page_then_cancel)
    try:
        card = _card(client.get("/agenda?kind=workshop&age=10").text, event)
    finally:
        elsewhere.dispose()
    assert "Geannuleerd" in card and "Nog 5 plaatsen" not in card
