"""The coordinators' form for a school-holiday override."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from stem_events.forms import Form


class HolidayForm(Form):
    year = IntegerField(_l("Jaar waarin de vakantie begint"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(2000, 2100, _l("Een jaar tussen 2000 en 2100."))])
    key = StringField(_l("Sleutel"), validators=[DataRequired(_l("Vul een sleutel in.")),
                                                 Length(max=40)],
                      description=_l("krokus, easter, summer, autumn of christmas vervangt die "
                                    "vakantie; een andere sleutel voegt een vrije periode toe."))
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                               Length(max=80)])
    first_day = DateField(_l("Eerste dag"), validators=[InputRequired(_l("Vul een datum in."))])
    last_day = DateField(_l("Laatste dag"), validators=[InputRequired(_l("Vul een datum in."))])
