"""The coordinators' forms for the audience list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from stem_events.forms import Form


class AddAudienceForm(Form):
    slug = StringField(_l("Korte naam in links (slug)"), description=_l(
        "Kleine letters, cijfers en koppeltekens; verandert nooit meer, want links en "
        "kalenderfeeds gebruiken hem."),
        validators=[DataRequired(_l("Vul een korte naam in.")), Length(max=40)])
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                                Length(max=80)])
    section = SelectField(_l("Groep"), choices=[
        SelectChoice("opportunity", _l("Kansengroepen")),
        SelectChoice("other", _l("Andere doelgroepen"))])


class RenameAudienceForm(Form):
    audience_id = HiddenField()
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                                Length(max=80)])
    short_name = StringField(_l("Leesbare vorm na ‘STEM-agenda —’, bv. ‘voor meisjes’"),
                             validators=[Optional(), Length(max=60)])
