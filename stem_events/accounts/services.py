"""Account rules: users, credentials, password resets, e-mail changes, organisation requests,
invitations and memberships. The unit of work commits; every failure is a DomainError in Dutch."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from stdnum.be import vat
from stdnum.exceptions import ValidationError

from stem_events.date_time import now_utc
from stem_events.errors import DomainError, FieldError, Forbidden, InvalidInput, NotFound
from stem_events.extensions import db
from stem_events.links import absolute
from stem_events.mail.notify import notify
from stem_events.reference.models import HelixPillar

from . import policies, tokens
from .models import Invitation, MemberRole, Membership, Organisation, Role, User, new_nonce
from .passwords import check_unknown_account, hash_password, validate_password

INVITATION_DAYS = 7


class InvalidLink(DomainError):
    """A mailed link that is forged, expired or used."""

    status = 400
    code = "invalid_link"

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Deze link is ongeldig, verlopen of al gebruikt. "
                                      "Vraag een nieuwe aan."))


def _link(endpoint: str, **values) -> str:
    path = url_for(endpoint, **values)
    return absolute(path)


def find_user_by_email(email: str) -> User | None:
    normalised = User.normalise_email(email)
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == normalised))


def _check_email(email: str) -> str:
    email = User.normalise_email(email)
    if "@" not in email or "." not in email.rsplit("@", 1)[-1] or len(email) > 254:
        raise InvalidInput(_("'%(email)s' is geen geldig e-mailadres.", email=email))
    return email


def create_user(
    email: str,
    password: str,
    role: Role = Role.ORGANISER,
    display_name: str | None = None,
    organisation_id: int | None = None,
) -> User:
    """Create a user (in the caller's unit of work). Raises InvalidInput with a Dutch sentence."""
    email = _check_email(email)
    if find_user_by_email(email):
        raise InvalidInput(_("Er bestaat al een account met het e-mailadres %(email)s.",
                             email=email))
    validate_password(password, email)
    user = User(email=email, display_name=display_name or email.split("@")[0], role=role)
    user.set_password(password)
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            raise InvalidInput(_("Organisatie %(organisation_id)s bestaat niet.",
                                 organisation_id=organisation_id))
        user.memberships.append(Membership(organisation=organisation, role=MemberRole.OWNER))
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        check_unknown_account(password)
        return None
    if not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = now_utc()
    return user


# --- password reset and changes -------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """Mail a reset link when the address has an active account, else a note that it has
    none: the same work (compose, queue, deliver) either way, so neither the page nor the time
    it takes tells a stranger whether an address has an account."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        notify(User.normalise_email(email), _("Je wachtwoord opnieuw instellen"),
               _("Iemand (hopelijk jij) vroeg om het wachtwoord voor dit e-mailadres op de "
                 "STEM-agenda opnieuw in te stellen, maar er is geen account met dit adres. "
                 "Gebruik je een ander adres? Vraag het dan daarmee opnieuw aan: %(link)s\n\n"
                 "Vroeg je dit niet? Dan hoef je niets te doen.",
                 link=_link("accounts.forgot_password")))
        return
    token = tokens.make_token("reset", {"u": user.id, "n": user.token_nonce})
    link = _link("accounts.reset_password", token=token)
    notify(user.email, _("Je wachtwoord opnieuw instellen"),
           _("Iemand (hopelijk jij) vroeg om je wachtwoord voor de "
             "STEM-agenda opnieuw in te stellen. Dat kan binnen het uur "
             "via deze link, één keer:\n\n%(link)s\n\nVroeg je dit niet? "
             "Dan hoef je niets te doen.", link=link))


def user_for_reset(token: str) -> User:
    payload = tokens.read_token("reset", token, tokens.RESET_MAX_AGE)
    user = db.session.get(User, payload.get("u")) if payload else None
    if user is None or not user.active or payload.get("n") != user.token_nonce:
        raise InvalidLink()
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset(token)
    validate_password(password, user.email)
    user.set_password(password)  # a new nonce: this link and every other session end here
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise FieldError("current", _("Je huidige wachtwoord klopt niet."))
    validate_password(new, user.email)
    user.set_password(new)


def request_email_change(user: User, password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address; the change happens when it is used."""
    if not user.check_password(password):
        raise FieldError("current", _("Je huidige wachtwoord klopt niet."))
    new_email = _check_email(new_email)
    token = tokens.make_token("email", {"u": user.id, "n": user.token_nonce, "e": new_email})
    notify(new_email, _("Bevestig je nieuwe e-mailadres"),
           _("Bevestig binnen 24 uur dat je dit adres wilt gebruiken voor "
             "de STEM-agenda:\n\n%(link)s", link=_link('accounts.confirm_email', token=token)))


def confirm_email_change(token: str) -> User:
    payload = tokens.read_token("email", token, tokens.EMAIL_MAX_AGE)
    user = db.session.get(User, payload.get("u")) if payload else None
    if user is None or payload.get("n") != user.token_nonce:
        raise InvalidLink()
    new_email = payload["e"]
    other = find_user_by_email(new_email)
    if other is not None and other.id != user.id:
        raise InvalidLink(_("Dit e-mailadres kan niet gebruikt worden. Kies een ander "
                            "adres."))
    old = user.email
    user.email = new_email
    user.token_nonce = new_nonce()
    user.end_sessions()
    notify(old, _("Je e-mailadres is gewijzigd"),
           _("Je account bij de STEM-agenda gebruikt voortaan "
             "%(new_email)s. Was jij dit niet? Neem dan meteen contact op "
             "met de coördinatoren.", new_email=new_email))
    return user


# --- organisations ---------------------------------------------------------------------------

def request_organisation(data: dict, requester: User | None) -> Organisation | None:
    """A new organisation asks for an account. Without a signed-in requester a new user is made
    from data['email'], data['password']; an address that already has an account gets a mail
    instead (the page answers the same either way). Returns the organisation, or None."""
    if requester is None:
        email = _check_email(data["email"])
        validate_password(data["password"], email)
        if find_user_by_email(email):
            hash_password(data["password"])  # same time either way
            notify(email, _("Je aanvraag voor een organisatie"),
                   _("Er is al een account met dit e-mailadres. Meld je aan en "
                     "vraag de organisatie aan vanuit je account: %(link)s",
                     link=_link('accounts.login')))
            return None
        requester = User(email=email, display_name=data["contact_name"], role=Role.ORGANISER)
        requester.set_password(data["password"])
        db.session.add(requester)
    organisation = Organisation(
        name=data["name"], helix=HelixPillar(data["helix"]),
        municipality_nis=data["municipality_nis"], website=data.get("website") or None,
        kbo_number=data.get("kbo_number") or None, contact_name=data["contact_name"],
        contact_email=requester.email, contact_phone=data.get("contact_phone") or "",
        approved=False,
    )
    requester.memberships.append(Membership(organisation=organisation, role=MemberRole.OWNER))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def review_organisation(organisation: Organisation, approve: bool, reason: str = "") -> None:
    if approve:
        organisation.approved, organisation.rejection_reason = True, ""
        subject = _("Je organisatie %(name)s is goedgekeurd", name=organisation.name)
        text = (_("Je kunt nu activiteiten toevoegen op de STEM-agenda: "
                  "%(link)s", link=_link('manage.index')))
    else:
        if not reason.strip():
            raise InvalidInput(_("Geef een reden voor de afwijzing; ze wordt gemaild."))
        organisation.approved, organisation.rejection_reason = False, reason.strip()
        subject = _("Je aanvraag voor %(name)s is afgewezen", name=organisation.name)
        text = _("De coördinatoren wezen je aanvraag af met deze "
                 "reden:\n\n%(reason)s", reason=reason.strip())
    organisation.reviewed_at = now_utc()
    for membership in organisation.memberships:
        notify(membership.user.email, subject, text)


# --- invitations -----------------------------------------------------------------------------

def compact_kbo(number: str | None) -> str | None:
    """'0403.170.701' → '0403170701' (python-stdnum); None when empty."""
    if not number:
        return None
    try:
        return vat.validate(number)
    except ValidationError:
        raise FieldError("kbo_number", _("Dit ondernemingsnummer klopt niet.")) from None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(inviter: User, organisation: Organisation, email: str, role: MemberRole) -> None:
    policies.require(policies.can_invite(inviter, organisation))
    email = _check_email(email)
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(
        organisation=organisation, email=email, role=role, token_hash=_hash(token),
        invited_by_id=inviter.id, expires_at=now_utc() + timedelta(days=INVITATION_DAYS),
    ))
    notify(email, _("Uitnodiging voor %(name)s op de STEM-agenda", name=organisation.name),
           _("%(inviter)s nodigt je uit om mee activiteiten van %(name)s te beheren. De link "
             "werkt %(days)s dagen, één keer:\n\n%(link)s", inviter=inviter.display_name,
             name=organisation.name, days=INVITATION_DAYS,
             link=_link("accounts.accept_invitation", token=token)))


def open_invitation(token: str) -> Invitation:
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == _hash(token))
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at < now_utc():
        raise InvalidLink()
    return invitation


def require_invitee(invitation: Invitation, user: User) -> None:
    """Only the invited address may use the link, whoever else holds it."""
    if User.normalise_email(user.email) != User.normalise_email(invitation.email):
        raise Forbidden(_("Deze uitnodiging is voor %(email)s. Meld je af en meld je aan met "
                          "dat adres, of vraag een uitnodiging voor je eigen adres.",
                          email=invitation.email))


def accept_invitation(token: str, user: User | None, display_name: str = "",
                      password: str = "") -> User:
    """Join the organisation: as the signed-in user with the invited address, or as a new
    account for that address. Idempotent for an existing membership."""
    invitation = open_invitation(token)
    if user is not None:
        require_invitee(invitation, user)
    else:
        if find_user_by_email(invitation.email):
            raise FieldError("password", _("Meld je eerst aan om de uitnodiging te aanvaarden."))
        validate_password(password, invitation.email)
        user = User(email=invitation.email, display_name=display_name or invitation.email,
                    role=Role.ORGANISER)
        user.set_password(password)
        db.session.add(user)
    if policies.member_role(user, invitation.organisation_id) is None:
        user.memberships.append(
            Membership(organisation_id=invitation.organisation_id, role=invitation.role)
        )
    invitation.accepted_at = now_utc()
    return user


ORGANISATION_FIELDS = ("name", "municipality_nis", "website", "description", "contact_name",
                       "contact_email", "contact_phone", "public_email", "public_phone")


def update_organisation(actor: User, organisation: Organisation, data: dict) -> dict:
    """Owners and coordinators keep the organisation's details current; returns the diff."""
    policies.require(policies.can_invite(actor, organisation))
    changes = {}
    for name in ORGANISATION_FIELDS:
        value = data.get(name) or (None if name in ("website", "municipality_nis") else "")
        if getattr(organisation, name) != value:
            changes[name] = [getattr(organisation, name), value]
            setattr(organisation, name, value)
    return changes


def _membership(organisation: Organisation, user_id: int) -> Membership:
    membership = next((m for m in organisation.memberships if m.user_id == user_id), None)
    if membership is None:
        raise NotFound(_("Deze persoon is geen lid van deze organisatie."))
    return membership


def _keep_an_owner(organisation: Organisation, leaving: Membership) -> None:
    owners = [m for m in organisation.memberships
              if m.role == MemberRole.OWNER and m is not leaving]
    if leaving.role == MemberRole.OWNER and not owners:
        raise InvalidInput(_("Een organisatie heeft minstens één eigenaar: maak eerst iemand "
                             "anders eigenaar."))


def set_member_role(actor: User, organisation: Organisation, user_id: int,
                    role: MemberRole) -> Membership:
    """Owners (and coordinators) make a member owner or editor; one owner always remains."""
    policies.require(policies.can_invite(actor, organisation))
    membership = _membership(organisation, user_id)
    if role != MemberRole.OWNER:
        _keep_an_owner(organisation, membership)
    membership.role = role
    return membership


def remove_member(actor: User, organisation: Organisation, user_id: int) -> None:
    """Owners (and coordinators) remove a member, e.g. a colleague who left."""
    policies.require(policies.can_invite(actor, organisation))
    membership = _membership(organisation, user_id)
    _keep_an_owner(organisation, membership)
    organisation.memberships.remove(membership)


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Deze organisatie bestaat niet."))
    return organisation


def pending_organisations() -> list[Organisation]:
    """Requests for an organisation nobody has decided on yet, oldest first."""
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(False),
                                      Organisation.reviewed_at.is_(None))
        .order_by(Organisation.created_at)))
