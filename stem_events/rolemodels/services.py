"""Organisers propose role models and link them to their events; coordinators approve or
reject the profiles the person consented to and link them to network moments, programme items
and initiatives. Services flush, never commit (the request's unit of work does)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.audit import services as audit
from stem_events.database import MAX_ID
from stem_events.date_time import now_utc
from stem_events.editions.models import Edition, ProgrammeItem
from stem_events.errors import FieldError, NotFound
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.links import absolute_link
from stem_events.mail.notify import notify
from stem_events.media.storage import release_file, store_image
from stem_events.reference.models import Theme
from stem_events.rolemodels import audit_log, consent
from stem_events.rolemodels.models import PHOTOS, RoleModel, RoleModelStatus
from stem_events.workflow import require_status

#: Events an organiser may link: not rejected, not over.
LINKABLE_STATUSES = (EventStatus.DRAFT, EventStatus.IN_REVIEW, EventStatus.PUBLISHED,
                     EventStatus.POSTPONED)


@dataclass
class ProposalInput:
    organisation_id: int | None
    name: str
    job: str
    email: str
    employer: str = ""
    employer_organisation_id: int | None = None
    story: str = ""
    theme_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    photo: bytes | None = None


def proposing_organisations(user: User) -> list[Organisation]:
    """The organisations the user may propose role models for."""
    return policies.creatable_organisations(user)


def employer_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).where(
        Organisation.approved.is_(True)).order_by(Organisation.name)))


def linkable_events(organisation_ids: list[int]) -> list[Event]:
    """Events of these organisations that are still to come and not rejected."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        sa.select(Event).where(Event.organisation_id.in_(organisation_ids),
                               Event.status.in_(LINKABLE_STATUSES),
                               sa.or_(Event.last_end.is_(None), Event.last_end > now_utc()))
        .order_by(Event.first_start, Event.id)))


def _checked_ids(ids: list[int], allowed: set[int], name: str, message: str) -> list[int]:
    if any(i not in allowed for i in ids):
        raise FieldError(name, message)
    return list(dict.fromkeys(ids))


def propose(user: User, data: ProposalInput) -> RoleModel:
    """A new proposal: the person gets a mail with a signed link to confirm (or refuse) it.
    Nothing is public until they consent and a coordinator approves."""
    organisations = {o.id: o for o in proposing_organisations(user)}
    if data.organisation_id not in organisations:
        raise FieldError("organisation_id", _("Kies een van je organisaties."))
    employer_id = data.employer_organisation_id
    if employer_id is not None and employer_id not in {o.id for o in employer_organisations()}:
        raise FieldError("employer_organisation_id", _("Kies een organisatie uit de lijst."))
    if not data.employer.strip() and employer_id is None:
        raise FieldError("employer", _("Vul de werkgever in, of kies een organisatie."))
    themes = _themes(data.theme_ids)
    events = _own_events(data.event_ids, [data.organisation_id])
    role_model = RoleModel(
        organisation_id=data.organisation_id, proposed_by_id=user.id, name=data.name.strip(),
        job=data.job.strip(), employer=data.employer.strip(),
        employer_organisation_id=employer_id, story=data.story.strip(),
        email=data.email.strip(), themes=themes, events=events,
        confirm_nonce=secrets.token_urlsafe(16), withdraw_nonce=secrets.token_urlsafe(16))
    if data.photo:
        role_model.photo = _stored_photo(data.photo)
    db.session.add(role_model)
    db.session.flush()
    _mail_person(role_model, organisations[data.organisation_id])
    return role_model


def _stored_photo(data: bytes) -> str:
    try:
        return store_image(data, PHOTOS)  # re-encoded, resized, metadata stripped
    except FieldError as error:
        raise FieldError("photo", error.message) from None


def _themes(theme_ids: list[int]) -> list[Theme]:
    themes = list(db.session.scalars(sa.select(Theme).where(Theme.id.in_(theme_ids))))
    if len(themes) != len(set(theme_ids)):
        raise FieldError("themes", _("Kies thema's uit de lijst."))
    return themes


def _own_events(event_ids: list[int], organisation_ids: list[int]) -> list[Event]:
    allowed = {e.id: e for e in linkable_events(organisation_ids)}
    ids = _checked_ids(event_ids, set(allowed), "events",
                       _("Kies activiteiten van je eigen organisatie uit de lijst."))
    return [allowed[i] for i in ids]


def _mail_person(role_model: RoleModel, organisation: Organisation) -> None:
    text = _(
        "Dag %(name)s,\n\n%(organisation)s stelt je voor als rolmodel op de STEM-agenda van "
        "Vlaanderen: een korte voorstelling van jou en je werk, zodat jongeren zich in je "
        "kunnen herkennen.\n\nNiets wordt getoond zonder jouw toestemming. Bekijk het voorstel, "
        "vul het aan in je eigen woorden en geef (of weiger) je toestemming, apart voor je "
        "profiel, je foto en hoe je jezelf beschrijft:\n%(confirm)s\n\nWil je niet meedoen, of "
        "later je toestemming intrekken? Met deze link verdwijnt je profiel meteen overal:\n"
        "%(withdraw)s\n\nBewaar deze mail: de link om in te trekken blijft werken.",
        name=role_model.name, organisation=organisation.name,
        confirm=absolute_link("rolemodels.confirm", token=consent.confirm_token(role_model)),
        withdraw=absolute_link("rolemodels.withdraw", token=consent.withdraw_token(role_model)))
    notify(role_model.email, _("Word je rolmodel op de STEM-agenda?"), text)


# ------------------------------------------------------------------------ organisers' lists
def _scope(user: User):
    query = sa.select(RoleModel).where(RoleModel.status != RoleModelStatus.WITHDRAWN)
    if not policies.is_coordinator(user):
        query = query.where(RoleModel.organisation_id.in_(
            [m.organisation_id for m in user.memberships]))
    return query


def role_models_for(user: User) -> list[RoleModel]:
    """The role models the user's organisations proposed (all of them for coordinators)."""
    return list(db.session.scalars(_scope(user).order_by(RoleModel.name, RoleModel.id)
                                   .options(selectinload(RoleModel.events))))


def managed_role_model(user: User, role_model_id: int) -> RoleModel:
    """404 when it does not exist (or was withdrawn), 403 when it is not the user's."""
    found = db.session.get(RoleModel, role_model_id) if 0 < role_model_id <= MAX_ID else None
    if found is None or found.status == RoleModelStatus.WITHDRAWN:
        raise NotFound(_("Dit rolmodel bestaat niet (meer)."))
    policies.require(policies.is_coordinator(user) or policies.member_role(
        user, found.organisation_id) is not None,
        _("Dit rolmodel werd niet door een van je organisaties voorgesteld."))
    return found


def set_own_events(user: User, role_model: RoleModel, event_ids: list[int]) -> None:
    """An organiser links the role model to their organisation's events (others' links stay)."""
    own = [m.organisation_id for m in user.memberships] if not policies.is_coordinator(user) \
        else [role_model.organisation_id]
    chosen = _own_events(event_ids, own)
    role_model.events = [e for e in role_model.events if e.organisation_id not in own] + chosen
    db.session.flush()


# ------------------------------------------------------------------------------ coordinators
def awaiting_approval() -> list[RoleModel]:
    return list(db.session.scalars(
        sa.select(RoleModel).where(RoleModel.status == RoleModelStatus.CONFIRMED)
        .order_by(RoleModel.updated_at)))


def approve(user: User, role_model: RoleModel) -> None:
    policies.require(policies.can_moderate(user))
    require_status(role_model, RoleModelStatus.CONFIRMED,
                   message=_("Dit rolmodel wacht niet op goedkeuring."))
    role_model.status = RoleModelStatus.APPROVED
    role_model.approved_at = now_utc()
    role_model.status_reason = ""
    audit_log.log(user, "role_model_approved", role_model)
    db.session.flush()


def reject(user: User, role_model: RoleModel, reason: str) -> None:
    policies.require(policies.can_moderate(user))
    require_status(role_model, RoleModelStatus.CONFIRMED, RoleModelStatus.APPROVED,
                   message=_("Dit rolmodel wacht niet op goedkeuring."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden."))
    # The reason stays on the profile, not in the log (it may say something about the person).
    audit_log.log(user, "role_model_offline" if role_model.status == RoleModelStatus.APPROVED
                  else "role_model_rejected", role_model)
    role_model.status = RoleModelStatus.REJECTED
    role_model.status_reason = reason.strip()
    db.session.flush()


def link_choices() -> dict[str, list[tuple[int, str]]]:
    """What a coordinator may link a role model to: events still to come (network moments
    among them), programme items of every edition, published initiatives."""
    events = db.session.scalars(
        sa.select(Event).where(Event.status.in_(LINKABLE_STATUSES),
                               sa.or_(Event.last_end.is_(None), Event.last_end > now_utc()))
        .order_by(Event.first_start, Event.id))
    items = db.session.execute(
        sa.select(ProgrammeItem, Edition.year).join(Edition, Edition.id == ProgrammeItem.edition_id)
        .order_by(Edition.year.desc(), ProgrammeItem.starts_at))
    initiatives = db.session.scalars(
        sa.select(Initiative).where(Initiative.status == InitiativeStatus.PUBLISHED)
        .order_by(Initiative.name))
    return {
        "events": [(e.id, f"{e.title} ({e.kind.label})") for e in events],
        "programme_items": [(i.id, f"{year}: {i.title}") for i, year in items],
        "initiatives": [(i.id, i.name) for i in initiatives],
    }


def set_links(user: User, role_model: RoleModel, event_ids: list[int],
              programme_item_ids: list[int], initiative_ids: list[int]) -> None:
    """A coordinator's links; past events already linked stay linked."""
    policies.require(policies.can_moderate(user))
    choices = link_choices()
    message = _("Kies uit de lijst.")
    events = _checked_ids(event_ids, {i for i, _ in choices["events"]}, "events", message)
    items = _checked_ids(programme_item_ids, {i for i, _ in choices["programme_items"]},
                         "programme_items", message)
    initiatives = _checked_ids(initiative_ids, {i for i, _ in choices["initiatives"]},
                               "initiatives", message)
    before = audit_log.links(role_model)
    linkable = {i for i, _ in choices["events"]}
    kept = [e for e in role_model.events if e.id not in linkable]
    role_model.events = kept + [db.session.get(Event, i) for i in events]
    role_model.programme_items = [db.session.get(ProgrammeItem, i) for i in items]
    role_model.initiatives = [db.session.get(Initiative, i) for i in initiatives]
    changes = audit.diff(before, audit_log.links(role_model))
    if changes:
        audit_log.log(user, "role_model_links", role_model, changes)
    db.session.flush()


def remove_photo(role_model: RoleModel) -> None:
    if role_model.photo:
        release_file(PHOTOS, role_model.photo)
        role_model.photo = ""
