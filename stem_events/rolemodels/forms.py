"""The role-model forms: an organiser's proposal, the person's consent, a coordinator's links.
Choices are checked by the services (Dutch messages, the typed values kept)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from stem_events.accounts.forms import Email
from stem_events.forms import Form
from stem_events.web.forms import CheckboxesField, MultiCheckboxField, optional_int

STORY_MAX = 2000
SELF_DESCRIPTION_MAX = 300


def _length(most: int):
    return Length(max=most, message=_l("Hoogstens %(max)d tekens.", max=most))


class ProposalForm(Form):
    organisation_id = SelectField(_l("Voorgesteld door"), coerce=optional_int,
                                  validate_choice=False)
    name = StringField(_l("Naam"), validators=[
        DataRequired(_l("Vul de naam in.")), _length(120)])
    job = StringField(_l("Beroep"), validators=[
        DataRequired(_l("Vul het beroep in.")), _length(120)],
        description=_l("Bv. ingenieur windenergie, laborant, data-analist."))
    employer = StringField(_l("Werkgever"), validators=[Optional(), _length(160)])
    employer_organisation_id = SelectField(
        _l("Of: de werkgever is een organisatie op dit platform"), coerce=optional_int,
        validate_choice=False)
    email = EmailField(_l("E-mailadres van de persoon"), validators=[
        DataRequired(_l("Vul het e-mailadres in: de persoon geeft zelf toestemming via een "
                        "link in een mail.")),
        Email(_l("Dit is geen geldig e-mailadres.")), _length(254)],
        description=_l("Alleen om toestemming te vragen; het staat nergens op de site."))
    themes = MultiCheckboxField(_l("Thema's"), coerce=optional_int, validate_choice=False)
    story = TextAreaField(_l("Voorstel van een kort verhaal"), validators=[
        Optional(), _length(STORY_MAX)],
        description=_l("Gewone tekst, geen opmaak. De persoon past het zelf aan in eigen "
                       "woorden voor het getoond wordt."))
    photo = FileField(_l("Foto (JPEG, PNG of WebP, hoogstens 5 MB)"),
                      description=_l("Alleen getoond als de persoon daar apart toestemming "
                                     "voor geeft. We verwijderen de metadata (bv. locatie)."))
    events = CheckboxesField(_l("Neemt deel aan deze activiteiten"), coerce=optional_int,
                             validate_choice=False)


class EventLinksForm(Form):
    events = CheckboxesField(_l("Neemt deel aan deze activiteiten"), coerce=optional_int,
                             validate_choice=False)


class LinksForm(Form):
    events = CheckboxesField(_l("Activiteiten en netwerkmomenten"), coerce=optional_int,
                             validate_choice=False)
    programme_items = CheckboxesField(_l("State-of-the-STEM-programma"), coerce=optional_int,
                                      validate_choice=False)
    initiatives = CheckboxesField(_l("Initiatieven"), coerce=optional_int,
                                  validate_choice=False)


class ConsentForm(Form):
    story = TextAreaField(_l("Je verhaal, in je eigen woorden"), validators=[
        DataRequired(_l("Schrijf een paar zinnen over jezelf en je werk.")),
        _length(STORY_MAX)],
        description=_l("Gewone tekst, geen opmaak. Bv. wat je doet, hoe je er kwam, wat je "
                       "jongeren wilt meegeven."))
    self_description = TextAreaField(_l("Hoe je jezelf beschrijft (niet verplicht)"),
                                     validators=[Optional(), _length(SELF_DESCRIPTION_MAX)],
                                     description=_l(
        "Bv. ‘ingenieur, opgegroeid in Genk, eerste in de familie die studeerde’. Let op: "
        "vermeld geen gezondheid, godsdienst of afkomst, tenzij je dat echt getoond wilt "
        "zien. Het wordt alleen getoond met je toestemming hieronder."))
    birth_date = DateField(_l("Je geboortedatum"), validators=[Optional()],
                           description=_l("Alleen om je leeftijd na te gaan; we bewaren ze "
                                          "niet."))
    guardian_name = StringField(_l("Naam van je ouder of voogd (als je jonger bent dan 16)"),
                                validators=[Optional(), _length(120)])
    guardian_consent = BooleanField(_l(
        "Ik ben ouder of voogd en geef toestemming (nodig als je jonger bent dan 16)"))
    profile_consent = BooleanField(_l(
        "Ik geef toestemming om mijn profiel (naam, beroep, werkgever, verhaal, thema's en "
        "waar ik aan deelneem) openbaar te tonen."))
    photo_consent = BooleanField(_l("Ik geef toestemming om mijn foto te tonen."))
    self_description_consent = BooleanField(_l(
        "Ik geef toestemming om te tonen hoe ik mezelf beschrijf."))
