"""Demo data of the network domain, built after the events of `flask demo-data`: initiatives of
the STEM-academies and their partners, network moments with programme and report, and the
State-of-the-STEM edition with its programme and market (its award rounds: `awards.py`).
Deterministic per seed."""

from __future__ import annotations

import random
from datetime import time, timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Membership, Organisation, User
from stem_events.date_time import local, now_utc, to_local
from stem_events.editions.models import (
    Edition,
    MarketStand,
    ProgrammeItem,
)
from stem_events.events.models import PUBLIC_STATUSES, Event, EventSession
from stem_events.extensions import db
from stem_events.initiatives.catalogue import new_initiative
from stem_events.initiatives.models import Initiative, InitiativeStatus, event_initiatives
from stem_events.network.models import InvitedPillar, NetworkMoment, Pitch
from stem_events.reference.models import EventKind, Goal, HelixPillar, Municipality, Theme

#: (name pattern, summary, themes, goals, ages, audience)
INITIATIVES = [
    ("Codeerclub {m}", "Elke week programmeren met Scratch, micro:bit en Python.",
     ("programmeren", "digitalisering"), ("OD1.2.1", "OD1.2.2"), (8, 14),
     "kinderen en jongeren, meisjes in het bijzonder"),
    ("Robotlab {m}", "Robots bouwen en programmeren in een vrije-tijdsacademie.",
     ("robotica", "techniek"), ("OD1.2.1", "OD2.2.4"), (10, 16), "jongeren"),
    ("Sterrenkijkers {m}", "Maandelijkse waarnemingsavonden en lessen over het heelal.",
     ("ruimtevaart", "wetenschap"), ("OD1.2.2",), (None, None), "gezinnen en volwassenen"),
    ("Repair & Maak {m}", "Samen herstellen, solderen en 3D-printen in het fablab.",
     ("maken", "duurzaamheid"), ("OD1.2.2", "OD2.4.1"), (12, None),
     "jongeren en volwassenen, ook nieuwkomers"),
    ("Energiecoaches {m}", "Leerlingen meten het energieverbruik van hun school.",
     ("energie", "duurzaamheid"), ("OD3.3.1", "OD2.2.4"), (12, 18), "secundaire scholen"),
    ("Meisjes in STEM {m}", "Rolmodellen en workshops voor meisjes van 10 tot 14 jaar.",
     ("techniek", "wetenschap"), ("OD1.1.2", "OD1.2.1"), (10, 14), "meisjes"),
    ("Zorgtech-lab {m}", "Technologie in de zorg ontdekken met studenten en bedrijven.",
     ("zorg", "techniek"), ("OD2.1.1", "OD3.2.3"), (15, None), "jongeren en volwassenen"),
    ("AI-atelier {m}", "Wat is artificiële intelligentie? Proberen, bouwen en bespreken.",
     ("ai", "digitalisering"), ("OD4.1.2", "OD1.2.2"), (14, None),
     "jongeren en volwassenen"),
]

TRACKS = [("Onderwijs", "Zaal Alfa"), ("Vrije tijd", "Zaal Beta"), ("Arbeidsmarkt", "Zaal Gamma")]
SESSIONS = [
    ("Een STEM-academie in iedere gemeente: stand van zaken", "Onderwijs"),
    ("Meisjes en STEM: wat werkt?", "Vrije tijd"),
    ("Van stage tot job in de techniek", "Arbeidsmarkt"),
    ("Leerkrachten professionaliseren met bedrijven", "Onderwijs"),
    ("Codeerclubs en bibliotheken", "Vrije tijd"),
    ("Dual leren in STEM-opleidingen", "Arbeidsmarkt"),
]
MAX_INITIATIVES = 30
SPEAKERS = ["An Peeters", "Bram Claes", "Fatima El Amrani", "Joris Maes", "Lotte Janssens",
            "Mehmet Yilmaz", "Sofie Wouters", "Tom De Smet"]


def build_network_demo(seed: int) -> int:
    """Adds the network domain's demo rows; returns the number of initiatives."""
    rng = random.Random(seed + 8)  # noqa: S311  (demo data, not security)
    initiatives = _initiatives(rng)
    initiatives += _demo_organisers_work(initiatives)
    db.session.flush()
    _network_moments(rng, initiatives)
    _edition(rng, initiatives)
    db.session.flush()
    return len(initiatives)


def _initiatives(rng: random.Random) -> list[Initiative]:
    """Initiatives of the STEM-academies: carried by an academy, or by a school, club or
    company together with the academy of its province."""
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(True)).order_by(Organisation.id)
    ).all()
    academies = [o for o in organisations if o.is_academy]
    others = [o for o in organisations if not o.is_academy]
    carriers = (academies + others)[:MAX_INITIATIVES]
    themes = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    goals = {g.code: g for g in db.session.scalars(sa.select(Goal))}
    by_province: dict[str, list[Municipality]] = {}
    for m in db.session.scalars(sa.select(Municipality).order_by(Municipality.nis)):
        by_province.setdefault(m.province_nis, []).append(m)
    created: list[Initiative] = []
    for carrier in carriers:
        home = carrier.municipality
        in_province = [o for o in (others if carrier.is_academy else academies)
                       if o.id != carrier.id and o.municipality
                       and o.municipality.province_nis == home.province_nis]
        partner = rng.choice(in_province or (others if carrier.is_academy else academies))
        academy = carrier if carrier.is_academy else partner
        pattern, summary, slugs, codes, (low, high), audience = rng.choice(INITIATIVES)
        other = partner if academy is carrier else carrier
        served = [home] + rng.sample(by_province[home.province_nis], k=2)
        initiative = new_initiative(
            pattern.format(m=home.name), summary=summary, audience=audience,
            age_min=low, age_max=high,
            description=(f"{summary}\n\nDit initiatief hoort bij **{academy.name}** "
                         f"(STEM-academie), samen met {other.name}."),
            website=f"https://initiatief-{len(created) + 1}.stem-academie.example",
            contact_email=f"info@initiatief{len(created) + 1}.example",
            status=(InitiativeStatus.IN_REVIEW if len(created) % 9 == 8
                    else InitiativeStatus.PUBLISHED),
        )
        initiative.organisations = list({o.id: o for o in (carrier, partner)}.values())
        initiative.themes = [themes[s] for s in slugs if s in themes]
        initiative.goals = [goals[c] for c in codes if c in goals]
        initiative.municipalities = list({m.nis: m for m in served}.values())
        db.session.add(initiative)
        created.append(initiative)
    return created


#: What the demo organiser is still working on, so /manage/initiatives and the coordinators'
#: review queue show something: (name, summary, status).
ORGANISER_INITIATIVES = [
    ("Makerspace voor ouders en kinderen", "Samen solderen, programmeren en 3D-printen op "
     "zaterdagvoormiddag.", InitiativeStatus.IN_REVIEW),
    ("STEM-zomerkamp in de bibliotheek", "Een week experimenten en robots tijdens de "
     "zomervakantie (nog in opbouw).", InitiativeStatus.DRAFT),
]


def _demo_organisers_work(existing: list[Initiative]) -> list[Initiative]:
    """A draft and an initiative in review of the demo organiser's academy."""
    academy = db.session.scalar(
        sa.select(Organisation).join(Membership, Membership.organisation_id == Organisation.id)
        .join(User, User.id == Membership.user_id)
        .where(User.email == "organisator@stem-events.example"))
    if academy is None:
        return []
    template = next((i for i in existing if academy in i.organisations), None)
    created = []
    for name, summary, status in ORGANISER_INITIATIVES:
        initiative = new_initiative(
            name, summary=summary, status=status, audience="gezinnen met kinderen van 8 tot 14",
            age_min=8, age_max=14,
            description=f"{summary}\n\nEen initiatief van **{academy.name}** (STEM-academie).",
            contact_email=f"info@academie{academy.id}.example")
        initiative.organisations = [academy]
        if template is not None:
            initiative.themes, initiative.goals = list(template.themes), list(template.goals)
            initiative.municipalities = list(template.municipalities)
        db.session.add(initiative)
        created.append(initiative)
    return created


def _network_moments(rng: random.Random, initiatives: list[Initiative]) -> None:
    published = [i for i in initiatives if i.status == InitiativeStatus.PUBLISHED]
    moments = db.session.scalars(
        sa.select(Event).where(Event.kind == EventKind.NETWORK_MOMENT).order_by(Event.id)).all()
    now = now_utc()
    for event in moments:
        province = event.municipality.province if event.municipality else None
        nearby = [i for i in published if province and any(
            m.province_nis == province.nis for m in i.municipalities)] or published
        presented = rng.sample(nearby, k=min(len(nearby), rng.choice((2, 3, 4))))
        moment = NetworkMoment(event_id=event.id, province_nis=province.nis if province else None,
                               region=province.short_name if province else "Vlaanderen")
        pillars = rng.sample(list(HelixPillar), k=rng.choice((3, 4)))
        moment.invited = [InvitedPillar(pillar=p) for p in sorted(pillars)]
        for position, initiative in enumerate(presented):
            moment.pitches.append(Pitch(
                position=position, title=f"Pitch: {initiative.name}", initiative=initiative,
                organisation=initiative.organisations[0], speaker_name=rng.choice(SPEAKERS)))
            db.session.execute(event_initiatives.insert().values(
                event_id=event.id, initiative_id=initiative.id))
        last_end = max((s.ends_at for s in event.sessions), default=now)
        if last_end < now and event.status in PUBLIC_STATUSES:
            moment.report = (
                f"{len(presented)} initiatieven stelden zich voor. De deelnemers spraken af om "
                "samen een aanbod voor de volgende schoolvakantie uit te werken.\n\n"
                "- Volgende stap: een gedeelde kalender per regio\n"
                "- Vraag aan bedrijven: stageplaatsen voor leerkrachten")
        db.session.add(moment)


def _edition(rng: random.Random, initiatives: list[Initiative]) -> None:
    event = db.session.scalar(
        sa.select(Event).where(Event.kind == EventKind.STATE_OF_THE_STEM).order_by(Event.id))
    if event is None or event.edition_year is None:
        return
    session = db.session.scalar(sa.select(EventSession).where(EventSession.event_id == event.id))
    day = to_local(session.starts_at).date()
    edition = Edition(year=event.edition_year, event=event, venue=event.venue_name)
    for slot, (title, track) in enumerate(SESSIONS):
        room = dict(TRACKS)[track]
        starts = local(day, time(10, 30) if slot < 3 else time(13, 0))
        edition.programme.append(ProgrammeItem(
            title=title, track=track, room=room, starts_at=starts,
            ends_at=starts + timedelta(minutes=75), capacity=rng.choice((40, 60, 80)),
            speakers=", ".join(rng.sample(SPEAKERS, k=2)),
            description="Korte inleiding, twee praktijkvoorbeelden en een gesprek met de zaal."))
    opening = local(day, time(9, 15))
    edition.programme.append(ProgrammeItem(
        title="Plenaire opening", track="", room="Grote zaal", starts_at=opening,
        ends_at=opening + timedelta(minutes=60), speakers="STEM-regisseur (VLAIO)"))
    published = [i for i in initiatives if i.status == InitiativeStatus.PUBLISHED]
    for number, initiative in enumerate(rng.sample(published, k=min(12, len(published)))):
        edition.stands.append(MarketStand(initiative=initiative, stand_number=f"M{number + 1:02d}"))
    db.session.add(edition)
