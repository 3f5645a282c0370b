"""Dates at the edge of what Python can represent (year 1, year 9999) are bad filter values,
not a 500: the Brussels day bounds of 0001-01-01 or 9999-12-31 do not exist in UTC."""

import pytest


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31",
                                   "from=0001-01-01&to=9999-12-31"])
def test_dates_beyond_the_calendar_are_a_dutch_400_on_pages_feeds_and_api(client, query):
    page = client.get(f"/agenda?{query}")
    assert page.status_code == 400
    assert "ligt te ver" in page.get_data(as_text=True)
    assert client.get(f"/embed/agenda?{query}").status_code == 400
    assert client.get(f"/agenda.ics?{query}").status_code == 400
    api = client.get(f"/api/v1/events?{query}")
    assert api.status_code == 400
    assert "ligt te ver" in api.get_json()["error"]["message"]
