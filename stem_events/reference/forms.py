"""The coordinators' form for a school-holiday override: the holiday is picked from a list."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from stem_events.forms import Form, options

#: The computed holidays an override replaces, and "extra" for an added day off.
HOLIDAY_CHOICES = [
    ("autumn", _l("Herfstvakantie")),
    ("christmas", _l("Kerstvakantie")),
    ("krokus", _l("Krokusvakantie")),
    ("easter", _l("Paasvakantie")),
    ("summer", _l("Zomervakantie")),
    ("extra", _l("Een extra vrije periode (brugdag, facultatieve vrije dag …)")),
]


class HolidayForm(Form):
    key = SelectField(_l("Vakantie"), choices=options(HOLIDAY_CHOICES), validators=[
        InputRequired(_l("Kies een vakantie."))],
        description=_l("Een gekozen vakantie vervangt de berekende data van dat jaar; een "
                       "extra vrije periode komt erbij."))
    year = IntegerField(_l("Jaar waarin de vakantie begint"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(2000, 2100, _l("Een jaar tussen 2000 en 2100."))])
    name = StringField(_l("Naam (enkel voor een extra vrije periode)"),
                       validators=[Length(max=80)])
    first_day = DateField(_l("Eerste dag"), validators=[InputRequired(_l("Vul een datum in."))])
    last_day = DateField(_l("Laatste dag"), validators=[InputRequired(_l("Vul een datum in."))])
