"""Item 5 of issue 17: the event form works by touch, keyboard and without JavaScript: goals,
co-organisers and initiatives are grouped checkboxes (no <select multiple>), the kind has no
default, and the edition field says it is only for State-of-the-STEM."""

import re

import sqlalchemy as sa

from stem_events.events.models import Event
from tests.events.conftest import event_form


def test_new_event_form_has_checkboxes_and_no_preset_kind(client, db, login, organiser,
                                                           make_organisation):
    user, organisation = organiser
    make_organisation(name="FabLab Kortrijk")
    login(user)
    page = client.get("/manage/events/new").text
    assert "<select multiple" not in page and "multiple" not in page.split("<form", 1)[1]
    assert "Ctrl" not in page
    goals = re.search(r'<fieldset class="field choices filter-choices.*?</fieldset>\s*</div>',
                      page, re.S).group(0)
    assert goals.count('type="checkbox" name="goals"') >= 30
    assert "<legend>SD 1" in goals  # grouped under their strategic goal
    assert 'type="checkbox" name="co_organisations"' in page and "FabLab Kortrijk" in page
    assert 'type="search"' in page  # the filter box (shown by the script)
    kind = re.search(r'<select[^>]*name="kind".*?</select>', page, re.S).group(0)
    first = re.search(r"<option[^>]*>", kind).group(0)
    assert 'value=""' in first
    assert "selected" not in re.search(r'<option[^>]*value="network_moment"[^>]*>', kind).group(0)
    assert "enkel voor de soort State-of-the-STEM" in page


def test_kind_must_be_chosen_and_checked_goals_are_kept(client, db, login, organiser):
    user, organisation = organiser
    login(user)
    code = re.search(r'name="goals"[^>]*value="([^"]+)"',
                     client.get("/manage/events/new").text).group(1)
    response = client.post("/manage/events/new",
                           data={**event_form(organisation.id, kind=""), "goals": [code]})
    assert response.status_code == 400 and "Kies een soort activiteit." in response.text
    assert re.search(rf'value="{re.escape(code)}" checked', response.text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
