"""Number parameters take ASCII digits only: '²' or '٣' (digits to `str.isdigit`, but not to
`int()`) are a Dutch 400 on the agenda, the widget, the feed and the API, never a 500."""

import pytest

FILTERS = [
    ("age=%C2%B2", "De leeftijd moet"),  # superscript two
    ("age=%D9%A3", "De leeftijd moet"),  # Arabic-Indic three
    ("organisation=%C2%B2", "Onbekende organisatie"),
]


@pytest.mark.parametrize("query, message", FILTERS)
@pytest.mark.parametrize("path", ["/agenda", "/embed/agenda", "/agenda.ics", "/api/v1/events"])
def test_non_ascii_digits_in_a_filter_are_a_dutch_400(client, path, query, message):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    text = response.get_json()["error"]["message"] if path.startswith("/api/") else response.text
    assert message in text


@pytest.mark.parametrize("path, message", [
    ("/agenda?page=%C2%B2", "paginanummer"),
    ("/embed/agenda?page=%C2%B2", "paginanummer"),
    ("/api/v1/events?page=%C2%B2", "‘page’ moet een geheel getal"),
    ("/api/v1/events?per_page=%C2%B2", "‘per_page’ moet een geheel getal"),
])
def test_non_ascii_digits_in_a_page_number_are_a_dutch_400(client, path, message):
    response = client.get(path)
    assert response.status_code == 400
    text = response.get_json()["error"]["message"] if "/api/" in path else response.text
    assert message in text
