"""Organisers' forms for an event's sessions: more sessions (a series), one session moved."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from stem_events.events.forms import ScheduleMixin
from stem_events.forms import Form, options
from stem_events.web.forms import optional_int_field


class SeriesForm(Form, ScheduleMixin):
    version = HiddenField()


class SessionForm(Form):
    version = HiddenField()
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Vul een datum in."))])
    start_time = TimeField(_l("Van"), validators=[InputRequired(_l("Vul het beginuur in."))])
    end_time = TimeField(_l("Tot"), validators=[InputRequired(_l("Vul het einduur in."))])
    capacity = optional_int_field(_l("Capaciteit van deze sessie (open sessies)"), 0, 100000,
                                  _l("Een aantal vanaf 0."))


WEEKDAYS = [_l("maandag"), _l("dinsdag"), _l("woensdag"), _l("donderdag"), _l("vrijdag"),
            _l("zaterdag"), _l("zondag")]


class ShiftForm(Form):
    """Edit a series as a series: shift the time, change the weekday of all (or the coming)
    sessions, add weeks at the end."""

    version = HiddenField()
    minutes = IntegerField(
        _l("Verschuiven met (minuten)"), default=0,
        validators=[Optional(), NumberRange(-720, 720, _l("Tussen -720 en 720 minuten."))],
        description=_l("Bv. 30 voor een half uur later, -15 voor een kwartier vroeger; "
                       "0 laat het uur ongemoeid."))
    weekday = SelectField(_l("Weekdag"), default="", choices=options([
        ("", _l("niet veranderen")), *((str(n), name) for n, name in enumerate(WEEKDAYS))]),
        description=_l("Elke sessie schuift naar die dag van dezelfde week."))
    scope = RadioField(_l("Welke sessies"), default="future", choices=options([
        ("future", _l("Alle komende sessies")), ("all", _l("Alle sessies"))]))
    extra_weeks = IntegerField(
        _l("Weken toevoegen aan het einde"), default=0,
        validators=[Optional(), NumberRange(0, 52, _l("Tussen 0 en 52 weken."))],
        description=_l("Zoveel extra sessies na de laatste, in het ritme van de reeks."))
    skip_holidays = BooleanField(_l("Schoolvakanties overslaan bij de extra weken"),
                                 default=True)
