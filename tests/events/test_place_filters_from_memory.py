"""A province or municipality in the agenda's filter is checked and labelled from the
reference data read once per process (`filter_choices`), not with a query per request."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem_events.events import filter_choices
from stem_events.events.filters import InvalidFilter, parse_filters
from stem_events.extensions import db as _db


def _statements(app, args: dict) -> tuple[list[str], object]:
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context("/agenda"):
        filter_choices.provinces()  # once per process
        sa.event.listen(_db.engine, "before_cursor_execute", note)
        try:
            try:
                parsed = parse_filters(MultiDict(args))
                labels = parsed.describe()
            except InvalidFilter as error:
                labels = error
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", note)
    return seen, labels


def test_no_query_for_a_province_or_municipality(app):
    seen, described = _statements(app, {"province": "40000", "municipality": "44021"})
    assert seen == []
    assert "Oost-Vlaanderen" in described or "Gent" in described
    seen, described = _statements(app, {"province": "10000"})
    assert seen == [] and "Antwerpen" in described


def test_unknown_or_elsewhere_still_refused(app):
    for args, param in (({"province": "12345"}, "province"), ({"province": "x"}, "province"),
                        ({"municipality": "99999"}, "municipality"),
                        ({"province": "10000", "municipality": "44021"}, "municipality")):
        _seen, error = _statements(app, args)
        assert isinstance(error, InvalidFilter) and error.param == param, args
