"""Forms for event management. Every label and message is Dutch; every typed value is kept
when the form is shown again."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from stem_events.accounts.forms import public_email_field, public_phone_field
from stem_events.events.models import PriceKind, RegistrationMode
from stem_events.events.presentation import EDUCATION_LEVELS
from stem_events.forms import Form, options
from stem_events.reference.models import KIND_LABELS
from stem_events.web.forms import MultiCheckboxField, optional_int_field

# The facilities UiTdatabank records for accessibility (publiq's "voorzieningen").
ACCESSIBILITY = {
    "wheelchair": _l("Rolstoeltoegankelijk"),
    "accessible_toilet": _l("Aangepast toilet"),
    "induction_loop": _l("Ringleiding"),
    "reserved_parking": _l("Voorbehouden parkeerplaats"),
    "assistance_dogs": _l("Assistentiehonden welkom"),
    "sign_language": _l("Tolk Vlaamse Gebarentaal"),
    "audio_description": _l("Audiodescriptie"),
    "easy_language": _l("Begrijpbare taal"),
    "low_stimulus": _l("Prikkelarm aanbod"),
}


PRICE_LABELS = {PriceKind.FREE: _l("Gratis"), PriceKind.AMOUNT: _l("Bedrag"),
                PriceKind.ON_SITE: _l("Betalen ter plaatse")}


MODE_LABELS = {
    RegistrationMode.NONE: _l("Geen inschrijving nodig"),
    RegistrationMode.SERIES: _l("Inschrijven voor de hele reeks"),
    RegistrationMode.SESSIONS: _l("Open sessies: inschrijven per sessie"),
}


REPEAT_LABELS = {"none": _l("Eén keer"), "weekly": _l("Elke week"),
                 "fortnightly": _l("Om de twee weken")}


class EuroField(DecimalField):
    """Accepts a Dutch decimal comma: '12,50'."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").replace("€", "").strip()
                                  for v in valuelist or []])


LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class EventForm(Form):
    version = HiddenField()
    # No default kind: a first option asks for one (it used to default to network moment).
    kind = SelectField(_l("Soort activiteit"),
                       choices=options([("", _l("— Kies een soort —")),
                                        *((k.value, v) for k, v in KIND_LABELS.items())]),
                       validators=[DataRequired(_l("Kies een soort activiteit."))])
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Vul een titel in.")),
        Length(max=200, message=_l("Hoogstens 200 tekens."))])
    summary = TextAreaField(_l("Korte inhoud"), validators=[
        Length(max=400, message=_l("Hoogstens 400 tekens."))],
        description=_l("Eén of twee zinnen voor de agenda."))
    description = TextAreaField(_l("Beschrijving"), validators=[Length(max=20000)],
                                description=_l("Markdown: **vet**, *schuin*, lijstjes met -, "
                                               "links als [tekst](https://…)."))
    venue_name = StringField(_l("Locatie (naam)"), validators=[Length(max=200)])
    street = StringField(_l("Straat en nummer"), validators=[Length(max=200)])
    postcode = StringField(_l("Postcode"), validators=[Length(max=4)])
    municipality = StringField(_l("Gemeente"), validators=[Length(max=80)],
                               description=_l("Naam of postcode; leeg voor een online "
                                              "activiteit."))
    online_url = URLField(_l("Online link"), validators=[
        Optional(), URL(message=_l("Dit is geen geldig webadres.")), Length(max=500)])
    accessibility = MultiCheckboxField(_l("Toegankelijkheid"),
                                       choices=options(ACCESSIBILITY.items()))
    # Nascholing (kind teacher_training): recognised professional development, and for whom.
    professional_development = BooleanField(_l(
        "Telt als nascholing (professionalisering) voor leerkrachten"))
    education_levels = MultiCheckboxField(_l("Voor leerkrachten uit"),
                                          choices=options(EDUCATION_LEVELS.items()))
    age_min = optional_int_field(_l("Minimumleeftijd"), 0, 120,
                            _l("Een leeftijd tussen 0 en 120 jaar."))
    age_max = optional_int_field(_l("Maximumleeftijd"), 0, 120,
                            _l("Een leeftijd tussen 0 en 120 jaar."))
    price_kind = SelectField(_l("Prijs"), choices=options(
        (k.value, v) for k, v in PRICE_LABELS.items()))
    price = EuroField(_l("Bedrag in euro"), places=2, validators=[
        Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("10000"),
                                message=_l("Een bedrag tussen 0,01 en 10 000 euro."))])
    price_reduced = BooleanField(_l("Kansentarief of UiTPAS-korting"), description=_l(
        "Wie recht heeft op kansentarief of een UiTPAS met kansentarief, betaalt minder."))
    capacity = optional_int_field(_l("Capaciteit (personen)"), 0, 100000,
                             _l("Een aantal vanaf 0."))
    registration_mode = SelectField(_l("Inschrijving"),
                                    choices=options((k.value, v) for k, v in MODE_LABELS.items()))
    waitlist_enabled = BooleanField(_l("Wachtlijst wanneer het volzet is"), default=True)
    registration_opens_at = DateTimeLocalField(_l("Inschrijving open vanaf"),
                                               format=LOCAL_FORMATS, validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Inschrijving sluit op"),
                                                format=LOCAL_FORMATS, validators=[Optional()])
    booking_url = URLField(_l("Link naar eigen inschrijving of tickets"), validators=[
        Optional(), URL(message=_l("Dit is geen geldig webadres.")), Length(max=500)])
    contact_email = public_email_field(
        _l("E-mailadres voor vragen over deze activiteit"),
        _l("Leeg: het publieke adres van de organisatie. Ook voor vragen over "
           "toegankelijkheid."))
    contact_phone = public_phone_field(_l("Telefoonnummer voor vragen over deze activiteit"))
    edition_year = optional_int_field(_l("Editie (jaar; enkel voor de soort State-of-the-STEM)"),
                                      2000, 2100,
                                 _l("Een jaar tussen 2000 en 2100."))
    themes = MultiCheckboxField(_l("Thema's"), coerce=int, choices=[])
    audiences = MultiCheckboxField(_l("Doelgroepen"), coerce=int, choices=[], description=_l(
        "Voor wie is deze activiteit in de eerste plaats bedoeld? Niet verplicht."))
    # Checkboxes (touch, keyboard, no JavaScript needed), grouped and filterable in the page.
    goals = MultiCheckboxField(_l("STEM-Agenda-doelen"), choices=[])
    co_organisations = MultiCheckboxField(_l("Co-organisatoren"), coerce=int, choices=[])
    initiatives = MultiCheckboxField(
        _l("Initiatieven die deze activiteit voorstelt"), coerce=int, choices=[],
        validate_choice=False, description=_l(
            "Gepubliceerde initiatieven van je organisatie en de co-organisatoren; de pagina "
            "van het initiatief toont dan deze activiteit."))
    image = FileField(_l("Afbeelding (JPEG, PNG of WebP, hoogstens 5 MB)"))


class DateListField(StringField):
    """Several dates from several date inputs of the same name (templates/series/
    _schedule.html), kept as one text 'jjjj-mm-dd, …' that `series.schedule.parse_dates`
    reads; a typed list ('14/03/2026, 21/03/2026') is still accepted."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = ", ".join(v.strip() for v in valuelist if v and v.strip())

    def dates(self, empty: int = 3) -> list[str]:
        """The chosen dates (as typed) followed by `empty` empty inputs."""
        chosen = [p for p in re.split(r"[,;\s]+", self.data or "") if p]
        return chosen + [""] * empty


class ScheduleMixin:
    first_day = DateField(_l("Datum (eerste sessie)"),
                          validators=[InputRequired(_l("Vul een datum in."))])
    start_time = TimeField(_l("Van"), validators=[InputRequired(_l("Vul het beginuur in."))])
    end_time = TimeField(_l("Tot"), validators=[InputRequired(_l("Vul het einduur in."))])
    repeat = SelectField(_l("Herhaling"), choices=options(REPEAT_LABELS.items()),
                         default="none")
    until = DateField(_l("Laatste datum van de reeks"), validators=[Optional()])
    skip_dates = DateListField(_l("Data overslaan"), validators=[Length(max=2000)],
                               description=_l("Kies de dagen waarop de reeks niet doorgaat; "
                                              "lege vakjes tellen niet."))
    skip_holidays = BooleanField(_l("Schoolvakanties overslaan"))


class NewEventForm(EventForm, ScheduleMixin):
    organisation_id = SelectField(_l("Organisatie"), coerce=int, choices=[])
