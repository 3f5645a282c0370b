"""Forms of the coordinators' network pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FieldList
from wtforms.validators import (
    Length,
    Optional,
)

from stem_events.forms import Form, SubForm
from stem_events.web.forms import (
    CheckboxesField,
    database_id,
    optional_int,
)

EXTRA_PITCH_ROWS = 3


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
