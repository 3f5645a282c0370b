"""The initiatives' filter form offers the same real choices as the agenda's."""

import pytest


@pytest.mark.parametrize("path", ["/initiatives", "/agenda"])
def test_filter_form_lists_municipalities_themes_and_goals(client, path):
    html = client.get(path + "?municipality=44021&theme=ai").get_data(as_text=True)
    assert '<option value="44021" selected>Gent</option>' in html
    assert 'value="ai" checked> Artificiële intelligentie' in html
    assert '<option value="OD1.2.1">' in html
