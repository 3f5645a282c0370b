"""Demo data of the awards: a finished award round of its own (an award event, three
categories with weighted criteria, nominations with motivations, a jury that declared its
conflicts and scored, winners who now carry the STEM-label) and an open round inside the
State-of-the-STEM edition that takes nominations today. Most initiatives stay unlabelled.
Deterministic per seed; built after `network.py` (it needs the initiatives)."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Organisation, Role, User
from stem_events.audit import services as audit
from stem_events.awards.models import (
    AwardCategory,
    AwardCriterion,
    AwardRound,
    Conflict,
    Juror,
    Motivation,
    Nomination,
    Score,
)
from stem_events.awards.results import juror_averages, label_valid_until
from stem_events.date_time import now_utc, to_local
from stem_events.editions.models import Edition
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives import labels
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.reference.models import EventKind

CRITERIA = [("Impact op jongeren", 3), ("Bereik van kansengroepen", 2), ("Duurzaamheid", 1)]
FINISHED = ["Beste STEM-academie", "Meisjes in STEM", "Samenwerking school–bedrijf"]
JURY = [("Annelies Verhoeven", "jury.annelies@example.be"),
        ("Karim Benali", "jury.karim@example.be"),
        ("Griet Van Damme", "jury.griet@example.be")]
MOTIVATION = ("Wekelijks bereik van meer dan 60 deelnemers, met een vaste groep vrijwilligers "
              "en een partnerschap met de lokale school.")


def build_awards_demo(seed: int) -> None:
    rng = random.Random(seed + 21)  # noqa: S311  (demo data, not security)
    published = list(db.session.scalars(sa.select(Initiative).where(
        Initiative.status == InitiativeStatus.PUBLISHED).order_by(Initiative.id)))
    if len(published) < 6:
        return
    organisations = list(db.session.scalars(sa.select(Organisation).where(
        Organisation.approved).order_by(Organisation.id).limit(20)))
    _finished_round(rng, published, organisations)
    _open_round(rng, published, organisations)
    db.session.flush()


def _categories(award_round: AwardRound, names: list[str]) -> None:
    for position, name in enumerate(names):
        category = AwardCategory(name=name, position=position,
                                 description="Beste praktijken met het STEM-label.")
        for number, (criterion, weight) in enumerate(CRITERIA):
            category.criteria.append(AwardCriterion(name=criterion, weight=weight,
                                                    position=number))
        award_round.categories.append(category)


def _nominate(rng, category: AwardCategory, initiatives: list[Initiative],
              organisations: list[Organisation]) -> None:
    for initiative in initiatives:
        by = rng.choice(organisations) if organisations else None
        nomination = Nomination(initiative=initiative, nominated_by=by,
                                created_at=category.round.nominations_open + timedelta(days=3))
        nomination.motivations = [Motivation(criterion=c, text=MOTIVATION)
                                  for c in category.criteria]
        category.nominations.append(nomination)


def _finished_round(rng, published, organisations) -> None:
    now = now_utc().replace(microsecond=0)
    ceremony = db.session.scalar(sa.select(Event).where(
        Event.kind == EventKind.AWARD_EVENT).order_by(Event.id))
    award_round = AwardRound(
        title=f"STEM-awards {to_local(now - timedelta(days=90)).year}",
        year=to_local(now - timedelta(days=90)).year, ceremony=ceremony,
        description="De jaarlijkse STEM-awards van de STEM-regisseur: beste praktijken krijgen "
                    "het STEM-label.",
        nominations_open=now - timedelta(days=300), nominations_close=now - timedelta(days=200),
        jury_close=now - timedelta(days=120), published_at=now - timedelta(days=90))
    _categories(award_round, FINISHED)
    db.session.add(award_round)
    chosen = rng.sample(published, k=min(12, len(published)))
    for index, category in enumerate(award_round.categories):
        _nominate(rng, category, chosen[index * 4:index * 4 + 4], organisations)
        for name, email in JURY:
            category.jurors.append(Juror(name=name, email=email,
                                         invited_at=award_round.nominations_close,
                                         declared_at=award_round.nominations_close))
    db.session.flush()
    for category in award_round.categories:
        _score(rng, category)
    until = label_valid_until(award_round, to_local(award_round.published_at).date())
    for category in award_round.categories:
        ranked = sorted(category.nominations, key=lambda n: -sum(juror_averages(category, n)))
        for rank, nomination in enumerate(ranked):
            nomination.shortlisted, nomination.winner = rank < 3, rank == 0
        labels.grant(ranked[0].initiative, ranked[0].id, award_round.year, category.name, until,
                     category.position)
    _audit_trail(award_round)


def _audit_trail(award_round: AwardRound) -> None:
    """The coordinator's work on the finished round, as the audit log shows it: created, a
    category moved up, the jury appointed, the winners marked, the results published."""
    coordinator = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN)
                                    .order_by(User.id))
    first, second = award_round.categories[0].name, award_round.categories[1].name
    steps = [
        (award_round.nominations_open - timedelta(days=20), "award_round_created", "",
         {"title": [None, award_round.title], "year": [None, award_round.year]}),
        (award_round.nominations_open - timedelta(days=19), "award_category_moved", first,
         {"order": [[second, first], [first, second]]}),
        *((award_round.nominations_close, "award_juror_appointed", f"{c.name}: {j.name}", None)
          for c in award_round.categories for j in c.jurors),
        *((award_round.jury_close + timedelta(days=5), "award_marks", c.name, {"winners": [
            [], [n.initiative.name for n in c.nominations if n.winner]]})
          for c in award_round.categories),
        (award_round.published_at, "award_results_published", "", None),
    ]
    for at, action, note, changes in steps:
        entry = audit.record(coordinator, action, subject=award_round.title, note=note,
                             changes=changes)
        entry.at = at


def _score(rng, category: AwardCategory) -> None:
    first = category.jurors[0]
    if len(category.nominations) > 3:  # one declared conflict, as in real life
        first.conflicts.append(Conflict(nomination_id=category.nominations[3].id))
    for juror in category.jurors:
        blocked = {c.nomination_id for c in juror.conflicts}
        for nomination in category.nominations:
            if nomination.id in blocked:
                continue
            for criterion in category.criteria:
                juror.scores.append(Score(
                    nomination_id=nomination.id, criterion_id=criterion.id,
                    value=rng.randint(2, 5), comment=rng.choice(
                        ("", "Sterk verankerd in de buurt.", "Mooi bereik bij meisjes.",
                         "Kan nog groeien in duurzaamheid."))))
    db.session.flush()


def _open_round(rng, published, organisations) -> None:
    now = now_utc().replace(microsecond=0)
    edition = db.session.scalar(sa.select(Edition).order_by(Edition.year.desc()))
    award_round = AwardRound(
        title=(f"STEM-awards State-of-the-STEM {edition.year}" if edition
               else f"STEM-awards {to_local(now).year + 1}"),
        year=edition.year if edition else to_local(now).year + 1,
        edition=edition, ceremony=edition.event if edition else None,
        description="Nomineer een initiatief uit het register: je eigen of dat van een ander.",
        nominations_open=now - timedelta(days=10), nominations_close=now + timedelta(days=40),
        jury_close=now + timedelta(days=80))
    _categories(award_round, ["Beste STEM-academie", "Meisjes in STEM"])
    db.session.add(award_round)
    _nominate(rng, award_round.categories[0], rng.sample(published, k=2), organisations)
    award_round.categories[0].jurors.append(Juror(name=JURY[0][0], email=JURY[0][1]))
