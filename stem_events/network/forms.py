"""Forms of the coordinators' network pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import FieldList
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

EXTRA_PITCH_ROWS = 3


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value) if str(value).isdigit() else -1  # -1: refused by the service


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PitchForm(Form):
    title = StringField(_l("Titel van de pitch"), validators=[Length(max=200)])
    organisation = SelectField(_l("Organisatie"), coerce=optional_int, validate_choice=False)
    initiative = SelectField(_l("Initiatief"), coerce=optional_int, validate_choice=False)
    speaker_name = StringField(_l("Spreker"), validators=[Length(max=120)])


class NetworkMomentForm(FlaskForm):
    region = StringField(_l("Regio"), validators=[Optional(), Length(max=120)])
    province = SelectField(_l("Provincie"), validate_choice=False)
    pillars = CheckboxesField(_l("Uitgenodigde helixpijlers"), validate_choice=False)
    initiatives = CheckboxesField(_l("Voorgestelde initiatieven"), coerce=int,
                                  validate_choice=False)
    pitches = FieldList(FormField(PitchForm), min_entries=EXTRA_PITCH_ROWS)
    report = TextAreaField(_l("Verslag (Markdown, na het netwerkmoment)"),
                           validators=[Length(max=20_000)])


# ------------------------------------------------------------------ State-of-the-STEM editions
def no_nul(form, field) -> None:
    """PostgreSQL refuses NUL in text, and no real text contains one."""
    if "\x00" in (field.data or ""):
        raise ValidationError(_l("Dit veld bevat een ongeldig teken."))


def _text(label, length: int, required: str | None = None, area: bool = False,
          description: str = ""):
    validators = [DataRequired(required)] if required else [Optional()]
    field = TextAreaField if area else StringField
    return field(label, description=description, validators=[*validators, no_nul, Length(
        max=length, message=_l("Hoogstens %(max)d tekens.", max=length))])


class EditionForm(FlaskForm):
    year = IntegerField(_l("Jaar van de editie"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(min=2000, max=2100, message=_l("Een jaar tussen 2000 en 2100."))])
    event = SelectField(_l("Overkoepelende activiteit (soort State-of-the-STEM)"),
                        coerce=optional_int, validate_choice=False,
                        validators=[InputRequired(_l("Kies een activiteit."))],
                        description=_l("Maak eerst de activiteit aan onder Beheer van "
                                       "activiteiten, met als soort State-of-the-STEM."))
    venue = _text(_l("Locatie"), 200, description=_l("Leeg: de locatie van de activiteit."))


class VenueForm(FlaskForm):
    venue = _text(_l("Locatie"), 200)


class ProgrammeItemForm(FlaskForm):
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


class StandForm(FlaskForm):
    initiative = SelectField(_l("Initiatief (gepubliceerd in het register)"),
                             coerce=optional_int, validate_choice=False,
                             validators=[InputRequired(_l("Kies een initiatief."))])
    stand_number = _text(_l("Standnummer"), 20, _l("Vul een standnummer in."))


class StandNumberForm(FlaskForm):
    stand_number = _text(_l("Standnummer"), 20, _l("Vul een standnummer in."))


class CategoryForm(FlaskForm):
    name = _text(_l("Naam van de categorie"), 200, _l("Geef een naam."))
    description = _text(_l("Beschrijving"), 2000, area=True)


class DeleteCategoryForm(FlaskForm):
    confirm = BooleanField(_l("Ook de nominaties van deze categorie verwijderen"))
