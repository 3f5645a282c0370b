"""Open nominations: during the nomination period any approved organisation (through one of its
members) nominates a published initiative, its own or another's, with a motivation per
criterion; coordinators may too. The nominated organisation hears of it and may decline."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.awards.models import AwardCategory, Motivation, Nomination, Phase
from stem_events.awards.services import unique_or
from stem_events.database import MAX_ID
from stem_events.date_time import format_date, now_utc, to_local
from stem_events.errors import DomainError, FieldError, Forbidden, NotFound
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative, InitiativeStatus, initiative_organisations
from stem_events.links import absolute_link
from stem_events.mail.notify import notify

MOTIVATION_MAX = 4000


class NominationsClosed(DomainError):
    status = 409
    code = "nominations_closed"


def motivation_field(criterion_id: int) -> str:
    """The form field of the motivation for one criterion."""
    return f"motivation-{criterion_id}"


def organisation_addresses(organisation: Organisation) -> list[str]:
    """Its active members, else its contact address."""
    found = [m.user.email for m in organisation.memberships if m.user.active]
    return found or ([organisation.contact_email] if organisation.contact_email else [])


def initiative_addresses(initiative: Initiative) -> list[str]:
    found: list[str] = []
    for organisation in initiative.organisations:
        found += organisation_addresses(organisation)
    return sorted(set(found), key=str.lower)


def nominating_organisations(user: User) -> list[Organisation]:
    """The organisations a user may nominate for: approved ones they are a member of."""
    if not user.is_authenticated:
        return []
    return sorted((m.organisation for m in user.memberships if m.organisation.approved),
                  key=lambda o: o.name.lower())


def nominable_initiatives() -> list[Initiative]:
    return list(db.session.scalars(sa.select(Initiative).where(
        Initiative.status == InitiativeStatus.PUBLISHED).order_by(Initiative.name)))


def check_open(category: AwardCategory) -> None:
    award_round = category.round
    phase = award_round.phase()
    if phase == Phase.UPCOMING:
        raise NominationsClosed(_("De nominaties openen pas op %(day)s.",
                                  day=format_date(to_local(award_round.nominations_open))))
    if phase != Phase.NOMINATIONS:
        raise NominationsClosed(_("De nominaties voor deze ronde liepen tot en met %(day)s.",
                                  day=format_date(award_round.nominations_last_day)))


def nominate(user: User, category: AwardCategory, initiative_id: int | None,
             organisation_id: int | None, motivations: dict[int, str]) -> Nomination:
    """Check everything first, then write the nomination and queue the mails."""
    check_open(category)
    organisation = _nominator(user, organisation_id)
    initiative = db.session.get(Initiative, initiative_id) \
        if initiative_id and 0 < initiative_id <= MAX_ID else None
    if initiative is None or not initiative.is_public:
        raise FieldError("initiative", _("Kies een gepubliceerd initiatief uit het register."))
    if db.session.scalar(sa.select(Nomination.id).where(
            Nomination.category_id == category.id,
            Nomination.initiative_id == initiative.id)) is not None:
        raise _nominated_twice(initiative, category)
    texts = {}
    for criterion in category.criteria:
        text = (motivations.get(criterion.id) or "").strip()
        if not text:
            raise FieldError(motivation_field(criterion.id), _(
                "Motiveer de nominatie voor ‘%(criterion)s’.", criterion=criterion.name))
        if len(text) > MOTIVATION_MAX:
            raise FieldError(motivation_field(criterion.id),
                             _("Hoogstens %(max)d tekens.", max=MOTIVATION_MAX))
        texts[criterion.id] = text
    nomination = Nomination(initiative=initiative, nominated_by=organisation,
                            nominated_by_user=user)
    nomination.motivations = [Motivation(criterion_id=c, text=t) for c, t in texts.items()]
    with unique_or(lambda: _nominated_twice(initiative, category)):  # a concurrent one
        category.nominations.append(nomination)
    _mail_received(nomination)
    return nomination


def _nominated_twice(initiative: Initiative, category: AwardCategory) -> FieldError:
    return FieldError("initiative", _(
        "‘%(name)s’ is al genomineerd in de categorie ‘%(category)s’.",
        name=initiative.name, category=category.name))


def _nominator(user: User, organisation_id: int | None) -> Organisation | None:
    allowed = nominating_organisations(user)
    if organisation_id:
        found = next((o for o in allowed if o.id == organisation_id), None)
        if found is None and policies.is_coordinator(user):
            found = db.session.get(Organisation, organisation_id) \
                if 0 < organisation_id <= MAX_ID else None
        if found is None:
            raise FieldError("organisation", _("Kies een organisatie waarvoor je nomineert."))
        return found
    if policies.is_coordinator(user):
        return None  # the coordinators nominate in their own name
    if not allowed:
        raise Forbidden(_(
            "Nomineren kan namens een goedgekeurde organisatie waarvan je lid bent."))
    raise FieldError("organisation", _("Kies een organisatie waarvoor je nomineert."))


def _mail_received(nomination: Nomination) -> None:
    category, initiative = nomination.category, nomination.initiative
    award_round = category.round
    round_link = absolute_link("awards.round_page", round_id=award_round.id)
    if nomination.nominated_by_user is not None:
        notify(nomination.nominated_by_user.email,
               _("Nominatie ontvangen: %(name)s", name=initiative.name),
               _("Bedankt! We ontvingen je nominatie van ‘%(name)s’ in de categorie "
                 "‘%(category)s’ van %(round)s.\n\nDe jury beoordeelt de nominaties na "
                 "%(day)s. Meer over de ronde: %(link)s",
                 name=initiative.name, category=category.name, round=award_round.title,
                 day=format_date(award_round.nominations_last_day), link=round_link))
    by = nomination.nominated_by.name if nomination.nominated_by else _("de coördinatoren")
    decline = absolute_link("awards_manage.nomination", nomination_id=nomination.id)
    for address in initiative_addresses(initiative):
        notify(address, _("‘%(name)s’ is genomineerd voor een STEM-award", name=initiative.name),
               _("Goed nieuws: %(by)s nomineerde jullie initiatief ‘%(name)s’ in de categorie "
                 "‘%(category)s’ van %(round)s.\n\nDe motivatie lees je hier; wil je niet "
                 "meedingen, dan kun je de nominatie daar ook weigeren: %(link)s",
                 by=by, name=initiative.name, category=category.name,
                 round=award_round.title, link=decline))


# ------------------------------------------------------------------------- the nominated side
def get_nomination(nomination_id: int) -> Nomination:
    found = db.session.get(Nomination, nomination_id) if 0 < nomination_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("Deze nominatie bestaat niet."))
    return found


def can_answer(user, nomination: Nomination) -> bool:
    """Members of the nominated initiative's organisations (and coordinators)."""
    return policies.is_coordinator(user) or any(
        policies.member_role(user, o.id) is not None for o in nomination.initiative.organisations)


def nominations_for(user: User) -> list[Nomination]:
    """Nominations of initiatives of the user's organisations, newest first."""
    ids = [m.organisation_id for m in user.memberships]
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Nomination).where(Nomination.initiative_id.in_(
            sa.select(initiative_organisations.c.initiative_id)
            .where(initiative_organisations.c.organisation_id.in_(ids))))
        .order_by(Nomination.created_at.desc(), Nomination.id.desc())))


def decline(user: User, nomination: Nomination, reason: str) -> None:
    """The nominated organisation does not take part; possible until the results are out."""
    policies.require(can_answer(user, nomination),
                     _("Alleen de organisatie van het initiatief kan de nominatie weigeren."))
    if nomination.declined:
        raise DomainError(_("Deze nominatie is al geweigerd."))
    if nomination.category.round.phase() == Phase.PUBLISHED:
        raise DomainError(_("De resultaten van deze ronde zijn al bekend."))
    nomination.declined_at = now_utc()
    nomination.decline_reason = reason.strip()
    nomination.shortlisted = nomination.winner = False
    db.session.flush()
    initiative, category = nomination.initiative, nomination.category
    subject = _("Nominatie geweigerd: %(name)s", name=initiative.name)
    text = _("De organisatie van ‘%(name)s’ weigerde de nominatie in de categorie "
             "‘%(category)s’ van %(round)s. De jury beoordeelt ze niet.",
             name=initiative.name, category=category.name, round=category.round.title)
    recipients = set(initiative_addresses(initiative))
    if nomination.nominated_by_user is not None:
        recipients.add(nomination.nominated_by_user.email)
    for address in sorted(recipients, key=str.lower):
        notify(address, subject, text)
