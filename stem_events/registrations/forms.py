"""The public registration form; an event's own questions are added per event."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from stem_events.date_time import format_range
from stem_events.events.models import Event, EventSession, RegistrationMode
from stem_events.forms import Form, SubForm
from stem_events.i18n import current_language
from stem_events.reach.forms import ReachQuestions, answers_of, gender_field
from stem_events.reference.models import EventKind, HelixPillar
from stem_events.registrations import rules
from stem_events.registrations.models import (
    EventGroupSettings,
    QuestionKind,
    RegistrationQuestion,
)

CHILD_SLOTS = 1  # one row; "Nog een kind toevoegen" adds one (add_child_row)


def _strip(value):
    """Blank (only whitespace) becomes empty, so it counts as missing; otherwise spaces only:
    a line break or tab at either end of a name must still reach the single-line check
    (forms.SingleLineMeta) and be refused, not silently cut off."""
    if not isinstance(value, str):
        return value
    return value.strip(" ") if value.strip() else ""


STRIP = [_strip]
MAX_CHILDREN = 6


class ChildForm(SubForm):
    # Stripped, so that a name of only spaces counts as missing (not a database error).
    first_name = StringField(_l("Voornaam"), filters=STRIP,
                             validators=[Optional(), Length(max=80)])
    last_name = StringField(_l("Familienaam"), filters=STRIP,
                            validators=[Optional(), Length(max=80)])
    birth_date = DateField(_l("Geboortedatum"), validators=[Optional()])
    reach_gender = gender_field(_l("Geslacht van je kind (niet verplicht)"))


class CountField(IntegerField):
    """A whole number typed on a phone's number pad, with a Dutch message when it is none."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "pattern": "[0-9]*"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            text = valuelist[0].strip()
            if not text.lstrip("-").isdigit() or len(text) > 9:
                self.data = None
                raise ValueError(_l("Vul een getal in, bv. 24."))
            self.data = int(text)
        else:
            self.data = None


GROUP_CHOICE = SelectChoice("group", _l("Een klas of groep: ik ben leerkracht of begeleider"))


class RegistrationForm(ReachQuestions, Form):
    who = RadioField(_l("Wie schrijf je in?"), default="self", choices=[
        SelectChoice("self", _l("Mezelf")),
        SelectChoice("children", _l("Mijn kind(eren): ik ben ouder of voogd")),
    ])
    contact_name = StringField(_l("Je naam"), filters=STRIP, validators=[
        DataRequired(_l("Vul je naam in.")), Length(max=120)])
    contact_email = EmailField(_l("Je e-mailadres"), filters=STRIP, validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    contact_phone = TelField(_l("Telefoonnummer (niet verplicht)"),
                             validators=[Optional(), Length(max=40)])
    birth_date = DateField(_l("Je geboortedatum"), validators=[Optional()])
    parent_name = StringField(_l("Naam van een ouder of voogd"),
                              validators=[Optional(), Length(max=120)])
    parent_email = EmailField(_l("E-mailadres van een ouder of voogd"), filters=STRIP, validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    children = FieldList(FormField(ChildForm), min_entries=CHILD_SLOTS, max_entries=MAX_CHILDREN)
    guardian_consent = BooleanField(_l(
        "Ik ben ouder of voogd en geef toestemming om mijn kind(eren) in te schrijven."))
    photo_consent = BooleanField(_l(
        "De organisator mag foto's waarop mijn kind(eren) staan gebruiken (niet verplicht)."))
    participant_organisation = StringField(_l("Organisatie die je vertegenwoordigt"),
                                           validators=[Optional(), Length(max=200)])
    participant_helix = SelectField(_l("Soort organisatie"), validators=[Optional()], choices=[
        SelectChoice("", _l("— kies —"))] + [SelectChoice(p.value, p.label) for p in HelixPillar])
    show_in_participant_list = BooleanField(_l(
        "Toon mij in de deelnemerslijst (naam, organisatie en pijler, enkel zichtbaar voor "
        "deelnemers die dat ook kozen en voor de organisatoren)"))
    # A class (who=group): the school, the class, how many; no pupils' names.
    school_name = StringField(_l("Naam van de school"), filters=STRIP,
                              validators=[Length(max=200)])
    school_number = StringField(
        _l("Instellingsnummer (niet verplicht)"), filters=STRIP,
        validators=[Optional(), Regexp(r"^\d{5,6}$", message=_l(
            "Een instellingsnummer bestaat uit 5 of 6 cijfers, bv. 012345."))])
    class_name = StringField(_l("Klas of leerjaar"), filters=STRIP,
                             description=_l("bv. 5de leerjaar, 3B"),
                             validators=[Length(max=80)])
    pupils = CountField(_l("Aantal leerlingen"))
    adults = CountField(_l("Aantal begeleidende volwassenen"), default=0,
                        validators=[Optional(), NumberRange(min=0, max=100, message=_l(
                            "Vul een aantal begeleiders tussen 0 en 100 in."))])
    remarks = TextAreaField(
        _l("Opmerkingen (niet verplicht)"),
        description=_l("Geen namen of medische gegevens van leerlingen. We wissen dit veld "
                       "kort na de activiteit."),
        validators=[Optional(), Length(max=1000)])
    session_id = SelectField(_l("Sessie"), coerce=int, validate_choice=False, choices=[])
    # A honeypot: hidden from people by CSS; bots fill it in.
    website = StringField(_l("Laat dit veld leeg"), validators=[Optional()])

    def validate_who(self, field) -> None:
        if field.data == "self" and any(_filled(e.form) for e in self.children.entries):
            raise ValidationError(_l("Je vulde gegevens van een kind in: kies 'Mijn "
                                     "kind(eren)' of maak die velden leeg."))

    def validate_school_name(self, field) -> None:
        if self.who.data == "group" and not field.data:
            raise ValidationError(_l("Vul de naam van de school in."))

    def validate_class_name(self, field) -> None:
        if self.who.data == "group" and not field.data:
            raise ValidationError(_l("Vul de klas of het leerjaar in."))

    def validate_pupils(self, field) -> None:
        if self.who.data != "group":
            field.errors = []  # not a class: whatever the field holds is ignored
            return
        if field.data is None and not field.errors:
            raise ValidationError(_l("Vul het aantal leerlingen in."))
        if field.data is not None and field.data < 1:
            raise ValidationError(_l("Vul een aantal leerlingen van minstens 1 in."))

    def validate_contact_phone(self, field) -> None:
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, "BE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise ValidationError(_l("Dit is geen geldig telefoonnummer, bv. 0470 12 34 56."))

    def validate_children(self, field) -> None:
        if self.who.data != "children":
            return
        filled = [entry for entry in field.entries if _filled(entry.form)]
        if not filled:
            raise ValidationError(_l("Vul de gegevens van minstens één kind in."))
        for entry in filled:
            child = entry.form
            for sub, message in ((child.first_name, _l("Vul de voornaam in.")),
                                 (child.last_name, _l("Vul de familienaam in.")),
                                 (child.birth_date, _l("Vul de geboortedatum in."))):
                if not sub.data and not sub.errors:
                    sub.errors = [*sub.errors, message]
        if any(e.form.errors for e in filled):
            raise ValidationError(_l("Vul voor elk kind de voornaam, familienaam en "
                                     "geboortedatum in."))


def _filled(child: ChildForm) -> bool:
    raw = [(f.raw_data or [""])[0] for f in (child.first_name, child.last_name, child.birth_date)]
    return any((value or "").strip() for value in raw)


def _question_field(text: str, kind: QuestionKind, choices: tuple[str, ...], required: bool):
    validators = [DataRequired(_l("Deze vraag is verplicht."))] if required else [Optional()]
    if kind == QuestionKind.CHECKBOX:
        return BooleanField(text, validators=validators)
    if kind == QuestionKind.CHOICE:
        return SelectField(text, validators=validators,
                           choices=[SelectChoice("", _l("— kies —"))]
                           + [SelectChoice(c, c) for c in choices])
    return TextAreaField(text, validators=[*validators, Length(max=2000)])


def session_label(event: Event, session: EventSession, left: int | None) -> str:
    text = format_range(session.starts_at, session.ends_at, current_language())
    if left is None:
        return text
    if left > 0:
        return f"{text} ({ngettext('nog %(num)s plaats', 'nog %(num)s plaatsen', left)})"
    full = _l("volzet, wachtlijst") if event.waitlist_enabled else _l("volzet")
    return f"{text} ({full})"


def form_for(event: Event, questions: list[RegistrationQuestion],
             seats_left=lambda session: None,
             groups: EventGroupSettings | None = None) -> RegistrationForm:
    """The form of one event: its own questions, its sessions in open-sessions mode, and the
    choice to book a class when the event takes groups (only that, when individuals cannot)."""
    who = "none" if groups is None else "also" if groups.individuals_allowed else "only"
    form = _form_class(tuple(_signature(q) for q in questions), who)()
    form.groups = groups
    form.questions = [form[f"q{q.id}"] for q in questions]
    if groups is not None and not groups.individuals_allowed:
        form.who.data = "group"
    elif rules.for_minors(event) and (event.age_max or 0) < rules.DIGITAL_CONSENT_AGE \
            and form.who.data != "group":
        form.who.data = "children"
    if event.registration_mode == RegistrationMode.SESSIONS:
        form.session_id.choices = [
            SelectChoice(s.id, session_label(event, s, seats_left(s)))
            for s in rules.scheduled_sessions(event)
        ]
    return form


def _signature(question: RegistrationQuestion) -> tuple:
    """Everything of a question its field is made of."""
    return (question.id, question.text, question.kind, tuple(question.choices or ()),
            question.required)


@lru_cache(maxsize=256)
def _form_class(questions: tuple, who: str) -> type[RegistrationForm]:
    """The form class of an event's questions and class bookings (`who`: none, also, only),
    made once per process: WTForms sorts a new class's fields when it is first used, and a
    registration rush builds the same form hundreds of times a minute. The class holds only
    unbound fields; each request binds its own form."""
    fields = {f"q{q_id}": _question_field(*field) for q_id, *field in questions}
    fields["who"] = RadioField(RegistrationForm.who.args[0], default="self", choices=(
        [GROUP_CHOICE] if who == "only"
        else [*RegistrationForm.who.kwargs["choices"], *([GROUP_CHOICE] if who == "also" else [])]))
    return type("EventRegistrationForm", (RegistrationForm,), fields)


def error_links(form: RegistrationForm) -> list[tuple[str, str, str]]:
    """(field id, label, first message) of every field in error, children's fields included
    ("Kind 2 – Voornaam"), in the form's order: the error summary links to each field."""
    found = []
    for field in form:
        if field.name in ("csrf_token", "website"):
            continue
        if field.name == "children":  # its own errors are set by validate() only
            first = field.entries[0].form.first_name.id if field.entries else field.id
            found += [(first, str(field.label.text), e) for e in field.errors
                      if isinstance(e, str)]
            for index, entry in enumerate(field.entries, start=1):
                found += [(sub.id, f"{_l('Kind %(n)s', n=index)} – {sub.label.text}",
                           sub.errors[0]) for sub in entry.form if sub.errors]
            continue
        if not field.errors:
            continue
        target = f"{field.id}-0" if field.type == "RadioField" else field.id
        found.append((target, str(field.label.text), field.errors[0]))
    return found


ADD_CHILD = "add_child"  # the name of the "Nog een kind toevoegen" submit button


def add_child_row(form: RegistrationForm) -> None:
    """The button "Nog een kind toevoegen" without JavaScript: the same form, one row more,
    nothing registered and no errors shown."""
    form.who.data = "children"
    if len(form.children.entries) < MAX_CHILDREN:
        form.children.append_entry()


def submission(form: RegistrationForm, event: Event) -> rules.Submission:
    """What the form says, also when some of its fields are invalid (so that the rules can
    report their problems in the same pass; an unreadable value is then None or empty)."""
    group = None
    if form.who.data == "group":
        group = rules.Group(
            school_name=form.school_name.data or "", class_name=form.class_name.data or "",
            pupils=form.pupils.data or 0, adults=form.adults.data or 0,
            school_number=form.school_number.data or "", remarks=form.remarks.data or "")
    children, child_forms = [], []
    if form.who.data == "children":
        child_forms = [e.form for e in form.children.entries if _filled(e.form)]
        children = [rules.Child((c.first_name.data or "").strip(),
                                (c.last_name.data or "").strip(), c.birth_date.data)
                    for c in child_forms]
    helix = form.participant_helix.data or None
    return rules.Submission(
        contact_name=form.contact_name.data, contact_email=form.contact_email.data,
        contact_phone=form.contact_phone.data or "", children=children,
        birth_date=form.birth_date.data if not children and group is None else None,
        parent_name=form.parent_name.data or "", parent_email=form.parent_email.data or "",
        guardian_consent=bool(form.guardian_consent.data) and bool(children),
        photo_consent=bool(form.photo_consent.data) and bool(children),
        participant_organisation=form.participant_organisation.data or "",
        participant_helix=HelixPillar(helix) if helix else None,
        show_in_participant_list=bool(form.show_in_participant_list.data)
        and event.kind == EventKind.NETWORK_MOMENT,
        answers={f.name: f.data for f in getattr(form, "questions", [])},
        session_id=form.session_id.data
        if event.registration_mode == RegistrationMode.SESSIONS else None,
        group=group,
        # A class booking carries no reach answers (the reach report says so).
        reach=answers_of(form, child_forms) if group is None else [],
    )
