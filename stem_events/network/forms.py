"""Forms of the coordinators' network pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.validators import Length, Optional
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
