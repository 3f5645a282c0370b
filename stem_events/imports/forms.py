"""The form for a new import source and its defaults (what a feed does not carry)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from stem_events.events.models import PriceKind
from stem_events.forms import Form, options
from stem_events.reference.models import KIND_LABELS

REGISTRATION_LABELS = {
    "external": _l("Via de link van de activiteit (of de link hieronder)"),
    "ours": _l("Via deze website (inschrijven voor de hele reeks)"),
    "none": _l("Geen inschrijving nodig"),
}
PRICE_LABELS = {PriceKind.FREE: _l("Gratis"), PriceKind.AMOUNT: _l("Bedrag"),
                PriceKind.ON_SITE: _l("Betalen ter plaatse")}


class Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _number(label, low, high):
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=low, max=high, message=_l("Een getal van %(low)s tot %(high)s.", low=low,
                                      high=high))])


class SourceForm(Form):
    organisation_id = SelectField(_l("Organisatie"), coerce=int, choices=[])
    name = StringField(_l("Naam van de agenda"), validators=[Length(max=200)],
                       description=_l("Bv. 'Agenda STEM-academie Gent'."))
    url = StringField(_l("Adres van de iCal-feed"), validators=[
        DataRequired(_l("Vul het adres van de feed in.")), Length(max=2000)],
        description=_l("Begint met https://, http:// of webcal:// en eindigt meestal op .ics. "
                       "In Google Agenda: Instellingen › Agenda integreren › openbaar adres "
                       "in iCal-indeling."))
    kind = SelectField(_l("Soort activiteit"), default="academy_activity",
                       choices=options((k.value, v) for k, v in KIND_LABELS.items()))
    themes = Checkboxes(_l("Thema's"), choices=[])
    audiences = Checkboxes(_l("Doelgroepen"), choices=[],
                           description=_l("Voor wie de activiteiten van deze agenda bedoeld "
                                          "zijn. Een soort voor leerkrachten krijgt altijd "
                                          "de doelgroep leerkrachten."))
    age_min = _number(_l("Minimumleeftijd"), 0, 120)
    age_max = _number(_l("Maximumleeftijd"), 0, 120)
    price_kind = SelectField(_l("Prijs"), default=PriceKind.FREE.value,
                             choices=options((k.value, v) for k, v in PRICE_LABELS.items()))
    price = DecimalField(_l("Bedrag in euro"), places=2, validators=[
        Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("100000"),
                                message=_l("Een bedrag groter dan 0."))])
    venue_name = StringField(_l("Standaardlocatie"), validators=[Length(max=200)],
                             description=_l("Voor activiteiten zonder locatie in de feed."))
    municipality = StringField(_l("Standaardgemeente of postcode"), validators=[Length(max=80)])
    registration = SelectField(_l("Hoe schrijven mensen in?"), default="external",
                               choices=options(REGISTRATION_LABELS.items()))
    booking_url = StringField(_l("Link om in te schrijven"), validators=[Length(max=500)])
    capacity = _number(_l("Plaatsen per activiteit (inschrijven via deze website)"), 0, 100000)

    def defaults(self, municipality_nis: str | None) -> dict:
        """The form as a source's defaults (see sources.check_defaults)."""
        price = self.price.data
        return {"kind": self.kind.data, "themes": list(self.themes.data or []),
                "audiences": list(self.audiences.data or []),
                "age_min": self.age_min.data, "age_max": self.age_max.data,
                "price_kind": self.price_kind.data,
                "price_cents": int(price * 100) if price is not None else None,
                "venue_name": " ".join((self.venue_name.data or "").split()),
                "municipality_nis": municipality_nis, "registration": self.registration.data,
                "booking_url": (self.booking_url.data or "").strip(),
                "capacity": self.capacity.data}


class CategoryForm(Form):
    """A row of the CATEGORIES → themes table (coordinators)."""

    category = StringField(_l("Categorie in de feed"), validators=[
        DataRequired(_l("Vul een categorie in.")),
        Length(max=100, message=_l("Hoogstens 100 tekens."))],
        description=_l("Zoals agenda's ze schrijven, bv. 'Robots' of 'Coding'. Hoofdletters "
                       "tellen niet."))
    theme_id = SelectField(_l("Thema"), coerce=int,
                           validators=[DataRequired(_l("Kies een thema."))])
