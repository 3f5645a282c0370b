"""Forms of the coordinators' network pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields import FieldList
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from stem_events.accounts.forms import Email, Phone
from stem_events.events.services import MAX_ID
from stem_events.forms import Form, SubForm
from stem_events.manage.forms import MULTI_HINT, MultiCheckboxField, optional_int_field

EXTRA_PITCH_ROWS = 3


def optional_int(value):
    """An optional id: None when empty, -1 (refused by the service) when it is no id the
    database can hold."""
    if value in (None, "", "None"):
        return None
    return int(value) if str(value).isdigit() and int(value) <= MAX_ID else -1


def database_id(value) -> int:
    """A required id; anything else is a field error (ValueError)."""
    number = optional_int(value)
    if number is None or number < 1:
        raise ValueError(value)
    return number




class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PitchForm(SubForm):
    title = StringField(_l("Titel van de pitch"), validators=[Length(max=200)])
    organisation = SelectField(_l("Organisatie"), coerce=optional_int, validate_choice=False)
    initiative = SelectField(_l("Initiatief"), coerce=optional_int, validate_choice=False)
    speaker_name = StringField(_l("Spreker"), validators=[Length(max=120)])


class NetworkMomentForm(Form):
    region = StringField(_l("Regio"), validators=[Optional(), Length(max=120)])
    province = SelectField(_l("Provincie"), validate_choice=False)
    pillars = CheckboxesField(_l("Uitgenodigde helixpijlers"), validate_choice=False)
    initiatives = CheckboxesField(_l("Voorgestelde initiatieven"), coerce=database_id,
                                  validate_choice=False)
    pitches = FieldList(FormField(PitchForm), min_entries=EXTRA_PITCH_ROWS)
    report = TextAreaField(_l("Verslag (Markdown, na het netwerkmoment)"),
                           validators=[Length(max=20_000)])


# ------------------------------------------------------------------ State-of-the-STEM editions
def _text(label, length: int, required: str | None = None, area: bool = False,
          description: str = ""):
    validators = [DataRequired(required)] if required else [Optional()]
    field = TextAreaField if area else StringField
    return field(label, description=description, validators=[*validators, Length(
        max=length, message=_l("Hoogstens %(max)d tekens.", max=length))])


class EditionForm(Form):
    year = IntegerField(_l("Jaar van de editie"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(min=2000, max=2100, message=_l("Een jaar tussen 2000 en 2100."))])
    event = SelectField(_l("Overkoepelende activiteit (soort State-of-the-STEM)"),
                        coerce=optional_int, validate_choice=False,
                        validators=[InputRequired(_l("Kies een activiteit."))],
                        description=_l("Maak eerst de activiteit aan onder Beheer van "
                                       "activiteiten, met als soort State-of-the-STEM."))
    venue = _text(_l("Locatie"), 200, description=_l("Leeg: de locatie van de activiteit."))


class UmbrellaForm(Form):
    event = SelectField(_l("Overkoepelende activiteit (soort State-of-the-STEM)"),
                        coerce=optional_int, validate_choice=False,
                        validators=[InputRequired(_l("Kies een activiteit."))])


class VenueForm(Form):
    venue = _text(_l("Locatie"), 200)


class ProgrammeItemForm(Form):
    title = _text(_l("Titel"), 200, _l("Geef een titel."))
    description = _text(_l("Beschrijving"), 5000, area=True)
    track = _text(_l("Track"), 80)
    room = _text(_l("Zaal"), 80)
    day = DateField(_l("Dag"), validators=[InputRequired(_l("Vul een dag in."))])
    start_time = TimeField(_l("Van"), validators=[InputRequired(_l("Vul het beginuur in."))])
    end_time = TimeField(_l("Tot"), validators=[InputRequired(_l("Vul het einduur in."))])
    speakers = _text(_l("Sprekers"), 400)
    capacity = IntegerField(
        _l("Capaciteit"), validators=[Optional(), NumberRange(
            min=0, max=100_000, message=_l("Een aantal vanaf 0."))],
        description=_l("Leeg: onbeperkt."))


class StandForm(Form):
    initiative = SelectField(_l("Initiatief (gepubliceerd in het register)"),
                             coerce=optional_int, validate_choice=False,
                             validators=[InputRequired(_l("Kies een initiatief."))])
    stand_number = _text(_l("Standnummer"), 20, _l("Vul een standnummer in."))


class StandNumberForm(Form):
    stand_number = _text(_l("Standnummer"), 20, _l("Vul een standnummer in."))


class CategoryForm(Form):
    name = _text(_l("Naam van de categorie"), 200, _l("Geef een naam."))
    description = _text(_l("Beschrijving"), 2000, area=True)


class DeleteCategoryForm(Form):
    confirm = BooleanField(_l("Ook de nominaties van deze categorie verwijderen"))


class InitiativeForm(Form):
    """All fields of an initiative. Choices are checked by the service (Dutch messages, the
    typed values kept), so the select fields do not validate them themselves."""

    version = HiddenField()
    organisation_id = SelectField(_l("Je organisatie"), coerce=optional_int,
                                  validate_choice=False)
    co_organisations = SelectMultipleField(
        _l("Andere organisaties die het initiatief mee dragen"), coerce=optional_int,
        validate_choice=False, description=MULTI_HINT)
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
    goals = SelectMultipleField(_l("STEM-Agenda-doelen (operationele doelen)"),
                                validate_choice=False, description=MULTI_HINT)
    municipalities = SelectMultipleField(_l("Gemeenten waar het initiatief actief is"),
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
