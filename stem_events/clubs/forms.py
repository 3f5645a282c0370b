"""Joining a club (public) and a club's details (coordinators)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from stem_events.forms import Form
from stem_events.web.forms import MultiCheckboxField


class JoinForm(Form):
    contact_name = StringField(_l("Je naam"), validators=[
        DataRequired(_l("Vul je naam in.")), Length(max=120)])
    contact_email = EmailField(_l("Je e-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    website = StringField(_l("Laat dit veld leeg"), validators=[Optional()])  # honeypot


class ClubForm(Form):
    name = StringField(_l("Naam van de club"), validators=[
        DataRequired(_l("Vul de naam van de club in.")), Length(max=200)])
    description = TextAreaField(_l("Beschrijving"), validators=[Length(max=5000)])
    municipality_nis = SelectField(_l("Gemeente"), choices=[], validators=[
        DataRequired(_l("Kies de gemeente van de club."))])
    organisation_ids = MultiCheckboxField(_l("Gastorganisaties (STEM-academie, ...)"),
                                          coerce=int, choices=[])
    contact_name = StringField(_l("Contactpersoon"), validators=[Length(max=120)])
    contact_email = EmailField(_l("E-mail contactpersoon"), validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    contact_phone = StringField(_l("Telefoon contactpersoon"), validators=[Length(max=40)])
    contact_consent = BooleanField(_l(
        "De contactpersoon gaf toestemming om naam, e-mail en telefoon publiek te tonen"))
    schools_shown = TextAreaField(
        _l("Deelnemende scholen die toestemming gaven om getoond te worden"),
        description=_l("Eén school per regel."), validators=[Length(max=5000)])
    schools_hidden = TextAreaField(
        _l("Andere deelnemende scholen (niet publiek, enkel geteld)"),
        description=_l("Eén school per regel."), validators=[Length(max=5000)])
    series_event_id = SelectField(_l("Huidige reeks bijeenkomsten"), choices=[],
                                  validate_choice=False)
    active = BooleanField(_l("Actief (publiek zichtbaar)"), default=True)
