"""Item 5 of issue 17: the initiatives' organiser form has no <select multiple> ("hold Ctrl"):
partners and goals are grouped checkboxes with a filter box, as on the event form, that work
by touch, keyboard and without JavaScript. And no other form renders a <select multiple>."""

import importlib
import pkgutil
import re

from wtforms import SelectMultipleField
from wtforms.widgets import Select

import stem_events
from stem_events.accounts.models import MemberRole, Membership
from stem_events.forms import Form
from tests.network.test_initiative_management import form as initiative_form


def test_initiative_form_uses_filterable_checkboxes(client, db, login, make_user,
                                                    make_organisation):
    organisation = make_organisation(name="STEM-academie Gent")
    make_organisation(name="FabLab Kortrijk")
    user = make_user(email="org@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    login(user)
    page = client.get("/manage/initiatives/new").text
    body = page.split("<form", 1)[1]
    assert "<select multiple" not in page and " multiple" not in body and "Ctrl" not in page
    assert 'type="checkbox" name="co_organisations"' in page and "FabLab Kortrijk" in page
    goals = re.search(r'<fieldset class="field choices filter-choices[^>]*>\s*<legend>STEM-Agenda'
                      r".*?</fieldset>\s*</div>", page, re.S).group(0)
    assert goals.count('type="checkbox" name="goals"') >= 30
    assert "<legend>SD 1" in goals  # grouped under their strategic goal
    assert page.count("data-choice-filter-input") >= 2 and "js/choice-filter.js" in page
    # Without JavaScript the checked boxes are sent and kept on a refused form
    response = client.post("/manage/initiatives/new",
                           data=initiative_form(organisation.id, name=""))
    assert response.status_code == 400
    assert re.search(r'name="goals"[^>]*value="OD1.2.1" checked', response.text)


def _form_classes():
    for info in pkgutil.walk_packages(stem_events.__path__, "stem_events."):
        if info.name.rsplit(".", 1)[-1].endswith("forms"):
            module = importlib.import_module(info.name)
            yield from (v for v in vars(module).values()
                        if isinstance(v, type) and issubclass(v, Form))


def test_no_form_renders_a_select_multiple():
    offenders = []
    for cls in set(_form_classes()):
        for name in dir(cls):
            unbound = getattr(cls, name)
            field_class = getattr(unbound, "field_class", None)
            if (isinstance(field_class, type) and issubclass(field_class, SelectMultipleField)
                    and isinstance(unbound.kwargs.get("widget", field_class.widget), Select)):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not offenders, offenders
