"""After the jury period: the ranking per category (weighted average of the jurors' scores,
with their spread), the shortlist and the winners, and publishing the results, which grants
the winners the STEM-label for the round's validity and tells everyone involved."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from stem_events.awards.jury import require_closed
from stem_events.awards.models import AwardCategory, AwardRound, Nomination, Phase
from stem_events.awards.nominations import initiative_addresses
from stem_events.date_time import now_utc, to_local
from stem_events.errors import DomainError
from stem_events.initiatives import labels
from stem_events.links import absolute_link
from stem_events.mail.notify import notify


@dataclass(frozen=True)
class RankRow:
    nomination: Nomination
    average: float | None  # the mean of the jurors' weighted averages
    spread: float | None  # highest minus lowest juror's weighted average
    stdev: float | None
    jurors: int  # jurors who scored every criterion
    per_juror: list[float]


def juror_averages(category: AwardCategory, nomination: Nomination) -> list[float]:
    """Each juror's weighted average of the nomination (jurors who scored every criterion)."""
    weights = {c.id: c.weight for c in category.criteria}
    found = []
    for juror in category.jurors:
        scores = {s.criterion_id: s.value for s in juror.scores
                  if s.nomination_id == nomination.id}
        if weights and set(scores) >= set(weights):
            found.append(sum(weights[c] * scores[c] for c in weights) / sum(weights.values()))
    return found


def ranking(category: AwardCategory) -> list[RankRow]:
    """Active nominations, best weighted average first (unscored last). Only after the jury
    period closed."""
    require_closed(category.round)
    rows = []
    for nomination in category.active_nominations:
        values = juror_averages(category, nomination)
        rows.append(RankRow(
            nomination, round(statistics.fmean(values), 2) if values else None,
            round(max(values) - min(values), 2) if values else None,
            round(statistics.pstdev(values), 2) if values else None, len(values), values))
    return sorted(rows, key=lambda r: (r.average is None, -(r.average or 0),
                                       r.nomination.initiative.name.lower()))


def set_marks(category: AwardCategory, shortlisted: set[int], winners: set[int]) -> None:
    """The shortlist and the winners of a category (a winner is on the shortlist)."""
    require_closed(category.round)
    if category.round.phase() == Phase.PUBLISHED:
        raise DomainError(_("De resultaten zijn gepubliceerd; neem ze eerst terug om ze te "
                            "wijzigen."))
    for nomination in category.nominations:
        if nomination.declined and (nomination.id in shortlisted or nomination.id in winners):
            raise DomainError(_("‘%(name)s’ weigerde de nominatie.",
                                name=nomination.initiative.name))
    for nomination in category.nominations:
        nomination.winner = nomination.id in winners
        nomination.shortlisted = nomination.winner or nomination.id in shortlisted


def label_valid_until(award_round: AwardRound, published: date) -> date:
    """The last day of the label: the round's validity in years from publication."""
    try:
        end = published.replace(year=published.year + award_round.validity_years)
    except ValueError:  # 29 February
        end = published.replace(year=published.year + award_round.validity_years, day=28)
    return end - timedelta(days=1)


def publish(award_round: AwardRound) -> None:
    require_closed(award_round)
    if award_round.published_at is not None:
        raise DomainError(_("De resultaten zijn al gepubliceerd."))
    winners = [n for c in award_round.categories for n in c.nominations if n.winner]
    if not winners:
        raise DomainError(_("Duid eerst minstens één winnaar aan."))
    award_round.published_at = now_utc()
    until = label_valid_until(award_round, to_local(award_round.published_at).date())
    for nomination in winners:
        labels.grant(nomination.initiative, nomination.id, award_round.year,
                     nomination.category.name, until, nomination.category.position)
    _mail_results(award_round)


def withdraw(award_round: AwardRound) -> None:
    """Take the results back (a mistake): the labels of this round go too."""
    if award_round.published_at is None:
        raise DomainError(_("De resultaten zijn niet gepubliceerd."))
    award_round.published_at = None
    labels.withdraw(n.id for c in award_round.categories for n in c.nominations)


def _mail_results(award_round: AwardRound) -> None:
    page = absolute_link("awards.round_page", round_id=award_round.id)
    for category in award_round.categories:
        for nomination in category.active_nominations:
            name = nomination.initiative.name
            if nomination.winner:
                text = _("Proficiat! ‘%(name)s’ won de categorie ‘%(category)s’ van %(round)s "
                         "en draagt het STEM-label. Alle resultaten: %(link)s",
                         name=name, category=category.name, round=award_round.title, link=page)
            elif nomination.shortlisted:
                text = _("‘%(name)s’ stond op de shortlist van ‘%(category)s’ in %(round)s. "
                         "Alle resultaten: %(link)s", name=name, category=category.name,
                         round=award_round.title, link=page)
            else:
                text = _("De resultaten van %(round)s zijn bekend. ‘%(name)s’ won deze keer "
                         "niet in ‘%(category)s’; bedankt om mee te dingen. Alle resultaten: "
                         "%(link)s", name=name, category=category.name,
                         round=award_round.title, link=page)
            recipients = set(initiative_addresses(nomination.initiative))
            if nomination.nominated_by_user is not None:
                recipients.add(nomination.nominated_by_user.email)
            for address in sorted(recipients, key=str.lower):
                notify(address, _("Resultaten: %(round)s", round=award_round.title), text)


def public_results(award_round: AwardRound) -> list[tuple[AwardCategory, list[Nomination]]]:
    """Once published: per category the shortlist, winners first (public initiatives only)."""
    if award_round.published_at is None:
        return []
    return [(c, sorted((n for n in c.nominations if n.shortlisted and n.initiative.is_public),
                       key=lambda n: (not n.winner, n.initiative.name.lower())))
            for c in award_round.categories]
