"""On PostgreSQL the statements of a list page (agenda, API) have one text whatever the
number of events shown: psycopg prepares a statement only after several executions of the
same text, so a text per list length would be planned again on every page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.extensions import db as _db

# The sessions shown are read by id with the seats held and the stored cards (agenda) or
# items (API), in one statement when the agenda's index found the page.
STORED = ("event_sessions", "registrations", "card_fragments", "api_event_fragments")


# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _texts(client, url: str) -> set[str]:
    """The SELECTs on the stored parts and seats that serving `url` runs."""
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", note)
    return {s for s in statements
            if s.lstrip().startswith("SELECT") and any(f"FROM {t} " in s for t in STORED)}


def test_a_list_page_has_one_text_per_statement_whatever_its_length(client, db_kind,
                                                                     make_event):
    if db_kind != "postgresql":
        pytest.skip("SQLite expands the list of ids; it prepares nothing")
    for title, age in (("Jong", 8), ("Ouder", 12), ("Oudst", 12), ("Ook oud", 12)):
        make_event(title=title, age_min=age, age_max=age, capacity=10,
                   registration_mode=RegistrationMode.SERIES)
    for base, statements in (("/agenda", 1), ("/api/v1/events", 1)):
        for age in (8, 12):
            client.get(f"{base}?age={age}")  # the stored parts rendered once
        one, three = _texts(client, f"{base}?age=8"), _texts(client, f"{base}?age=12")
        assert len(one) == statements and one == three, (base, one)
