"""The public registration form; an event's own questions are added per event."""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from stem_events.date_time import format_range
from stem_events.events.models import Event, EventSession, RegistrationMode
from stem_events.forms import Form, SubForm
from stem_events.i18n import current_language
from stem_events.reach.forms import ReachQuestions, answers_of, gender_field
from stem_events.reference.models import EventKind, HelixPillar
from stem_events.registrations import rules
from stem_events.registrations.models import QuestionKind, RegistrationQuestion

CHILD_SLOTS = 3


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
    session_id = SelectField(_l("Sessie"), coerce=int, validate_choice=False, choices=[])
    # A honeypot: hidden from people by CSS; bots fill it in.
    website = StringField(_l("Laat dit veld leeg"), validators=[Optional()])

    def validate_who(self, field) -> None:
        if field.data == "self" and any(_filled(e.form) for e in self.children.entries):
            raise ValidationError(_l("Je vulde gegevens van een kind in: kies 'Mijn "
                                     "kind(eren)' of maak die velden leeg."))

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


def _question_field(question: RegistrationQuestion):
    validators = [DataRequired(_l("Deze vraag is verplicht."))] if question.required else [
        Optional()]
    if question.kind == QuestionKind.CHECKBOX:
        return BooleanField(question.text, validators=validators)
    if question.kind == QuestionKind.CHOICE:
        return SelectField(question.text, validators=validators,
                           choices=[SelectChoice("", _l("— kies —"))]
                           + [SelectChoice(c, c) for c in question.choices])
    return TextAreaField(question.text, validators=[*validators, Length(max=2000)])


def session_label(event: Event, session: EventSession, left: int | None) -> str:
    text = format_range(session.starts_at, session.ends_at, current_language())
    if left is None:
        return text
    if left > 0:
        return f"{text} ({_l('nog %(n)s plaatsen', n=left)})"
    full = _l("volzet, wachtlijst") if event.waitlist_enabled else _l("volzet")
    return f"{text} ({full})"


def form_for(event: Event, questions: list[RegistrationQuestion],
             seats_left=lambda session: None) -> RegistrationForm:
    """The form of one event: its own questions, and its sessions in open-sessions mode."""
    fields = {f"q{q.id}": _question_field(q) for q in questions}
    form_class = type("EventRegistrationForm", (RegistrationForm,), fields)
    form = form_class()
    form.questions = [form[f"q{q.id}"] for q in questions]
    if event.registration_mode == RegistrationMode.SESSIONS:
        form.session_id.choices = [
            SelectChoice(s.id, session_label(event, s, seats_left(s)))
            for s in rules.scheduled_sessions(event)
        ]
    if rules.for_minors(event) and (event.age_max or 0) < rules.DIGITAL_CONSENT_AGE:
        form.who.data = "children"
    return form


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


def submission(form: RegistrationForm, event: Event) -> rules.Submission:
    children, child_forms = [], []
    if form.who.data == "children":
        child_forms = [e.form for e in form.children.entries if _filled(e.form)]
        children = [rules.Child(c.first_name.data.strip(), c.last_name.data.strip(),
                                c.birth_date.data) for c in child_forms]
    helix = form.participant_helix.data or None
    return rules.Submission(
        contact_name=form.contact_name.data, contact_email=form.contact_email.data,
        contact_phone=form.contact_phone.data or "", children=children,
        birth_date=form.birth_date.data if not children else None,
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
        reach=answers_of(form, child_forms),
    )
