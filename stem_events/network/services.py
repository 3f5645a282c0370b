"""Network moments: their region, invited pillars, pitches, presented initiatives and report.
Views call these; rules raise DomainErrors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.accounts.models import Organisation
from stem_events.database import MAX_ID
from stem_events.errors import InvalidInput, NotFound
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db
from stem_events.initiatives.catalogue import InitiativeNotPublished, initiatives_presented_at
from stem_events.initiatives.models import (
    Initiative,
    InitiativeStatus,
)
from stem_events.network.models import InvitedPillar, NetworkMoment, Pitch
from stem_events.reference.models import EventKind, HelixPillar


# ------------------------------------------------------------------------ network moments
class NotANetworkMoment(NotFound):
    """Deze activiteit is geen netwerkmoment."""


@dataclass(frozen=True)
class MomentView:
    """What an event page shows about the initiatives it presents and, for a network moment,
    its region, invited pillars, programme and report."""

    moment: NetworkMoment | None
    hosts: list[Organisation]
    presented: list[Initiative]

    @property
    def missing_pillars(self) -> list[HelixPillar]:
        present = {o.helix for o in self.hosts}
        return [p for p in HelixPillar if p not in present]


def network_moment_view(event: Event) -> MomentView | None:
    moment = db.session.get(NetworkMoment, event.id) if event.kind == EventKind.NETWORK_MOMENT \
        else None
    presented = initiatives_presented_at(event.id)
    if moment is None and not presented:
        return None
    return MomentView(moment, event.organisers, presented)


def get_moment_event(event_id: int) -> Event:
    """A network moment's event (any status: coordinators edit drafts too)."""
    event = db.session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    return event


def get_public_moment(event_id: int) -> tuple[Event, MomentView]:
    from stem_events.events.services import get_public_event

    event = get_public_event(event_id)
    if event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    return event, network_moment_view(event) or MomentView(None, event.organisers, [])


def moment_for(event: Event) -> NetworkMoment:
    return db.session.get(NetworkMoment, event.id) or NetworkMoment(event_id=event.id)


def network_moments_for_admin() -> list[tuple[Event, datetime | None]]:
    first = (sa.select(EventSession.event_id, sa.func.min(EventSession.starts_at).label("s"))
             .group_by(EventSession.event_id).subquery())
    return list(db.session.execute(
        sa.select(Event, first.c.s).outerjoin(first, first.c.event_id == Event.id)
        .where(Event.kind == EventKind.NETWORK_MOMENT)
        .order_by(first.c.s.desc(), Event.id)).all())


@dataclass(frozen=True)
class PitchInput:
    title: str
    organisation_id: int | None = None
    initiative_id: int | None = None
    speaker_name: str = ""


def _published(ids: list[int]) -> list[Initiative]:
    found = list(db.session.scalars(sa.select(Initiative).where(
        Initiative.id.in_(set(ids)), Initiative.status == InitiativeStatus.PUBLISHED)))
    if set(ids) - {i.id for i in found}:
        raise InitiativeNotPublished(_(
            "Alleen gepubliceerde initiatieven kunnen op een netwerkmoment voorgesteld worden."))
    return found


def save_network_moment(event: Event, *, region: str, province_nis: str | None,
                        pillars: list[str], report: str, initiative_ids: list[int],
                        pitches: list[PitchInput]) -> NetworkMoment:
    """Store region, invited pillars, programme, report and presented initiatives; every
    check happens before anything changes, in the caller's transaction."""
    from stem_events.reference.models import Province

    if event.kind != EventKind.NETWORK_MOMENT:
        raise NotANetworkMoment()
    if province_nis and db.session.get(Province, province_nis) is None:
        raise InvalidInput(_("Onbekende provincie."))
    try:
        invited = sorted({HelixPillar(p) for p in pillars})
    except ValueError:
        raise InvalidInput(_("Onbekende helixpijler.")) from None
    presented = _published(initiative_ids + [p.initiative_id for p in pitches
                                                 if p.initiative_id])
    for pitch in pitches:
        if not pitch.title.strip():
            raise InvalidInput(_("Elke pitch heeft een titel nodig."))
        if pitch.organisation_id and db.session.get(Organisation, pitch.organisation_id) is None:
            raise InvalidInput(_("Onbekende organisatie bij pitch ‘%(title)s’.",
                                 title=pitch.title))
    moment = moment_for(event)
    moment.region, moment.province_nis, moment.report = region.strip(), province_nis, report
    kept = [i for i in moment.invited if i.pillar in invited]
    moment.invited = kept + [InvitedPillar(pillar=p) for p in invited
                             if p not in {i.pillar for i in kept}]
    _replace_pitches(moment, pitches)
    db.session.add(moment)
    event.initiatives = presented
    return moment


def _replace_pitches(moment: NetworkMoment, pitches: list[PitchInput]) -> None:
    """Update in place by position, so (event, position) stays unique at every flush."""
    existing = list(moment.pitches)
    for position, given in enumerate(pitches):
        row = existing[position] if position < len(existing) else Pitch(position=position)
        row.position = position
        row.title, row.speaker_name = given.title.strip(), given.speaker_name.strip()
        row.organisation_id, row.initiative_id = given.organisation_id, given.initiative_id
        if position >= len(existing):
            moment.pitches.append(row)
    for extra in existing[len(pitches):]:
        moment.pitches.remove(extra)
