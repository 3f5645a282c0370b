"""A page for a selection of events (a filter on the events, never asked before) reads the
page's ids, the sessions shown, the events' columns and whether a role model takes part in one
statement, and skips the role models' query when none does; what it shows still follows a seat
taken and an edit at once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.events import services
from stem_events.events.filters import event_conditions, parse_filters
from stem_events.events.models import RegistrationMode
from stem_events.reference.models import EventKind
from stem_events.registrations.models import Registration, RegistrationStatus

SELECTION = "/api/v1/events?kind=workshop&age=10"


# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _statements(app, db, query: str) -> tuple[services.Page, list[str]]:
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context(f"/agenda?{query}"):
        f = parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&")]))
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            page = services.upcoming_events(f, 1, 3, cards=True)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
    return page, [s for s in seen if not s.lstrip().startswith("SELECT data_versions")]


def test_a_selection_is_one_statement_without_role_models(app, db, make_event):
    for n in range(4):
        make_event(title=f"Workshop {n}", age_min=8, age_max=12)
    make_event(title="Lezing", kind=EventKind.LECTURE)
    _statements(app, db, "kind=workshop&age=9")  # what SQLite learns once per data version
    page, statements = _statements(app, db, "kind=workshop&age=10")
    assert page.total == 4 and len(page.items) == 3
    assert len(statements) == 1, statements
    assert all(item.role_models == () for item in page.items)


def test_a_seat_taken_and_an_edit_show_at_once(client, db, make_event):
    event = make_event(title="Workshop met plaatsen", age_min=8, age_max=12, capacity=10,
                       registration_mode=RegistrationMode.SERIES)
    assert client.get(SELECTION).get_json()["items"][0]["seats_left"] == 10
    db.session.add(Registration(event_id=event.id, status=RegistrationStatus.CONFIRMED,
                                identity_key="a@example.be", contact_name="A",
                                contact_email="a@example.be"))
    db.session.commit()
    assert client.get(SELECTION).get_json()["items"][0]["seats_left"] == 9
    event.title = "Workshop met een nieuwe titel"
    db.session.commit()
    assert client.get(SELECTION).get_json()["items"][0]["title"] == event.title
    assert "Workshop met een nieuwe titel" in client.get("/agenda?kind=workshop&age=10").text


def test_the_filter_conditions_are_built_once_per_request(app):
    query = "kind=workshop&age=10&province=10000"
    f = parse_filters(MultiDict([tuple(p.split("=")) for p in query.split("&")]))
    with app.test_request_context(f"/agenda?{query}"):
        first = event_conditions(f)
        again = event_conditions(parse_filters(MultiDict(f.params())))
        assert all(a is b for a, b in zip(first, again, strict=True)) and len(first) == 4
    with app.app_context(), app.test_request_context(f"/agenda?{query}"):  # another request
        later = event_conditions(f)
    assert [a is b for a, b in zip(first, later, strict=True)] == [False] * 4
    assert [str(c) for c in later] == [str(c) for c in first]


def test_a_filter_describes_itself_in_each_language_it_is_asked_in(app):
    """The description is made once per language (the title and the feed's name both ask
    it): the same parsed filter asked under another locale answers in that language."""
    from flask_babel import force_locale

    f = parse_filters(MultiDict([("kind", "workshop"), ("free", "1")]))
    with app.test_request_context("/agenda"):
        with force_locale("nl"):
            dutch = f.describe()
        with force_locale("en"):
            english = f.describe()
        with force_locale("nl"):
            assert f.describe() == dutch
    assert dutch != english and "gratis" in dutch.lower() and "free" in english.lower()
