"""The initiative form (organisers, `/manage/initiatives`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    Optional,
)

from stem_events.accounts.forms import Email, Phone
from stem_events.forms import Form
from stem_events.web.forms import MultiCheckboxField, optional_int, optional_int_field


class InitiativeForm(Form):
    """All fields of an initiative. Choices are checked by the service (Dutch messages, the
    typed values kept), so the select fields do not validate them themselves."""

    version = HiddenField()
    organisation_id = SelectField(_l("Je organisatie"), coerce=optional_int,
                                  validate_choice=False)
    co_organisations = MultiCheckboxField(
        _l("Andere organisaties die het initiatief mee dragen"), coerce=optional_int,
        validate_choice=False)
    name = StringField(_l("Naam van het initiatief"), validators=[
        DataRequired(_l("Vul de naam van het initiatief in.")),
        Length(max=200, message=_l("Hoogstens 200 tekens."))])
    summary = TextAreaField(_l("Korte inhoud"), validators=[
        Length(max=400, message=_l("Hoogstens 400 tekens."))],
        description=_l("Eén of twee zinnen voor het register."))
    description = TextAreaField(_l("Beschrijving"), validators=[
        Length(max=20000, message=_l("Hoogstens 20 000 tekens."))],
        description=_l("Markdown: **vet**, *schuin*, lijstjes met -, links als "
                       "[tekst](https://…)."))
    audience = StringField(_l("Doelgroep"), validators=[
        Length(max=400, message=_l("Hoogstens 400 tekens."))],
        description=_l("Bv. kinderen van 8 tot 12, meisjes, leerkrachten, volwassenen."))
    age_min = optional_int_field(_l("Minimumleeftijd"), 0, 120,
                                 _l("Een leeftijd tussen 0 en 120 jaar."))
    age_max = optional_int_field(_l("Maximumleeftijd"), 0, 120,
                                 _l("Een leeftijd tussen 0 en 120 jaar."))
    themes = MultiCheckboxField(_l("Thema's"), coerce=optional_int, validate_choice=False)
    audiences = MultiCheckboxField(_l("Doelgroepen"), coerce=optional_int, validate_choice=False,
                                   description=_l("Voor wie is het initiatief in de eerste "
                                                  "plaats bedoeld? Niet verplicht."))
    goals = MultiCheckboxField(_l("STEM-Agenda-doelen (operationele doelen)"),
                               validate_choice=False)
    municipalities = MultiCheckboxField(_l("Gemeenten waar het initiatief actief is"),
                                         validate_choice=False)
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Dit is geen geldig webadres (begin met https://).")),
        Length(max=300, message=_l("Hoogstens 300 tekens."))])
    contact_email = EmailField(_l("E-mailadres voor contact"), validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres.")),
        Length(max=254, message=_l("Hoogstens 254 tekens."))],
        description=_l("Een gedeeld adres (bv. info@…); het staat op de openbare pagina."))
    contact_phone = TelField(_l("Telefoon voor contact"), validators=[
        Optional(), Length(max=40, message=_l("Hoogstens 40 tekens.")),
        Phone(_l("Dit is geen geldig telefoonnummer, bv. 09 123 45 67 of +32 470 12 34 56."))])
