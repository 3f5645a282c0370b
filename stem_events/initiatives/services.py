"""Organisations maintain their own initiatives, moderated like events.

The rules of `/manage/initiatives` and of the coordinators' review: create (a draft), edit
(optimistic locking on `Initiative.version`; a published initiative stays published and
coordinators see what changed since the approval, as for events), submit (trusted
organisations and coordinators publish directly), approve or reject with a mailed reason,
take a published initiative offline (back to draft), delete a draft that nothing refers to.
Every step is written to the audit log. Views call one function here; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.audiences.models import Audience
from stem_events.audit import services as audit
from stem_events.database import MAX_ID, row_count
from stem_events.errors import FieldError, NotFound
from stem_events.events.models import slugify
from stem_events.extensions import db
from stem_events.hooks import answer
from stem_events.initiatives import signals
from stem_events.initiatives.models import (
    Initiative,
    InitiativeStatus,
    event_initiatives,
    initiative_organisations,
)
from stem_events.links import absolute_link
from stem_events.mail.notify import notify
from stem_events.reference.models import Goal, GoalLevel, Municipality, Theme
from stem_events.workflow import WrongStatus, claim_version, require_status

TEXT_FIELDS = ("name", "summary", "description", "audience", "website", "contact_email",
               "contact_phone")


def stale_message() -> str:
    return _("Iemand anders wijzigde dit initiatief terwijl jij het formulier invulde. Je "
             "wijzigingen zijn niet bewaard; herlaad de pagina, bekijk de nieuwe versie en pas "
             "ze opnieuw toe.")


@dataclass
class InitiativeInput:
    """What an organiser typed, as strings and lists of strings: the service checks it all."""

    name: str = ""
    summary: str = ""
    description: str = ""
    audience: str = ""
    age_min: int | None = None
    age_max: int | None = None
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    organisation_id: int | None = None
    co_organisation_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    goal_codes: list[str] = field(default_factory=list)
    municipality_nis: list[str] = field(default_factory=list)
    audience_ids: list[int] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------

def managed_initiative(user, initiative_id: int) -> Initiative:
    """An initiative the user may edit: 404 when it does not exist, 403 when it is not theirs."""
    found = db.session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("Dit initiatief bestaat niet."))
    policies.require(policies.can_edit_initiative(user, found),
                     _("Dit initiatief hoort niet bij een van je organisaties."))
    return found


def initiatives_for(user: User) -> dict[InitiativeStatus, list[Initiative]]:
    """The initiatives of the user's organisations (all of them for coordinators), by status."""
    query = sa.select(Initiative).options(selectinload(Initiative.organisations))
    if not policies.is_coordinator(user):
        ids = [m.organisation_id for m in user.memberships]
        query = query.where(Initiative.id.in_(
            sa.select(initiative_organisations.c.initiative_id)
            .where(initiative_organisations.c.organisation_id.in_(ids))))
    grouped: dict[InitiativeStatus, list[Initiative]] = {s: [] for s in InitiativeStatus}
    for initiative in db.session.scalars(query.order_by(Initiative.name, Initiative.id)):
        grouped[initiative.status].append(initiative)
    return grouped


def own_organisations(user: User, initiative: Initiative | None = None) -> list[Organisation]:
    """The organisations the user may name as the initiative's own: approved organisations
    they are a member of (every approved organisation for coordinators), and on an edit the
    initiative's organisations they belong to."""
    if policies.is_coordinator(user):
        found = list(db.session.scalars(sa.select(Organisation).where(
            Organisation.approved.is_(True)).order_by(Organisation.name)))
    else:
        found = policies.creatable_organisations(user)
    if initiative is not None:
        found += [o for o in initiative.organisations
                  if policies.member_role(user, o.id) is not None
                  or policies.is_coordinator(user)]
    return sorted({o.id: o for o in found}.values(), key=lambda o: o.name)


def partner_organisations(initiative: Initiative | None = None) -> list[Organisation]:
    """Organisations that may co-own an initiative: the approved ones (and those that already
    do)."""
    found = list(db.session.scalars(sa.select(Organisation).where(
        Organisation.approved.is_(True)).order_by(Organisation.name)))
    if initiative is not None:
        found += list(initiative.organisations)
    return sorted({o.id: o for o in found}.values(), key=lambda o: o.name)


def linkable_initiatives(user: User, organisation_ids: set[int | None],
                         event=None) -> list[Initiative]:
    """Published initiatives an event may present, chosen by its organisers: those of the
    organisation(s) and the event's co-organisers (coordinators: every published one)."""
    query = sa.select(Initiative).where(Initiative.status == InitiativeStatus.PUBLISHED)
    if not policies.is_coordinator(user):
        owners = set(organisation_ids) | {o.id for o in (event.co_organisations if event
                                                          else [])}
        query = query.where(Initiative.id.in_(
            sa.select(initiative_organisations.c.initiative_id)
            .where(initiative_organisations.c.organisation_id.in_(owners - {None}))))
    return list(db.session.scalars(query.order_by(Initiative.name, Initiative.id)))


def deletion_blockers(initiative: Initiative) -> list[str]:
    """Why an initiative cannot simply disappear: events present it, it has a pitch, a market
    stand or a nomination (asked of those domains). Empty when nothing refers to it."""
    reasons = []
    events = row_count(sa.select(event_initiatives.c.event_id)
                       .where(event_initiatives.c.initiative_id == initiative.id))
    if events:
        reasons.append(_("het wordt voorgesteld op %(n)s activiteit(en)", n=events))
    reasons += answer(signals.references, initiative)
    return reasons


# --- checking and copying --------------------------------------------------------------------

@dataclass
class _Resolved:
    organisations: list[Organisation]
    themes: list[Theme]
    goals: list[Goal]
    municipalities: list[Municipality]
    audiences: list[Audience] = field(default_factory=list)


def _resolve(user: User, data: InitiativeInput, initiative: Initiative | None) -> _Resolved:
    """Every check before anything changes; a FieldError names the field to fix."""
    if not data.name.strip():
        raise FieldError("name", _("Vul de naam van het initiatief in."))
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        raise FieldError("age_max", _("De maximumleeftijd is lager dan de minimumleeftijd."))
    if data.website and urlsplit(data.website).scheme not in ("http", "https"):
        raise FieldError("website", _("Een webadres begint met http:// of https://."))
    own = {o.id: o for o in own_organisations(user, initiative)}
    if data.organisation_id not in own:
        raise FieldError("organisation_id", _("Kies een van je eigen organisaties."))
    partners = {o.id: o for o in partner_organisations(initiative)}
    if any(i not in partners for i in data.co_organisation_ids):
        raise FieldError("co_organisations", _("Kies organisaties uit de lijst."))
    organisations = [own[data.organisation_id]] + [
        partners[i] for i in dict.fromkeys(data.co_organisation_ids)
        if i != data.organisation_id]
    themes = _all_found(Theme, Theme.id, data.theme_ids, "themes",
                        _("Kies thema's uit de lijst."))
    goals = _all_found(Goal, Goal.code, data.goal_codes, "goals",
                       _("Kies operationele doelen (OD) uit de lijst."),
                       Goal.level == GoalLevel.OPERATIONAL)
    municipalities = _all_found(Municipality, Municipality.nis, data.municipality_nis,
                                "municipalities", _("Kies gemeenten uit de lijst."))
    audiences = _all_found(Audience, Audience.id, data.audience_ids, "audiences",
                           _("Kies doelgroepen uit de lijst."))
    return _Resolved(organisations, themes, goals, municipalities, audiences)


def _all_found(model, key, wanted: list, name: str, message: str, *where) -> list:
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return []
    found = list(db.session.scalars(sa.select(model).where(key.in_(wanted), *where)))
    if len(found) != len(wanted):
        raise FieldError(name, message)
    return found


def _copy(initiative: Initiative, data: InitiativeInput, resolved: _Resolved) -> None:
    with db.session.no_autoflush:
        for name in TEXT_FIELDS:
            setattr(initiative, name, getattr(data, name).strip())
        initiative.age_min, initiative.age_max = data.age_min, data.age_max
        initiative.slug = slugify(initiative.name)
        initiative.organisations = resolved.organisations
        initiative.themes = resolved.themes
        initiative.goals = resolved.goals
        initiative.municipalities = resolved.municipalities
        initiative.audiences = resolved.audiences


# --- writing ---------------------------------------------------------------------------------

def create_initiative(user: User, data: InitiativeInput) -> Initiative:
    """A new draft, carried by one of the user's approved organisations (and co-owners)."""
    resolved = _resolve(user, data, None)
    policies.require(policies.can_create_initiative(user, resolved.organisations[0]),
                     _("Je kunt geen initiatieven toevoegen voor deze organisatie."))
    initiative = Initiative(status=InitiativeStatus.DRAFT, version=1)
    _copy(initiative, data, resolved)
    db.session.add(initiative)
    db.session.flush()
    audit.record(user, "created", initiative=initiative,
                 changes=audit.diff({}, audit.initiative_snapshot(initiative)))
    return initiative


def update_initiative(user: User, initiative: Initiative, data: InitiativeInput,
                      seen_version: int | None) -> dict:
    """Save an edit and return what changed. A published initiative stays published (the
    change is logged and listed for coordinators); one in review stays in review."""
    policies.require(policies.can_edit_initiative(user, initiative))
    resolved = _resolve(user, data, initiative)
    claim_version(initiative, seen_version, stale_message())
    before = audit.initiative_snapshot(initiative)
    _copy(initiative, data, resolved)
    changes = audit.diff(before, audit.initiative_snapshot(initiative))
    if changes:
        audit.record(user, "edited", initiative=initiative, changes=changes)
    return changes


def _set_status(user: User, initiative: Initiative, status: InitiativeStatus, action: str,
                reason: str = "", *, snapshot: bool = False) -> None:
    before = {"status": initiative.status.value, "status_reason": initiative.status_reason}
    initiative.status, initiative.status_reason = status, reason
    initiative.version = (initiative.version or 0) + 1
    changes = audit.diff(before, {"status": status.value, "status_reason": reason})
    if snapshot:  # the approved state, to show later what changed since
        changes["snapshot"] = audit.initiative_snapshot(initiative)
    audit.record(user, action, initiative=initiative, changes=changes, note=reason)


def submit_initiative(user: User, initiative: Initiative) -> None:
    """Draft or rejected → in review; coordinators and members of a trusted organisation
    that carries it publish directly."""
    policies.require(policies.can_edit_initiative(user, initiative))
    require_status(initiative, InitiativeStatus.DRAFT, InitiativeStatus.REJECTED,
                    message=_("Alleen een ontwerp of een afgewezen initiatief kan ingediend "
                              "worden."))
    if policies.publishes_initiative_directly(user, initiative):
        _set_status(user, initiative, InitiativeStatus.PUBLISHED, "published", snapshot=True)
    else:
        _set_status(user, initiative, InitiativeStatus.IN_REVIEW, "submitted")


def withdraw_initiative(user: User, initiative: Initiative) -> None:
    """Take a published initiative offline, or pull one back from review: it becomes a draft
    again (events, stands and nominations keep their link but the public no longer sees it);
    submitting it again goes through review."""
    policies.require(policies.can_edit_initiative(user, initiative))
    require_status(initiative, InitiativeStatus.PUBLISHED, InitiativeStatus.IN_REVIEW,
                    message=_("Alleen een gepubliceerd initiatief of een initiatief ter "
                              "goedkeuring kan teruggetrokken worden."))
    _set_status(user, initiative, InitiativeStatus.DRAFT, "withdrawn")


def delete_initiative(user: User, initiative: Initiative) -> None:
    """Only a draft that no event, pitch, market stand or nomination refers to."""
    policies.require(policies.can_edit_initiative(user, initiative))
    require_status(initiative, InitiativeStatus.DRAFT,
                    message=_("Alleen een ontwerp kan verwijderd worden; haal een gepubliceerd "
                              "initiatief eerst offline."))
    blockers = deletion_blockers(initiative)
    if blockers:
        raise WrongStatus(_("Dit initiatief kan niet verwijderd worden: %(reasons)s. Het "
                            "blijft als ontwerp bewaard (niet openbaar); vraag een coördinator "
                            "om die koppelingen eerst weg te halen.",
                            reasons="; ".join(blockers)))
    audit.record(user, "deleted", initiative=initiative,
                 changes=audit.diff(audit.initiative_snapshot(initiative), {}))
    db.session.delete(initiative)


# --- moderation ------------------------------------------------------------------------------

def _recipients(initiative: Initiative) -> list[str]:
    """The members of every organisation that carries the initiative; an organisation
    without members through its contact address."""
    found: list[str] = []
    for organisation in initiative.organisations:
        emails = [m.user.email for m in organisation.memberships if m.user.active]
        found += emails or ([organisation.contact_email] if organisation.contact_email else [])
    return sorted(set(found), key=str.lower)


def _mail_owners(initiative: Initiative, subject: str, text: str) -> None:
    for address in _recipients(initiative):
        notify(address, subject, text)


def approve_initiative(user: User, initiative: Initiative) -> None:
    policies.require(policies.can_moderate(user))
    require_status(initiative, InitiativeStatus.IN_REVIEW,
                    message=_("Dit initiatief wacht niet op goedkeuring."))
    _set_status(user, initiative, InitiativeStatus.PUBLISHED, "approved", snapshot=True)
    _mail_owners(initiative, _("Goedgekeurd: %(name)s", name=initiative.name),
                 _("Je initiatief staat nu in het register van STEM-initiatieven: %(link)s",
                   link=absolute_link("initiatives.detail", initiative_id=initiative.id,
                                      slug=initiative.slug)))


def reject_initiative(user: User, initiative: Initiative, reason: str) -> None:
    policies.require(policies.can_moderate(user))
    require_status(initiative, InitiativeStatus.IN_REVIEW,
                    message=_("Dit initiatief wacht niet op goedkeuring."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden; ze wordt naar de organisatie gemaild."))
    _set_status(user, initiative, InitiativeStatus.REJECTED, "rejected", reason.strip())
    _mail_owners(initiative, _("Niet goedgekeurd: %(name)s", name=initiative.name),
                 _("De coördinatoren keurden je initiatief niet goed, met deze reden:\n\n"
                   "%(reason)s\n\nPas het aan en dien het opnieuw in: %(link)s",
                   reason=reason.strip(),
                   link=absolute_link("initiatives_manage.detail",
                                      initiative_id=initiative.id)))


def review_queue() -> list[Initiative]:
    return list(db.session.scalars(
        sa.select(Initiative).where(Initiative.status == InitiativeStatus.IN_REVIEW)
        .options(selectinload(Initiative.organisations)).order_by(Initiative.updated_at)))


def changes_since_approval(initiative: Initiative) -> dict | None:
    """The diff against the last approved state, or None when it was never approved. A field
    the approved snapshot did not keep yet (the audiences, added later) is unknown then, not a
    change."""
    approved = audit.last_approved_snapshot(initiative_id=initiative.id)
    if approved is None:
        return None
    current = audit.initiative_snapshot(initiative)
    return {k: v for k, v in audit.diff(approved, current).items()
            if k not in ("status", "status_reason") and k in approved}


def changed_after_approval(limit: int = 50) -> list[tuple[Initiative, dict]]:
    """Published initiatives edited after their last approval, with what changed."""
    return audit.edited_after_approval(Initiative, (InitiativeStatus.PUBLISHED,),
                                       changes_since_approval, limit)
