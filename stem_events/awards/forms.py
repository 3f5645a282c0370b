"""Forms of the awards: rounds, categories, criteria and jurors (coordinators), the nomination
form (organisations) and the jury's declaration and score forms. Motivations and scores have
one field per criterion of the category, so those forms are built per category."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from stem_events.awards.jury import COMMENT_MAX, comment_field, score_field
from stem_events.awards.models import DEFAULT_VALIDITY_YEARS, SCORES, AwardCategory
from stem_events.awards.nominations import MOTIVATION_MAX, motivation_field
from stem_events.forms import Form, options
from stem_events.web.forms import CheckboxesField, optional_int, text_field


class RoundForm(Form):
    title = text_field(_l("Naam van de ronde"), 200, _l("Geef een naam."))
    year = IntegerField(_l("Jaar van het label"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(min=2000, max=2100, message=_l("Een jaar tussen 2000 en 2100."))])
    description = text_field(_l("Beschrijving"), 4000, area=True)
    edition = SelectField(_l("State-of-the-STEM-editie"), coerce=optional_int,
                          validate_choice=False,
                          description=_l("Leeg: een awardronde op zichzelf."))
    ceremony = SelectField(_l("Uitreiking (activiteit van de soort award-event)"),
                           coerce=optional_int, validate_choice=False,
                           description=_l("Leeg in een editie: de overkoepelende activiteit."))
    nominations_open = DateField(_l("Nominaties open vanaf"), validators=[
        InputRequired(_l("Kies een datum."))])
    nominations_close = DateField(_l("Nominaties open tot en met"), validators=[
        InputRequired(_l("Kies een datum."))])
    jury_close = DateField(_l("Juryperiode tot en met"), validators=[
        InputRequired(_l("Kies een datum."))])
    validity_years = IntegerField(
        _l("Geldigheid van het label (jaren)"), default=DEFAULT_VALIDITY_YEARS, validators=[
            InputRequired(_l("Vul een aantal jaren in.")),
            NumberRange(min=1, max=10, message=_l("Tussen 1 en 10 jaar."))])


class CategoryForm(Form):
    name = text_field(_l("Naam van de categorie"), 200, _l("Geef een naam."))
    description = text_field(_l("Beschrijving"), 2000, area=True)


def criterion_name_field(criterion_id: int) -> str:
    return f"criterion-{criterion_id}"


def weight_field(criterion_id: int) -> str:
    return f"weight-{criterion_id}"


def category_edit_form(category: AwardCategory, weights: bool = False, **kwargs) -> Form:
    """Rename a category, its description and its criteria, and give its place in the
    round's order (1 …); `weights`: the criteria's weights are editable too (before the jury
    scores). The place and the weights are checked by the service (one Dutch message)."""
    class CategoryEditForm(CategoryForm):
        position = StringField(_l("Plaats in de volgorde"), description=_l(
            "1 is de eerste categorie van de ronde."))

    for number, criterion in enumerate(category.criteria, 1):
        setattr(CategoryEditForm, criterion_name_field(criterion.id), text_field(
            _l("Criterium %(n)s (gewicht %(weight)s)", n=number, weight=criterion.weight), 200,
            _l("Geef het criterium een naam.")))
        if weights:
            setattr(CategoryEditForm, weight_field(criterion.id), StringField(
                _l("Gewicht van criterium %(n)s", n=number),
                description=_l("Van 1 tot 10.")))  # checked by the service; absent: kept
    return CategoryEditForm(**kwargs)


class DeleteCategoryForm(Form):
    confirm = BooleanField(_l("Ook de nominaties van deze categorie verwijderen"))


class CriterionForm(Form):
    name = text_field(_l("Criterium"), 200, _l("Geef het criterium een naam."))
    weight = IntegerField(_l("Gewicht"), default=1, validators=[
        InputRequired(_l("Vul een gewicht in.")),
        NumberRange(min=1, max=10, message=_l("Een gewicht van 1 tot 10."))])


class JurorForm(Form):
    email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul een e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    name = text_field(_l("Naam"), 200)
    organisation = SelectField(_l("Organisatie van het jurylid"), coerce=optional_int,
                               validate_choice=False,
                               description=_l("Nominaties van die organisatie beoordeelt het "
                                              "jurylid niet."))


class MarksForm(Form):
    shortlisted = CheckboxesField(_l("Shortlist"), coerce=int, validate_choice=False)
    winners = CheckboxesField(_l("Winnaars"), coerce=int, validate_choice=False)


class DeclineForm(Form):
    reason = TextAreaField(_l("Waarom (optioneel)"), validators=[
        Optional(), Length(max=2000, message=_l("Hoogstens %(max)d tekens.", max=2000))])


class DeclarationForm(Form):
    conflicts = CheckboxesField(_l("Ik heb een belangenconflict met"), coerce=int,
                                validate_choice=False)
    confirm = BooleanField(_l("Ik verklaar dat ik met de andere nominaties geen belangenconflict "
                              "heb (geen band met de organisatie, geen eigen belang)."))


class _NominationBase(Form):
    organisation = SelectField(_l("Je nomineert namens"), coerce=optional_int,
                               validate_choice=False)
    initiative = SelectField(_l("Initiatief (gepubliceerd in het register)"),
                             coerce=optional_int, validate_choice=False,
                             validators=[InputRequired(_l("Kies een initiatief."))])


def nomination_form(category: AwardCategory, **kwargs) -> Form:
    """The nomination form of a category: one motivation per criterion."""
    class NominationForm(_NominationBase):
        pass

    for criterion in category.criteria:
        setattr(NominationForm, motivation_field(criterion.id), TextAreaField(
            _l("Motivatie: %(criterion)s", criterion=criterion.name), validators=[
                DataRequired(_l("Motiveer de nominatie voor dit criterium.")),
                Length(max=MOTIVATION_MAX, message=_l("Hoogstens %(max)d tekens.",
                                                      max=MOTIVATION_MAX))]))
    return NominationForm(**kwargs)


def score_form(category: AwardCategory, prefix: str, **kwargs) -> Form:
    """A juror's scores of one nomination: a score 1–5 and a comment per criterion. The range
    is checked by the service (one Dutch message at the field)."""
    class ScoreForm(Form):
        pass

    choices = options((str(v), str(v)) for v in SCORES)
    for criterion in category.criteria:
        setattr(ScoreForm, score_field(criterion.id), RadioField(
            _l("%(criterion)s (gewicht %(weight)s)", criterion=criterion.name,
               weight=criterion.weight), choices=choices, validate_choice=False))
        setattr(ScoreForm, comment_field(criterion.id), TextAreaField(
            _l("Toelichting bij %(criterion)s", criterion=criterion.name), validators=[
                Optional(), Length(max=COMMENT_MAX, message=_l("Hoogstens %(max)d tekens.",
                                                               max=COMMENT_MAX))]))
    return ScoreForm(prefix=prefix, **kwargs)
