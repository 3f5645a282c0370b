"""The organiser's UiTdatabank choice for one event."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField

from stem_events.forms import Form, options

from .mapping import EVENTTYPES

CHOICE_LABELS = {
    "": _l("Zoals de organisatie koos"),
    "on": _l("Ook in UiTdatabank publiceren"),
    "off": _l("Niet in UiTdatabank publiceren"),
}


class ExportForm(Form):
    choice = RadioField(_l("Publiceren in UiTdatabank"),
                        choices=options(CHOICE_LABELS.items()),
                        default="")
    eventtype = SelectField(_l("Type in UiTdatabank"),
                            choices=options([("", _l("— kies een type —")), *EVENTTYPES.items()]),
                            default="")
