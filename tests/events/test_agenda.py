"""The first public agenda page and the event page."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus, SessionStatus


def test_agenda_lists_upcoming_public_events_soonest_first(client, make_event):
    soon = now_utc() + timedelta(days=1)
    later, past = soon + timedelta(days=5), soon - timedelta(days=10)
    make_event(title="Later", sessions=[(later, later + timedelta(hours=2))])
    make_event(title="Eerst", sessions=[(soon, soon + timedelta(hours=2))])
    make_event(title="Voorbij", sessions=[(past, past + timedelta(hours=1))])
    html = client.get("/agenda").get_data(as_text=True)
    assert html.index("Eerst") < html.index("Later")
    assert "Voorbij" not in html
    assert "2 activiteiten" in html


@pytest.mark.parametrize("status",
                         [EventStatus.DRAFT, EventStatus.IN_REVIEW, EventStatus.REJECTED])
def test_unpublished_events_are_invisible(client, make_event, status):
    event = make_event(title="Geheim ontwerp", status=status)
    assert "Geheim ontwerp" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/events/{event.id}").status_code == 404
    assert client.get(f"/events/{event.id}-{event.slug}").status_code == 404


def test_cancelled_events_stay_visible_and_say_so(client, make_event):
    event = make_event(title="Sterrenkijkavond", status=EventStatus.CANCELLED,
                       status_reason="Wegens slecht weer.")
    html = client.get("/agenda").get_data(as_text=True)
    assert "Sterrenkijkavond" in html and "Geannuleerd" in html
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "Deze activiteit is geannuleerd." in page and "Wegens slecht weer." in page
    assert "Sterrenkijkavond" in page  # the title is never edited to say so


def test_dates_are_dutch_in_brussels_time(client, make_event, freeze_now):
    freeze_now(datetime(2026, 3, 1, 9, tzinfo=UTC))
    start = datetime(2026, 3, 14, 13, tzinfo=UTC)
    make_event(sessions=[(start, start + timedelta(hours=2))])
    html = client.get("/agenda").get_data(as_text=True)
    assert "zaterdag 14 maart 2026 van 14:00 tot 16:00" in html
    assert 'datetime="2026-03-14T14:00:00+01:00"' in html


def test_a_series_shows_its_next_session_and_its_size(client, make_event, freeze_now, db):
    freeze_now(datetime(2026, 3, 19, 12, tzinfo=UTC))
    # Wednesdays at 14:00 Brussels time; the last one is after the switch to summer time.
    starts = [datetime(2026, 3, 11, 13, tzinfo=UTC) + timedelta(weeks=i) for i in range(3)]
    starts.append(datetime(2026, 4, 1, 12, tzinfo=UTC))
    sessions = [(start, start + timedelta(hours=2)) for start in starts]
    event = make_event(title="Codeerclub", sessions=sessions)
    html = client.get("/agenda").get_data(as_text=True)
    assert "woensdag 25 maart 2026 van 14:00 tot 16:00" in html  # the next one, not the first
    assert "reeks van 4 sessies" in html
    event.sessions[1].status = SessionStatus.CANCELLED
    db.session.commit()
    page = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "(geannuleerd)" in page
    assert "woensdag 1 april 2026 van 14:00 tot 16:00" in page  # summer time, same local hour


def test_outdated_slug_redirects_to_the_current_one(client, make_event, db):
    event = make_event(title="Oude titel")
    event.title, event.slug = "Nieuwe titel", "nieuwe-titel"
    db.session.commit()
    response = client.get(f"/events/{event.id}-oude-titel")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/events/{event.id}-nieuwe-titel")
    assert client.get(f"/events/{event.id}").status_code == 301


def test_event_page_renders_sanitised_markdown(client, make_event):
    event = make_event(description="**Meebrengen:** laptop\n\n<script>alert(1)</script>"
                                   "[klik](javascript:alert(1))")
    html = client.get(f"/events/{event.id}-{event.slug}").get_data(as_text=True)
    assert "<strong>Meebrengen:</strong>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1.5", "99999999999"])
def test_bad_page_numbers_give_a_dutch_400(client, page):
    response = client.get(f"/agenda?page={page}")
    assert response.status_code == 400
    assert "paginanummer" in response.get_data(as_text=True)


def test_unknown_parameters_are_ignored(client):
    assert client.get("/agenda?fbclid=abc&utm_source=x").status_code == 200


def test_pagination_keeps_going(client, make_event, app):
    start = now_utc() + timedelta(days=1)
    for i in range(app.config["AGENDA_PER_PAGE"] + 3):
        make_event(title=f"Activiteit {i:02d}",
                   sessions=[(start + timedelta(hours=i), start + timedelta(hours=i + 1))])
    first = client.get("/agenda").get_data(as_text=True)
    second = client.get("/agenda?page=2").get_data(as_text=True)
    assert "Activiteit 00" in first and "Activiteit 27" not in first
    assert "Activiteit 27" in second and 'rel="prev"' in second


def test_number_of_queries_does_not_grow_with_the_events_shown(client, make_event, db):
    def queries_for_agenda() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/agenda").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    make_event(title="Eén")
    few = queries_for_agenda()
    start = now_utc() + timedelta(days=2)
    for i in range(12):
        make_event(title=f"Meer {i}", sessions=[
            (start + timedelta(days=7 * w), start + timedelta(days=7 * w, hours=2))
            for w in range(3)
        ])
    assert queries_for_agenda() == few
