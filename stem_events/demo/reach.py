"""Demo data for audiences and reach: some (not all) events and initiatives per audience,
kansentarief / UiTPAS on part of the paid events, optional answers on part of the current
registrations, and two complete school years of past activities whose answers outlived the
purge (no link to anyone), so /stem-in-cijfers and the report show unsuppressed shares."""

from __future__ import annotations

import random
import uuid
from datetime import time, timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Organisation
from stem_events.audiences.models import Audience, event_audiences, initiative_audiences
from stem_events.audiences.services import kind_audiences
from stem_events.date_time import local
from stem_events.events.models import Event, EventSession, EventStatus, PriceKind, slugify
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative
from stem_events.reach.models import WITHHELD, ReachAnswer, ReachLink
from stem_events.reference.models import EventKind, Municipality
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.reports.reach import last_complete_years

PAST = (("Codeerclub voor meisjes", ("meisjes",)),
        ("Robotica op de speelpleinwerking", ("kansarmoede",)),
        ("Wetenschapsatelier in de OKAN-klas", ("nieuwkomers", "scholen")),
        ("Toegankelijke techniekdag", ("beperking", "gezinnen")),
        ("STEM-nascholing: AI in de klas", ("leerkrachten",)),
        ("Familiedag energie", ("gezinnen",)))


def build_reach_demo(seed: int) -> None:
    rng = random.Random(seed + 18)  # noqa: S311  (demo data, not security)
    by_slug = {a.slug: a.id for a in db.session.scalars(sa.select(Audience))}
    _tag_events(rng, by_slug)
    _tag_initiatives(rng, by_slug)
    _reduced_prices(rng)
    _answers_for_registrations(rng)
    _past_years(rng, by_slug)
    db.session.flush()


def _tag_events(rng: random.Random, by_slug: dict[str, int]) -> None:
    ids = db.session.scalars(sa.select(Event.id).where(Event.status == EventStatus.PUBLISHED)
                             .order_by(Event.id)).all()
    carried = {tuple(row) for row in db.session.execute(sa.select(  # by their kind
        event_audiences.c.event_id, event_audiences.c.audience_id))}
    rows = []
    for event_id in ids:
        if rng.random() < 0.3:
            for slug in rng.sample(sorted(by_slug), rng.choice((1, 1, 2))):
                if (event_id, by_slug[slug]) not in carried:
                    rows.append({"event_id": event_id, "audience_id": by_slug[slug]})
    if rows:
        db.session.execute(event_audiences.insert(), rows)


def _tag_initiatives(rng: random.Random, by_slug: dict[str, int]) -> None:
    ids = db.session.scalars(sa.select(Initiative.id).order_by(Initiative.id)).all()
    rows = [{"initiative_id": i, "audience_id": by_slug[rng.choice(sorted(by_slug))]}
            for i in ids if rng.random() < 0.5]
    if rows:
        db.session.execute(initiative_audiences.insert(), rows)


def _reduced_prices(rng: random.Random) -> None:
    paid = db.session.scalars(sa.select(Event.id).where(Event.price_kind != PriceKind.FREE)
                              .order_by(Event.id)).all()
    chosen = [i for i in paid if rng.random() < 0.4]
    if chosen:
        db.session.execute(sa.update(Event).where(Event.id.in_(chosen))
                           .values(price_reduced=True))


def _answer(rng: random.Random, homes: list[str], by_guardian: bool = False) -> dict:
    return {"gender": rng.choices(("female", "male", "other", WITHHELD, None),
                                  (44, 44, 2, 5, 5))[0],
            "reduced_rate": rng.choices(("yes", "no", WITHHELD, None), (18, 70, 6, 6))[0],
            "home": rng.choices((rng.choice(homes), WITHHELD, None), (85, 8, 7))[0],
            "by_guardian": by_guardian}


def _answers_for_registrations(rng: random.Random) -> None:
    """About two thirds of the current registrants answered (the rest skipped the questions)."""
    homes = _homes()
    answers, links = [], []
    for registration_id, event_id, is_child in db.session.execute(
            sa.select(Registration.id, Registration.event_id, Registration.is_child)
            .where(Registration.status != RegistrationStatus.CANCELLED)
            .order_by(Registration.id)):
        if rng.random() < 0.66:
            answer_id = f"{rng.getrandbits(128):032x}"
            answers.append({"id": answer_id, "event_id": event_id, "session_id": None,
                            **_answer(rng, homes, is_child)})
            links.append({"registration_id": registration_id, "answer_id": answer_id})
    for table, rows in ((ReachAnswer.__table__, answers), (ReachLink.__table__, links)):
        for start in range(0, len(rows), 1000):
            db.session.execute(table.insert(), rows[start:start + 1000])


def _homes() -> list[str]:
    return list(db.session.scalars(sa.select(Municipality.nis).order_by(Municipality.nis)))


def _past_years(rng: random.Random, by_slug: dict[str, int]) -> None:
    """Past activities of the last two complete school years in every province, with the
    answers that stay after the purge (no registration, no link)."""
    academies = {}
    for organisation in db.session.scalars(sa.select(Organisation).where(
            Organisation.approved.is_(True)).order_by(Organisation.id)):
        if organisation.municipality:
            academies.setdefault(organisation.municipality.province_nis, organisation)
    homes = _homes()
    answers = []
    for period in last_complete_years(2):
        for province, organisation in sorted(academies.items()):
            for index, (title, slugs) in enumerate(PAST):
                day = period.first + timedelta(days=21 + 45 * index + rng.randint(0, 20))
                start = local(day, time(14))
                kind = (EventKind.TEACHER_TRAINING if "leerkrachten" in slugs
                        else EventKind.WORKSHOP)
                event = Event(kind=kind,
                              title=title, slug=slugify(title), status=EventStatus.PUBLISHED,
                              organisation_id=organisation.id,
                              municipality_nis=organisation.municipality_nis,
                              venue_name=organisation.name, price_kind=PriceKind.FREE,
                              summary="Een activiteit van vorig schooljaar.")
                if kind != EventKind.WORKSHOP:  # a nascholing counts as one, as in schools.py
                    event.professional_development = True
                    event.education_levels = ["basis", "secundair"]
                uid = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@stem-events"
                event.sessions.append(EventSession(starts_at=start, uid=uid,
                                                   ends_at=start + timedelta(hours=2)))
                db.session.add(event)
                db.session.flush()
                tags = [{"event_id": event.id, "audience_id": by_slug[s]} for s in slugs
                        if s not in kind_audiences(kind)]  # the kind's own are there
                if tags:
                    db.session.execute(event_audiences.insert(), tags)
                local_homes = [h for h in homes if h[:1] == province[:1]] or homes
                for _ in range(rng.randint(14, 36)):
                    answers.append({"id": f"{rng.getrandbits(128):032x}", "event_id": event.id,
                                    "session_id": None, **_answer(rng, local_homes)})
    for start in range(0, len(answers), 1000):
        db.session.execute(ReachAnswer.__table__.insert(), answers[start:start + 1000])
