"""The children's rows of the registration form are a sub-form; their messages are Dutch on
the Dutch page (they were WTForms' English defaults), and the typed values stay."""

import re

from tests.registrations.helpers import children_form


def test_a_typed_birth_date_and_a_long_name_are_refused_in_dutch(client, make_open_event):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[("L" * 81, "Janssens", "12/03/2015")])
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = re.findall(r'class="field-error"[^>]*>([^<]+)<', html)
    assert "Veld mag niet langer zijn dan 80 karakters." in errors
    assert "Ongeldige datum." in errors
    assert not any("Not a valid" in e or "Field cannot" in e for e in errors)
    assert 'value="12/03/2015"' in html


def test_the_messages_follow_the_language_and_the_catalogue_is_read_once(
        client, make_open_event, monkeypatch):
    """WTForms' messages come from its catalogue in the page's language, read once per
    process and language, not in every request that checks a form (a rush posts hundreds)."""
    from babel import support

    from stem_events import forms

    if hasattr(forms, "_wtforms_catalog"):  # read once per process: start without it
        forms._wtforms_catalog.cache_clear()
    loads = []
    load = support.Translations.load
    monkeypatch.setattr(support.Translations, "load",
                        lambda *a, **kw: loads.append(kw.get("domain")) or load(*a, **kw))
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    data = children_form(children=[("Lotte", "Janssens", "12/03/2015")])
    for _ in range(2):
        html = client.post(f"/events/{event.id}/register", data=data).get_data(as_text=True)
        assert "Ongeldige datum." in html
    client.get("/lang/en?next=/")
    html = client.post(f"/events/{event.id}/register", data=data).get_data(as_text=True)
    assert "Not a valid date value." in html and "Ongeldige datum." not in html
    assert loads.count("wtforms") == 2  # Dutch once, English once
