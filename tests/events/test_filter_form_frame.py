"""The agenda's filter form is one frame per language, action and "Meer filters" state with
each section's controls in its slot (`filter_form.form`); the chips' links are the query
without one parameter, as `AgendaFilter.without` gives it."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from werkzeug.datastructures import MultiDict

from stem_events.events import filter_form
from stem_events.events.filters import parse_filters

OPEN = '<details class="more-filters" open>'
CLOSED = '<details class="more-filters">'


@pytest.mark.parametrize(("query", "opened"), [
    ("age=9&province=10000", False),  # top and place only
    ("q=robot", False),
    ("kind=workshop", True),
    ("free=1", True),
    ("goal=NOPE", True),  # an error in one of its controls opens it
    ("age=abc", False),  # an error elsewhere does not
])
def test_more_filters_opens_for_its_own_controls(client, query, opened):
    html = client.get(f"/agenda?{query}").text
    assert (OPEN in html, CLOSED in html) == (opened, not opened)
    assert html.count('<form class="filters"') == 1 and "\x1e" not in html


def test_the_form_keeps_every_section_in_its_slot_in_both_languages(client):
    for language in ("nl", "en"):
        client.set_cookie("lang", language)
        html = client.get("/agenda?kind=workshop&age=9&free=1").text
        form = html[html.index('<form class="filters"'):html.index("</form>")]
        top, more = form.split('<details class="more-filters"')
        assert 'name="age"' in top and 'name="province"' in top and 'name="kind"' not in top
        assert 'name="kind"' in more and 'name="free"' in more
        assert 'value="9"' in top and 'value="workshop" checked' in more
        assert ("Meer filters" in form) == (language == "nl")


def test_a_chip_removes_exactly_its_own_value(app):
    query = [("kind", "workshop"), ("kind", "lecture"), ("age", "9"), ("free", "1"),
             ("q", "robot & lego"), ("from", "2027-01-10")]
    with app.test_request_context("/agenda"):
        f = parse_filters(MultiDict(query))
        chips = filter_form.chips(f)
        assert [c.remove_query for c in chips] == [
            urlencode(f.without(name, value).params()) for name, value in f.params()]
        assert len(chips) == len(query)
