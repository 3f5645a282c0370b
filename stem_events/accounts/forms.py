import phonenumbers
from flask_babel import lazy_gettext as _l
from stdnum.be import vat
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from stem_events.forms import Form, options
from stem_events.reference.models import HELIX_LABELS

from .models import MemberRole

# A plain shape check (the e-mail_validator package is not a dependency); the mailed link
# proves the address.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def Email(message):  # noqa: N802  (reads like the WTForms validator it replaces)
    return Regexp(EMAIL_SHAPE, message=message)


def is_phone_number(value: str) -> bool:
    """A possible phone number; Belgian when it has no country code (0470 12 34 56)."""
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


def Phone(message):  # noqa: N802  (reads like a WTForms validator)
    def check(form, field) -> None:
        if field.data and not is_phone_number(field.data):
            raise ValidationError(message)
    return check


def international_phone(value: str | None) -> str | None:
    """A valid number in international form (+32 9 123 45 67); anything else unchanged, for
    the validator to refuse."""
    try:
        number = phonenumbers.parse(value or "", "BE")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _valid_phone(form, field) -> None:
    if field.data and not field.data.startswith("+"):  # the filter formats valid numbers
        raise ValidationError(_l("Dit is geen geldig telefoonnummer (bv. 09 210 10 10 of "
                                 "+32 470 12 34 56)."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def public_email_field(label, description=None) -> EmailField:
    """An optional public e-mail address (a contact participants may write to)."""
    return EmailField(label, description=description, filters=[_strip], validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])


def public_phone_field(label, description=None) -> StringField:
    """An optional public phone number, stored in international form (+32 …)."""
    return StringField(label, description=description,
                       filters=[_strip, international_phone],
                       validators=[Optional(), Length(max=40), _valid_phone])


def _email(label=None):
    return EmailField(
        label or _l("E-mailadres"),
        validators=[DataRequired(_l("Vul je e-mailadres in.")),
                    Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)],
    )


def _new_password(label=None):
    return PasswordField(
        label or _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), Length(max=200)],
        description=_l("Minstens 10 tekens; een korte zin is sterk en makkelijk te onthouden."),
    )


def _repeat():
    return PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[DataRequired(_l("Herhaal het wachtwoord.")),
                    EqualTo("password", _l("De twee wachtwoorden verschillen."))],
    )


class LoginForm(Form):
    email = _email()
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in.")), Length(max=200)]
    )
    remember = BooleanField(_l("Aangemeld blijven"))


class ForgotPasswordForm(Form):
    email = _email()


class ResetPasswordForm(Form):
    password = _new_password()
    confirm = _repeat()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Huidig wachtwoord"),
                            validators=[DataRequired(_l("Vul je huidige wachtwoord in."))])
    password = _new_password()
    confirm = _repeat()


class ChangeEmailForm(Form):
    new_email = _email(_l("Nieuw e-mailadres"))
    current = PasswordField(_l("Huidig wachtwoord"),
                            validators=[DataRequired(_l("Vul je huidige wachtwoord in."))])


class AcceptInvitationForm(Form):
    display_name = StringField(_l("Je naam"), validators=[
        DataRequired(_l("Vul je naam in.")), Length(max=120)])
    password = _new_password(_l("Wachtwoord"))
    confirm = _repeat()


class InviteForm(Form):
    email = _email()
    role = SelectField(_l("Rol"), choices=options((r.value, r.label) for r in MemberRole),
                       default=MemberRole.EDITOR.value)


def validate_kbo(form, field):
    if field.data and not vat.is_valid(field.data):
        raise ValidationError(_l("Dit ondernemingsnummer klopt niet (10 cijfers, bv. "
                                 "0403.170.701; de controlecijfers kloppen niet)."))


class OrganisationForm(Form):
    """What an organisation's owner keeps up to date (the helix pillar and KBO number are
    checked by coordinators and stay as approved)."""

    name = StringField(_l("Naam van de organisatie"), validators=[
        DataRequired(_l("Vul de naam van de organisatie in.")), Length(max=200)])
    municipality = StringField(_l("Gemeente (naam of postcode)"), validators=[
        DataRequired(_l("Vul de gemeente of de postcode in.")), Length(max=80)])
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Dit is geen geldig webadres (begin met https://).")),
        Length(max=300)])
    description = TextAreaField(_l("Over de organisatie"), validators=[Length(max=5000)])
    contact_name = StringField(_l("Contactpersoon"), validators=[
        DataRequired(_l("Vul de naam van de contactpersoon in.")), Length(max=120)])
    contact_email = EmailField(_l("E-mailadres van de contactpersoon"), validators=[
        DataRequired(_l("Vul een e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    contact_phone = StringField(_l("Telefoon (optioneel)"),
                                validators=[Optional(), Length(max=40)])
    public_email = public_email_field(
        _l("Publiek e-mailadres voor vragen"),
        _l("Staat op de pagina's van de organisatie en haar activiteiten en in elke e-mail "
           "aan deelnemers, ook voor vragen over toegankelijkheid. Gebruik liefst een "
           "algemeen adres (bv. info@…), geen persoonlijk."))
    public_phone = public_phone_field(_l("Publiek telefoonnummer voor vragen"))


class OrganisationRequestForm(Form):
    name = StringField(_l("Naam van de organisatie"), validators=[
        DataRequired(_l("Vul de naam van de organisatie in.")), Length(max=200)])
    helix = SelectField(_l("Soort organisatie (helix)"),
                        choices=options((k.value, v) for k, v in HELIX_LABELS.items()))
    municipality = StringField(_l("Gemeente (naam of postcode)"), validators=[
        DataRequired(_l("Vul de gemeente of de postcode in.")), Length(max=80)])
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Dit is geen geldig webadres (begin met https://).")),
        Length(max=300)])
    kbo_number = StringField(_l("Ondernemingsnummer (KBO, optioneel)"),
                             validators=[Optional(), Length(max=20), validate_kbo])
    contact_name = StringField(_l("Contactpersoon"), validators=[
        DataRequired(_l("Vul de naam van de contactpersoon in.")), Length(max=120)])
    contact_phone = StringField(_l("Telefoon (optioneel)"),
                                validators=[Optional(), Length(max=40)])
    email = _email(_l("E-mailadres (ook je login)"))
    password = _new_password(_l("Wachtwoord"))
    confirm = _repeat()
