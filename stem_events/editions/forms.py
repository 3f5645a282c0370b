"""Coordinators' forms for State-of-the-STEM editions: the edition, its programme items,
market stands."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    TimeField,
)
from wtforms.validators import (
    InputRequired,
    NumberRange,
    Optional,
)

from stem_events.forms import Form
from stem_events.web.forms import (
    optional_int,
    text_field,
)


class EditionForm(Form):
    year = IntegerField(_l("Jaar van de editie"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(min=2000, max=2100, message=_l("Een jaar tussen 2000 en 2100."))])
    event = SelectField(_l("Overkoepelende activiteit (soort State-of-the-STEM)"),
                        coerce=optional_int, validate_choice=False,
                        validators=[InputRequired(_l("Kies een activiteit."))],
                        description=_l("Maak eerst de activiteit aan onder Beheer van "
                                       "activiteiten, met als soort State-of-the-STEM."))
    venue = text_field(_l("Locatie"), 200, description=_l("Leeg: de locatie van de activiteit."))


class UmbrellaForm(Form):
    event = SelectField(_l("Overkoepelende activiteit (soort State-of-the-STEM)"),
                        coerce=optional_int, validate_choice=False,
                        validators=[InputRequired(_l("Kies een activiteit."))])


class VenueForm(Form):
    venue = text_field(_l("Locatie"), 200)


class ProgrammeItemForm(Form):
    title = text_field(_l("Titel"), 200, _l("Geef een titel."))
    description = text_field(_l("Beschrijving"), 5000, area=True)
    track = text_field(_l("Track"), 80)
    room = text_field(_l("Zaal"), 80)
    day = DateField(_l("Dag"), validators=[InputRequired(_l("Vul een dag in."))])
    start_time = TimeField(_l("Van"), validators=[InputRequired(_l("Vul het beginuur in."))])
    end_time = TimeField(_l("Tot"), validators=[InputRequired(_l("Vul het einduur in."))])
    speakers = text_field(_l("Sprekers"), 400)
    capacity = IntegerField(
        _l("Capaciteit"), validators=[Optional(), NumberRange(
            min=0, max=100_000, message=_l("Een aantal vanaf 0."))],
        description=_l("Leeg: onbeperkt."))


class StandForm(Form):
    initiative = SelectField(_l("Initiatief (gepubliceerd in het register)"),
                             coerce=optional_int, validate_choice=False,
                             validators=[InputRequired(_l("Kies een initiatief."))])
    stand_number = text_field(_l("Standnummer"), 20, _l("Vul een standnummer in."))


class StandNumberForm(Form):
    stand_number = text_field(_l("Standnummer"), 20, _l("Vul een standnummer in."))


def market_form(stands, submitted: bool = True):
    """One form for the whole market: a stand number and a "weghalen" box per stand, saved
    with one button (fields `number-<id>`, `remove-<id>`)."""

    class MarketForm(Form):
        pass

    for stand in stands:
        setattr(MarketForm, f"number-{stand.id}", text_field(
            _l("Standnummer van %(name)s", name=stand.initiative.name), 20))
        setattr(MarketForm, f"remove-{stand.id}", BooleanField(
            _l("%(name)s weghalen", name=stand.initiative.name)))
    data = {f"number-{s.id}": s.stand_number for s in stands}
    return MarketForm(data=data) if submitted else MarketForm(formdata=None, data=data)
