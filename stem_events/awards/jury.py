"""The jury: coordinators appoint members per category by e-mail (a signed link that needs no
account, or their account); each member declares conflicts of interest, then scores every
nomination per criterion (1–5) with a comment. Nobody sees another member's scores before
the jury period closes; the links stop working then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation, User
from stem_events.accounts.tokens import make_token, read_token
from stem_events.awards.models import (
    SCORES,
    AwardCategory,
    AwardRound,
    Conflict,
    Juror,
    Nomination,
    Phase,
    Score,
)
from stem_events.awards.services import FieldConflict, unique_or
from stem_events.database import MAX_ID
from stem_events.date_time import format_date, now_utc, to_local
from stem_events.errors import DomainError, FieldError, Forbidden, NotFound
from stem_events.extensions import db
from stem_events.links import absolute_link
from stem_events.mail.notify import notify

TOKEN_PURPOSE = "jury"  # noqa: S105  (the signing salt's name, not a secret)
TOKEN_MAX_AGE = 400 * 24 * 3600  # the real limit is the round's jury_close
COMMENT_MAX = 2000


class LinkExpired(DomainError):
    status = 410
    code = "gone"


class JuryClosed(DomainError):
    status = 409
    code = "jury_closed"


class Conflicted(Forbidden):
    """Je verklaarde een belangenconflict met deze nominatie: je beoordeelt ze niet."""


def score_field(criterion_id: int) -> str:
    return f"score-{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment-{criterion_id}"


def _closes(award_round: AwardRound) -> str:
    """The last day of the jury period, for people ("tot en met")."""
    return format_date(award_round.jury_last_day)


# -------------------------------------------------------------------------------- appointing
def appoint(category: AwardCategory, email: str, name: str,
            organisation_id: int | None) -> Juror:
    """A new member of the category's jury, told by mail with their personal link."""
    award_round = category.round
    if now_utc() >= award_round.jury_close or award_round.published_at is not None:
        raise JuryClosed(_("De juryperiode van deze ronde is afgesloten."))
    email = User.normalise_email(email)
    if any(j.email == email for j in category.jurors):
        raise FieldError("email", _("%(email)s zit al in de jury van deze categorie.",
                                    email=email))
    organisation = None
    if organisation_id:
        organisation = db.session.get(Organisation, organisation_id) \
            if 0 < organisation_id <= MAX_ID else None
        if organisation is None:
            raise FieldError("organisation", _("Deze organisatie bestaat niet."))
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
    juror = Juror(email=email, name=name.strip(), organisation=organisation, user=user)
    with unique_or(lambda: FieldConflict(  # a concurrent appointment of the same address
            "email", _("%(email)s zit al in de jury van deze categorie.", email=email))):
        category.jurors.append(juror)
    _mail_invitation(juror)
    return juror


def remove(juror: Juror) -> None:
    juror.category.jurors.remove(juror)


def link(juror: Juror) -> str:
    return absolute_link("awards.jury_page", token=make_token(
        TOKEN_PURPOSE, {"j": juror.id, "n": juror.nonce}))


def _mail_invitation(juror: Juror) -> None:
    category = juror.category
    award_round = category.round
    notify(juror.email, _("Uitnodiging: jury van %(round)s", round=award_round.title),
           _("Dag %(name)s,\n\nje bent uitgenodigd in de jury van de categorie ‘%(category)s’ "
             "van %(round)s. Je beoordeelt de nominaties van %(start)s tot en met %(end)s: eerst "
             "verklaar je je belangenconflicten, daarna geef je per criterium een score van 1 "
             "tot 5. Je ziet de scores van de andere juryleden pas na de juryperiode.\n\n"
             "Je persoonlijke link (geen account nodig; werkt tot het einde van de "
             "juryperiode; stuur hem niet door): %(link)s",
             name=juror.name or juror.email, category=category.name, round=award_round.title,
             start=format_date(to_local(award_round.nominations_close)), end=_closes(award_round),
             link=link(juror)))


def remind(award_round: AwardRound) -> int:
    """A reminder to every member who has not scored every nomination yet; returns how many."""
    if award_round.phase() != Phase.JURY:
        raise JuryClosed(_("Herinneringen kunnen alleen tijdens de juryperiode."))
    sent = 0
    for category in award_round.categories:
        for juror in category.jurors:
            row = juror_progress(juror)
            if row.done < row.to_score or juror.declared_at is None:
                notify(juror.email, _("Herinnering: jury van %(round)s", round=award_round.title),
                       _("Dag %(name)s,\n\nje beoordeelde %(done)s van de %(total)s nominaties "
                         "in ‘%(category)s’. De juryperiode sluit op %(end)s.\n\nJe link: "
                         "%(link)s", name=juror.name or juror.email, done=row.done,
                         total=row.to_score, category=category.name,
                         end=_closes(award_round), link=link(juror)))
                juror.reminded_at = now_utc()
                sent += 1
    return sent


# ------------------------------------------------------------------------------ the link
def juror_from_token(token: str, now: datetime | None = None) -> Juror:
    """The juror of a signed link: 404 when forged or voided, 410 once the jury period closed."""
    payload = read_token(TOKEN_PURPOSE, token, TOKEN_MAX_AGE) if len(token) < 500 else None
    juror_id = payload.get("j") if payload else None
    juror = db.session.get(Juror, juror_id) \
        if isinstance(juror_id, int) and 0 < juror_id <= MAX_ID else None
    if juror is None or juror.nonce != payload.get("n"):
        raise NotFound(_("Deze jurylink is ongeldig of ingetrokken."))
    award_round = juror.category.round
    if (now or now_utc()) >= award_round.jury_close or award_round.published_at is not None:
        raise LinkExpired(_("Deze jurylink is verlopen: de juryperiode liep tot en met "
                            "%(end)s.", end=_closes(award_round)))
    return juror


def jurors_of(user: User) -> list[Juror]:
    """The user's jury seats (by account or by the same e-mail address): the newest round
    first, within a round its categories' order (as on the round's pages)."""
    return list(db.session.scalars(
        sa.select(Juror).join(AwardCategory, AwardCategory.id == Juror.category_id)
        .join(AwardRound, AwardRound.id == AwardCategory.round_id)
        .where(sa.or_(Juror.user_id == user.id,
                      Juror.email == User.normalise_email(user.email)))
        .order_by(AwardRound.jury_close.desc(), AwardRound.id.desc(), AwardCategory.position,
                  AwardCategory.id, Juror.id)))


def own_juror(user: User, juror_id: int) -> Juror:
    juror = db.session.get(Juror, juror_id) if 0 < juror_id <= MAX_ID else None
    if juror is None or juror not in jurors_of(user):
        raise NotFound(_("Deze jurytaak bestaat niet of is niet van jou."))
    return juror


# --------------------------------------------------------------------------- conflicts
def automatic_conflicts(juror: Juror) -> set[int]:
    """Nominations of initiatives carried by the juror's own organisation(s)."""
    own = {juror.organisation_id} if juror.organisation_id else set()
    if juror.user is not None:
        own |= {m.organisation_id for m in juror.user.memberships}
    return {n.id for n in juror.category.nominations
            if any(o.id in own for o in n.initiative.organisations)}


def conflicts(juror: Juror) -> set[int]:
    return automatic_conflicts(juror) | {c.nomination_id for c in juror.conflicts}


def _open_for_scoring(juror: Juror) -> None:
    award_round = juror.category.round
    phase = award_round.phase()
    if phase == Phase.UPCOMING or phase == Phase.NOMINATIONS:
        raise JuryClosed(_("De beoordeling begint na het sluiten van de nominaties, op "
                           "%(day)s.", day=format_date(to_local(award_round.nominations_close))))
    if phase != Phase.JURY:
        raise LinkExpired(_("De juryperiode liep tot en met %(end)s.",
                            end=_closes(award_round)))


def declare(juror: Juror, nomination_ids: set[int], confirmed: bool) -> None:
    """The juror's declaration: the nominations they have a conflict with (the automatic ones
    always count). Scores already given to a now conflicted nomination are removed."""
    _open_for_scoring(juror)
    if not confirmed:
        raise FieldError("confirm", _("Bevestig dat je verklaring volledig is."))
    known = {n.id for n in juror.category.nominations}
    if not nomination_ids <= known:
        raise FieldError("conflicts", _("Kies alleen nominaties uit deze categorie."))
    juror.conflicts = [Conflict(nomination_id=i) for i in sorted(nomination_ids)]
    juror.declared_at = now_utc()
    db.session.flush()
    blocked = conflicts(juror)
    juror.scores = [s for s in juror.scores if s.nomination_id not in blocked]


# ------------------------------------------------------------------------------ scoring
def to_score(juror: Juror) -> list[Nomination]:
    blocked = conflicts(juror)
    return [n for n in juror.category.active_nominations if n.id not in blocked]


def score(juror: Juror, nomination_id: int, values: dict[int, str],
          comments: dict[int, str]) -> None:
    """Every criterion gets a score 1–5 (and an optional comment); all or nothing."""
    _open_for_scoring(juror)
    if juror.declared_at is None:
        raise DomainError(_("Verklaar eerst je belangenconflicten."))
    nomination = next((n for n in juror.category.nominations if n.id == nomination_id), None)
    if nomination is None:
        raise NotFound(_("Deze nominatie hoort niet bij jouw categorie."))
    if nomination.id in conflicts(juror):
        raise Conflicted()
    if nomination.declined:
        raise DomainError(_("Deze nominatie is geweigerd en wordt niet beoordeeld."))
    given: dict[int, tuple[int, str]] = {}
    for criterion in juror.category.criteria:
        raw = (values.get(criterion.id) or "").strip()
        if raw not in {str(v) for v in SCORES}:  # "²" and "٣" are digits too
            raise FieldError(score_field(criterion.id), _(
                "Geef ‘%(criterion)s’ een score van 1 tot 5.", criterion=criterion.name))
        comment = (comments.get(criterion.id) or "").strip()
        if len(comment) > COMMENT_MAX:
            raise FieldError(comment_field(criterion.id),
                             _("Hoogstens %(max)d tekens.", max=COMMENT_MAX))
        given[criterion.id] = (int(raw), comment)
    stored = {s.criterion_id: s for s in juror.scores if s.nomination_id == nomination.id}
    for criterion_id, (value, comment) in given.items():
        row = stored.get(criterion_id)
        if row is None:
            juror.scores.append(Score(nomination_id=nomination.id, criterion_id=criterion_id,
                                      value=value, comment=comment))
        else:
            row.value, row.comment = value, comment
    db.session.flush()


def own_scores(juror: Juror) -> dict[int, dict[int, Score]]:
    """The juror's own scores: nomination id → criterion id → score."""
    found: dict[int, dict[int, Score]] = {}
    for row in juror.scores:
        found.setdefault(row.nomination_id, {})[row.criterion_id] = row
    return found


# ------------------------------------------------------------------------------ progress
@dataclass(frozen=True)
class JurorProgress:
    juror: Juror
    to_score: int
    done: int  # nominations with every criterion scored
    conflicted: int
    declared: bool


def juror_progress(juror: Juror) -> JurorProgress:
    criteria = {c.id for c in juror.category.criteria}
    scored = own_scores(juror)
    nominations = to_score(juror)
    done = sum(1 for n in nominations if set(scored.get(n.id, {})) >= criteria)
    active = {n.id for n in juror.category.active_nominations}
    return JurorProgress(juror, len(nominations), done, len(conflicts(juror) & active),
                         juror.declared_at is not None)


def progress(award_round: AwardRound) -> list[tuple[AwardCategory, list[JurorProgress]]]:
    """Who scored what (counts only: no values before the jury period closes)."""
    return [(c, [juror_progress(j) for j in c.jurors]) for c in award_round.categories]


def require_closed(award_round: AwardRound) -> None:
    """Scores of others are shown only once the jury period has closed."""
    policies.require(award_round.phase() in (Phase.DELIBERATION, Phase.PUBLISHED),
                     _("De scores zijn pas zichtbaar na de juryperiode (%(end)s).",
                       end=_closes(award_round)))
