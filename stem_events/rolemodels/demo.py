"""Demo data: role models as they appear after the whole workflow, so a fresh install shows
the feature: three published profiles (with and without a photo and a self-description),
linked to upcoming events, a network moment, a State-of-the-STEM programme item and an
initiative; one waiting for the person's consent and one for a coordinator."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from io import BytesIO

import sqlalchemy as sa
from PIL import Image, ImageDraw

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.editions.models import ProgrammeItem
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.media.storage import store_image
from stem_events.reference.models import EventKind, Theme
from stem_events.rolemodels.models import (
    PHOTOS,
    ConsentGiver,
    ConsentSubject,
    RoleModel,
    RoleModelConsent,
    RoleModelStatus,
)

PEOPLE = [
    # name, job, employer, themes, story, self-description, photo, status
    ("Yasmina El Idrissi", "Ingenieur windenergie", "Windkracht Vlaanderen",
     ("energie", "duurzaamheid"),
     "Ik ontwerp funderingen voor windturbines op zee. Als kind bouwde ik hutten; nu reken ik "
     "uit hoe een turbine van 200 meter blijft staan in een storm.\n\nWiskunde vond ik niet "
     "altijd makkelijk, maar ik wilde weten hoe dingen werken.",
     "Ingenieur, opgegroeid in Genk, eerste in de familie die studeerde.", True,
     RoleModelStatus.APPROVED),
    ("Jonas Vermeulen", "Laborant", "Universitair Ziekenhuis", ("zorg", "wetenschap"),
     "Elke dag analyseer ik bloedstalen: mijn werk helpt artsen om snel de juiste behandeling "
     "te kiezen. Ik koos een STEM-richting in het secundair en ben blij dat ik dat deed.",
     "", False, RoleModelStatus.APPROVED),
    ("Amira Haddad", "Data-analist", "", ("ai", "programmeren"),
     "Ik zoek patronen in grote hoeveelheden gegevens, bv. om het openbaar vervoer beter te "
     "plannen. Programmeren leerde ik in een codeclub van de STEM-academie.",
     "Moeder van twee, begon op mijn dertigste aan een nieuwe loopbaan.", True,
     RoleModelStatus.APPROVED),
    ("Pieter Claes", "Elektrotechnicus", "Netbeheer Vlaanderen", ("energie",),
     "Ik herstel hoogspanningscabines.", "", False, RoleModelStatus.PROPOSED),
    ("Lore Martens", "Bio-ingenieur", "", ("duurzaamheid", "milieu-en-natuur"),
     "Ik onderzoek hoe landbouw minder water kan gebruiken.", "", False,
     RoleModelStatus.CONFIRMED),
]


def _portrait(rng: random.Random) -> bytes:
    """An abstract portrait (no real person's face in the demo)."""
    background = tuple(rng.randrange(60, 200) for _ in range(3))
    image = Image.new("RGB", (480, 480), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 70, 330, 250), fill=(245, 222, 200))
    draw.ellipse((70, 270, 410, 620), fill=tuple(255 - c for c in background))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _upcoming(kind: EventKind | None = None, exclude=()) -> list[Event]:
    query = sa.select(Event).where(Event.status == EventStatus.PUBLISHED,
                                   Event.first_start > now_utc(), Event.id.not_in(exclude))
    if kind is not None:
        query = query.where(Event.kind == kind)
    else:
        query = query.where(Event.kind.not_in([EventKind.NETWORK_MOMENT,
                                                EventKind.STATE_OF_THE_STEM]))
    return list(db.session.scalars(query.order_by(Event.first_start, Event.id).limit(40)))


def build_role_model_demo(seed: int) -> int:
    """Adds the role models; returns how many are public."""
    rng = random.Random(seed + 18)  # noqa: S311  (demo data, not security)
    themes = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    organisations = list(db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(True)).order_by(Organisation.id)))
    events = _upcoming()
    moments = _upcoming(EventKind.NETWORK_MOMENT)
    item = db.session.scalar(sa.select(ProgrammeItem).where(ProgrammeItem.track != "")
                             .order_by(ProgrammeItem.starts_at, ProgrammeItem.id))
    initiative = db.session.scalar(sa.select(Initiative).where(
        Initiative.status == InitiativeStatus.PUBLISHED).order_by(Initiative.id))
    chosen = rng.sample(events, k=min(len(events), 6))
    public = 0
    for number, (name, job, employer, slugs, story, described, photo, status) in \
            enumerate(PEOPLE):
        proposer = organisations[number % len(organisations)] if organisations else None
        role_model = RoleModel(
            name=name, job=job, employer=employer, story=story, status=status,
            employer_organisation=None if employer or not proposer else proposer,
            organisation=proposer, email=f"rolmodel{number + 1}@example.be",
            themes=[themes[s] for s in slugs if s in themes],
            confirm_nonce=secrets.token_urlsafe(16) if status == RoleModelStatus.PROPOSED
            else "", withdraw_nonce=secrets.token_urlsafe(16))
        if photo:
            role_model.photo = store_image(_portrait(rng), PHOTOS)
        if status in (RoleModelStatus.CONFIRMED, RoleModelStatus.APPROVED):
            given = now_utc() - timedelta(days=20 - number)
            subjects = [ConsentSubject.PROFILE] + ([ConsentSubject.PHOTO] if photo else []) \
                + ([ConsentSubject.SELF_DESCRIPTION] if described else [])
            role_model.self_description = described
            role_model.consents = [RoleModelConsent(subject=s, given_by=ConsentGiver.SELF,
                                                    given_by_name=name, given_at=given)
                                   for s in subjects]
        if status == RoleModelStatus.APPROVED:
            role_model.approved_at = now_utc() - timedelta(days=10)
            role_model.events = chosen[2 * number:2 * number + 2]
            public += 1
        db.session.add(role_model)
        if number == 0 and moments:
            role_model.events.append(moments[0])
        if number == 0 and item is not None:
            role_model.programme_items = [item]
        if number == 2 and initiative is not None:
            role_model.initiatives = [initiative]
    db.session.flush()
    return public
