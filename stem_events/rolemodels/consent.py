"""The person's own, provable consent, through signed links mailed to them: confirm a proposal
(separately for the profile, the photo and the self-description; 16 or older, or else with a
parent's or guardian's consent) and withdraw it at any time, which removes the profile at once.

A link is signed with the app's secret and carries a random nonce stored on the profile, so
it cannot be guessed; using it clears the nonce, so it works once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from stem_events.accounts.tokens import make_token, read_token
from stem_events.database import MAX_ID
from stem_events.date_time import now_utc, today_local
from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db
from stem_events.links import absolute_link
from stem_events.mail.notify import notify
from stem_events.media.storage import release_file
from stem_events.rolemodels import audit_log, signals
from stem_events.rolemodels.models import (
    MINIMUM_AGE,
    PHOTOS,
    ConsentGiver,
    ConsentSubject,
    RoleModel,
    RoleModelConsent,
    RoleModelStatus,
)

CONFIRM = "role-model-confirm"
WITHDRAW = "role-model-withdraw"
CONFIRM_MAX_AGE = 60 * 24 * 3600  # two months to answer a proposal
WITHDRAW_MAX_AGE = 100 * 365 * 24 * 3600  # withdrawing never expires


class LinkNotValid(DomainError):
    """A consent or withdrawal link that was used already, expired, or was never ours."""

    status = 410
    code = "gone"

    def __init__(self):
        super().__init__(_("Deze link is niet (meer) geldig: hij werd al gebruikt, is verlopen "
                           "of onvolledig. Vraag zo nodig een nieuwe link aan de organisatie "
                           "die je voorstelde."))


def confirm_token(role_model: RoleModel) -> str:
    return make_token(CONFIRM, {"id": role_model.id, "n": role_model.confirm_nonce})


def withdraw_token(role_model: RoleModel) -> str:
    return make_token(WITHDRAW, {"id": role_model.id, "n": role_model.withdraw_nonce})


def _from_token(purpose: str, token: str, max_age: int, nonce: str) -> RoleModel:
    payload = read_token(purpose, token, max_age) or {}
    role_model_id, given = payload.get("id"), payload.get("n")
    found = db.session.get(RoleModel, role_model_id) \
        if isinstance(role_model_id, int) and 0 < role_model_id <= MAX_ID else None
    if found is None or not given or not isinstance(given, str) or \
            given != getattr(found, nonce):
        raise LinkNotValid()
    return found


def role_model_to_confirm(token: str) -> RoleModel:
    """The proposal behind a confirmation link that was not used yet."""
    found = _from_token(CONFIRM, token, CONFIRM_MAX_AGE, "confirm_nonce")
    if found.status != RoleModelStatus.PROPOSED:
        raise LinkNotValid()
    return found


def role_model_to_withdraw(token: str) -> RoleModel:
    """The profile behind a withdrawal link that was not used yet."""
    found = _from_token(WITHDRAW, token, WITHDRAW_MAX_AGE, "withdraw_nonce")
    if found.status == RoleModelStatus.WITHDRAWN:
        raise LinkNotValid()
    return found


@dataclass
class ConsentInput:
    story: str
    self_description: str
    birth_date: date | None
    profile: bool
    photo: bool
    self_description_shown: bool
    guardian_name: str = ""
    guardian_consent: bool = False


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _giver(role_model: RoleModel, data: ConsentInput) -> tuple[ConsentGiver, str]:
    """Who consents: the person from 16, else a parent or guardian, by name."""
    today = today_local()
    if data.birth_date is None:
        raise FieldError("birth_date", _("Vul je geboortedatum in."))
    if data.birth_date > today or age_on(data.birth_date, today) > 120:
        raise FieldError("birth_date", _("Deze geboortedatum kan niet kloppen."))
    if age_on(data.birth_date, today) >= MINIMUM_AGE:
        return ConsentGiver.SELF, role_model.name
    if not data.guardian_name.strip():
        raise FieldError("guardian_name", _(
            "Je bent jonger dan 16: vul de naam in van je ouder of voogd, die mee toestemming "
            "geeft."))
    if not data.guardian_consent:
        raise FieldError("guardian_consent", _(
            "Je bent jonger dan 16: je ouder of voogd moet mee toestemming geven."))
    return ConsentGiver.GUARDIAN, data.guardian_name.strip()


def confirm(role_model: RoleModel, data: ConsentInput) -> None:
    """Record the consents given (each on its own, with who and when), keep the story and the
    self-description in the person's own words, and hand the profile to the coordinators. A
    photo or self-description without consent is not kept."""
    if not data.profile:
        raise FieldError("profile_consent", _(
            "Zonder toestemming voor je profiel kunnen we het niet tonen. Wil je niet meedoen? "
            "Gebruik dan de link om te weigeren."))
    if data.self_description.strip() and not data.self_description_shown:
        raise FieldError("self_description_consent", _(
            "Geef toestemming om te tonen hoe je jezelf beschrijft, of laat dat veld leeg."))
    giver, name = _giver(role_model, data)
    subjects = [ConsentSubject.PROFILE]
    if data.photo and role_model.photo:
        subjects.append(ConsentSubject.PHOTO)
    elif role_model.photo:
        release_file(PHOTOS, role_model.photo)
        role_model.photo = ""
    role_model.story = data.story.strip()
    role_model.self_description = data.self_description.strip()
    if role_model.self_description:
        subjects.append(ConsentSubject.SELF_DESCRIPTION)
    now = now_utc()
    role_model.consents = [RoleModelConsent(subject=s, given_by=giver, given_by_name=name,
                                            given_at=now) for s in subjects]
    role_model.status = RoleModelStatus.CONFIRMED
    role_model.confirm_nonce = ""  # the link works once
    # Which consents, not who gave them (a guardian's name, the birth date stay out of the log).
    audit_log.log(None, "role_model_consent", role_model,
                  {"consents": [None, [s.value for s in subjects]]})
    db.session.flush()
    notify(role_model.email, _("Bedankt: je toestemming is genoteerd"), _(
        "Dag %(name)s,\n\nBedankt! Een coördinator bekijkt je profiel nog voor het openbaar "
        "wordt.\n\nJe kunt je toestemming altijd intrekken; je profiel en je foto verdwijnen "
        "dan meteen overal:\n%(withdraw)s", name=role_model.name,
        withdraw=absolute_link("rolemodels.withdraw", token=withdraw_token(role_model))))


def withdraw(role_model: RoleModel) -> None:
    """Remove the profile at once, everywhere: its personal data, links and consents go, the
    stored photo is deleted when the transaction commits; the row stays as a tombstone (id,
    status, moment) so a reused link is recognised. The data version moves (triggers), so
    cached pages, API answers and feeds change too; `signals.withdrawn` lets other domains
    remove what they sent elsewhere."""
    event_ids = [e.id for e in role_model.events]
    audit_log.forget(role_model.id)
    audit_log.log(None, "role_model_withdrawn", role_model)
    if role_model.photo:
        release_file(PHOTOS, role_model.photo)
    with db.session.no_autoflush:  # one UPDATE once every field is blank
        role_model.status = RoleModelStatus.WITHDRAWN
        role_model.withdrawn_at = now_utc()
        for name in ("name", "job", "employer", "story", "self_description", "photo", "email",
                     "confirm_nonce", "withdraw_nonce", "status_reason"):
            setattr(role_model, name, "")
        role_model.employer_organisation_id = None
        role_model.proposed_by_id = None
        for links in ("themes", "events", "programme_items", "initiatives", "consents"):
            setattr(role_model, links, [])
    db.session.flush()
    signals.withdrawn.send(role_model.id, event_ids=event_ids)
