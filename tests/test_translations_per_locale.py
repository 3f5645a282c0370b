"""The templates' messages and `current_language()` look their translations up once per locale
(i18n.resolved), yet follow every change of locale at once: `force_locale` (mails in Dutch
during an English request) and `flask_babel.refresh()`."""

from flask import render_template_string
from flask_babel import force_locale, refresh

from stem_events.i18n import current_language

PAGE = ("{{ _('Meer filters') }} / "
        "{{ ngettext('%(num)s activiteit', '%(num)s activiteiten', 2) }}")
ENGLISH, DUTCH = "More filters / 2 activities", "Meer filters / 2 activiteiten"


def test_force_locale_switches_the_messages_and_back(app):
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
        assert (render_template_string(PAGE), current_language()) == (ENGLISH, "en")
        with force_locale("nl"):
            assert (render_template_string(PAGE), current_language()) == (DUTCH, "nl")
        assert (render_template_string(PAGE), current_language()) == (ENGLISH, "en")


def test_a_locale_chosen_again_mid_request_applies_at_once(app, monkeypatch):
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(PAGE) == ENGLISH
        monkeypatch.setitem(app.config, "LANGUAGES", ["nl"])
        refresh()
        assert (render_template_string(PAGE), current_language()) == (DUTCH, "nl")


def test_each_request_has_its_own_language(client):
    assert "Meer filters" in client.get("/agenda").text
    assert "More filters" in client.get("/agenda", headers={"Accept-Language": "en"}).text
    assert "Meer filters" in client.get("/agenda").text


def test_values_in_messages_are_escaped_where_the_template_escapes(app):
    page = ("{{ _('Alles over STEM in %(name)s', name=n) }} {{ ngettext('%(num)s activiteit', "
            "'%(num)s activiteiten', 1) }}|{% autoescape false %}"
            "{{ _('Alles over STEM in %(name)s', name=n) }}{% endautoescape %}")
    with app.app_context(), app.test_request_context():
        assert render_template_string(page, n="<b>") == (
            "Alles over STEM in &lt;b&gt; 1 activiteit|Alles over STEM in <b>")


def test_a_message_without_values_is_formatted_only_when_it_holds_a_percent_sign(app):
    """Jinja's new-style gettext formats every message (`% {}`): a message without `%` is
    returned as it is, one with `%%` still reads `%`, and values are still escaped."""
    with app.app_context(), app.test_request_context():
        assert render_template_string("{{ _('Meer filters') }}") == "Meer filters"
        assert render_template_string("{{ _('100%% STEM') }}") == "100% STEM"
        assert render_template_string("{{ _('Hallo %(name)s', name='<b>') }}") == \
            "Hallo &lt;b&gt;"
        assert render_template_string("{{ _('a < b') }}") == "a < b"  # the catalog's text
