"""The filter form's long lists are built once per (language, data version)
(events.filter_form.choices): never the other language's, never an old name."""

import re

import pytest
import sqlalchemy as sa

# The page cache would hide what the queries and stores below do.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def _kind_box(page: str, value: str) -> str:
    return re.search(rf'<input type="checkbox" name="kind" value="{value}"[^>]*> ([^<]+)<',
                     page).group(1)


def test_the_lists_follow_the_language(client, make_event):
    make_event()
    assert _kind_box(client.get("/agenda").text, "lecture") == "lezing"
    client.get("/lang/en?next=/agenda")
    assert _kind_box(client.get("/agenda").text, "lecture") == "lecture"
    client.get("/lang/nl?next=/agenda")
    assert _kind_box(client.get("/agenda").text, "lecture") == "lezing"


def test_a_renamed_audience_shows_at_once(client, db, make_event):
    make_event()
    old = db.session.scalar(sa.text("SELECT name FROM audiences WHERE slug = 'meisjes'"))
    assert f"> {old}</label>" in client.get("/agenda").text
    try:
        db.session.execute(sa.text("UPDATE audiences SET name = 'Meiden' WHERE slug = 'meisjes'"))
        db.session.commit()
        page = client.get("/agenda").text
        assert "> Meiden</label>" in page and f"> {old}</label>" not in page
    finally:
        db.session.execute(sa.text("UPDATE audiences SET name = :n WHERE slug = 'meisjes'"),
                           {"n": old})
        db.session.commit()


def test_what_was_chosen_is_marked_in_the_shared_lists(client, make_event):
    make_event()
    page = client.get("/agenda?kind=lecture&municipality=44021&goal=SD1").text
    assert 'name="kind" value="lecture" checked>' in page
    assert 'name="kind" value="workshop">' in page
    assert '<option value="44021" selected>' in page
    assert '<option value="SD1" selected>' in page
    assert "selected" not in client.get("/agenda").text.split('id="f-municipality"')[1].split(
        "</select>")[0]


def test_a_new_or_renamed_theme_shows_at_once(client, db, make_event):
    """The themes table bumps the data version (migration 0033): a coordinator's new theme
    is in the form, and findable, with the commit that adds it."""
    make_event()
    assert "Quantumfysica" not in client.get("/agenda").text
    try:
        db.session.execute(sa.text(
            "INSERT INTO themes (slug, name, position) VALUES ('quantum', 'Quantumfysica', 99)"))
        db.session.commit()
        assert "> Quantumfysica</label>" in client.get("/agenda").text
        db.session.execute(sa.text(
            "UPDATE themes SET name = 'Quantum' WHERE slug = 'quantum'"))
        db.session.commit()
        page = client.get("/agenda").text
        assert "> Quantum</label>" in page and "Quantumfysica" not in page
    finally:
        db.session.execute(sa.text("DELETE FROM themes WHERE slug = 'quantum'"))
        db.session.commit()
    assert "Quantum<" not in client.get("/agenda").text


def test_the_form_follows_a_language_switch_at_once(client, make_event):
    """The form's controls, kept per language and state (OptionLists.section), in the language
    just chosen."""
    make_event()
    url = "/agenda?age=10"
    assert '<label for="f-age">Leeftijd</label>' in client.get(url).text
    client.get("/lang/en")
    page = client.get(url).text
    assert '<label for="f-age">Age</label>' in page and "<summary>More filters</summary>" in page
    client.get("/lang/nl")
    assert '<label for="f-age">Leeftijd</label>' in client.get(url).text


def test_the_goal_control_shows_each_requests_choice_and_error(client, make_event):
    """The goal control is kept per state (OptionLists.control): the choice and the error
    message of this request, never those of an earlier one."""
    make_event()
    assert 'value="TD1.1" selected>' in client.get("/agenda?goal=TD1.1").text
    page = client.get("/agenda?goal=od1.1.1").text
    assert 'value="OD1.1.1" selected>' in page and 'value="TD1.1" selected>' not in page
    bad = client.get("/agenda?goal=ZZ9")
    assert bad.status_code == 400 and 'id="error-goal">Onbekende doelstelling: ‘ZZ9’' in bad.text
    page = client.get("/agenda").text
    assert " selected>" not in page.split('id="f-goal"')[1].split("</select>")[0]
    assert 'id="error-goal"' not in page


def _municipality_select(page: str) -> str:
    return page.split('id="f-municipality"')[1].split("</select>")[0]


def test_the_municipality_control_follows_the_chosen_province(client, make_event):
    """The municipality control is kept per province (OptionLists.control): each request
    gets its own province's list and the full list only with a province, in its language."""
    make_event()
    for _ in range(2):
        page = client.get("/agenda?province=10000").text
        assert 'data-province="10000"' in _municipality_select(page)
        assert 'data-province="40000"' not in _municipality_select(page)
        assert '<template id="f-municipality-all">' in page
        page = client.get("/agenda?province=40000").text
        assert 'data-province="40000"' in _municipality_select(page)
        assert 'data-province="10000"' not in _municipality_select(page)
        page = client.get("/agenda").text
        assert 'data-province="10000"' in _municipality_select(page)
        assert 'data-province="40000"' in _municipality_select(page)
        assert '<template id="f-municipality-all">' not in page
    chosen = client.get("/agenda?province=10000&municipality=11002").text
    assert '<option value="11002" selected>' in _municipality_select(chosen)
    page = client.get("/agenda?province=10000").text
    assert " selected>" not in _municipality_select(page)
    assert '<label for="f-municipality">Gemeente</label>' in page
    client.get("/lang/en")
    page = client.get("/agenda?province=10000").text
    assert '<label for="f-municipality">Municipality</label>' in page
    assert 'data-province="40000"' not in _municipality_select(page)
