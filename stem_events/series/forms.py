"""Organisers' forms for an event's sessions: more sessions (a series), one session moved."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, RadioField, TimeField
from wtforms.validators import InputRequired, NumberRange

from stem_events.events.forms import ScheduleMixin
from stem_events.forms import Form
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


class ShiftForm(Form):
    """Shift the time of all (or all future) sessions of a series at once."""

    version = HiddenField()
    minutes = IntegerField(
        _l("Verschuiven met (minuten)"),
        validators=[InputRequired(_l("Vul een aantal minuten in.")),
                    NumberRange(-720, 720, _l("Tussen -720 en 720 minuten."))],
        description=_l("Bv. 30 voor een half uur later, -15 voor een kwartier vroeger."))
    scope = RadioField(_l("Welke sessies"), default="future", choices=[
        ("future", _l("Alle komende sessies")), ("all", _l("Alle sessies"))])
