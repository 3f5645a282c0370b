"""Organisers' forms for an event's sessions: more sessions (a series), one session moved."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, TimeField
from wtforms.validators import InputRequired

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
