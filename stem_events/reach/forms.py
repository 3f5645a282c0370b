"""The optional reach questions of the registration form (field names `reach_gender`,
`reach_reduced`, `reach_postcode`, `reach_postcode_withheld`, and `children-N-reach_gender`
per child). Never required: a question left unanswered is absent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.validators import Length, Optional, ValidationError

from stem_events.forms import options
from stem_events.reach.models import WITHHELD
from stem_events.reach.services import GENDERS, REDUCED, Answers, municipality_of_postcode


def gender_field(label=None) -> RadioField:
    return RadioField(label or _l("Geslacht (niet verplicht)"), choices=options(GENDERS),
                      validators=[Optional()])


class ReachQuestions:
    """Mixed into the registration form: the household's questions (kansentarief and home
    postcode) and the gender of a person registering themselves."""

    reach_gender = gender_field()
    reach_reduced = RadioField(
        _l("Heb je recht op kansentarief of een UiTPAS met kansentarief? (niet verplicht)"),
        choices=options(REDUCED), validators=[Optional()])
    reach_postcode = StringField(
        _l("Postcode van je woonplaats (niet verplicht)"),
        description=_l("We bewaren alleen de gemeente, niet je adres."),
        validators=[Optional(), Length(max=4, message=_l("Een postcode heeft 4 cijfers."))])
    reach_postcode_withheld = BooleanField(_l("Mijn woonplaats zeg ik liever niet"))

    def validate_reach_postcode(self, field) -> None:
        if field.data and municipality_of_postcode(field.data.strip()) is None:
            raise ValidationError(_l("Dit is geen Belgische postcode: vul 4 cijfers in, bv. "
                                     "9000, of laat het veld leeg."))


def home_of(form) -> str | None:
    if form.reach_postcode_withheld.data:
        return WITHHELD
    postcode = (form.reach_postcode.data or "").strip()
    return municipality_of_postcode(postcode) if postcode else None


def answers_of(form, child_forms: list | None = None) -> list[Answers]:
    """One `Answers` per seat: per child (a guardian answers for them), else the person."""
    reduced = form.reach_reduced.data or None
    home = home_of(form)
    if child_forms:
        return [Answers(child.reach_gender.data or None, reduced, home, by_guardian=True)
                for child in child_forms]
    return [Answers(form.reach_gender.data or None, reduced, home)]
