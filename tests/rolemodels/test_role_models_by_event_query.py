"""The role models of a page of events (`catalogue.role_models_by_event`, asked by the
agenda and the API for every page) come from one query: those linked to an event and the
speakers of a State-of-the-STEM programme, by name, each once."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.editions.models import ProgrammeItem
from stem_events.extensions import db as _db
from stem_events.rolemodels import catalogue
from tests.conftest import utc
from tests.network.factories import make_edition_fixture  # noqa: F401


@pytest.fixture
def programme(db, make_edition):
    edition = make_edition(year=2030)
    start = utc(2030, 5, 18, 9)
    item = ProgrammeItem(edition_id=edition.id, title="Meisjes in STEM", starts_at=start,
                         ends_at=start + timedelta(hours=1), speakers="Panel")
    db.session.add(item)
    db.session.commit()
    return edition, item


def test_linked_and_speaking_role_models_in_one_query(app, programme, make_event,
                                                      make_role_model):
    edition, item = programme
    other = make_event(title="Werkwinkel")
    both = make_role_model(name="Zoë Peeters", email="zoe@example.be", events=[edition.event],
                           programme_items=[item])
    speaker = make_role_model(name="Anna Claes", email="anna@example.be",
                              programme_items=[item])
    linked = make_role_model(name="Bert Maes", email="bert@example.be",
                             events=[edition.event, other])
    ids = {"edition": edition.event.id, "other": other.id, "speaker": speaker.id,
           "linked": linked.id, "both": both.id}
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.test_request_context("/agenda"):
        sa.event.listen(_db.engine, "before_cursor_execute", note)
        try:
            found = catalogue.role_models_by_event([ids["edition"], ids["other"]])
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", note)
    assert len(statements) == 1
    assert [r["id"] for r in found[ids["edition"]]] == [ids["speaker"], ids["linked"],
                                                        ids["both"]]
    assert [r["name"] for r in found[ids["other"]]] == ["Bert Maes"]
    assert found[ids["other"]][0]["url"].endswith(f"/role-models/{ids['linked']}")
