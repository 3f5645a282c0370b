"""Recording, showing (to the person only) and erasing reach answers; the purge's unlink.
Services flush, never commit. Nothing here returns one person's answers except
`own_answers`, which the registrations package calls behind the person's signed link."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stem_events.extensions import db
from stem_events.reach.models import WITHHELD, ReachAnswer, ReachLink
from stem_events.reference.models import Municipality, Postcode

GENDERS = (("female", _l("meisje of vrouw")), ("male", _l("jongen of man")),
           ("other", _l("anders")), (WITHHELD, _l("zeg ik liever niet")))
REDUCED = (("yes", _l("ja")), ("no", _l("nee")), (WITHHELD, _l("zeg ik liever niet")))

#: The questions, for the privacy notice and the DPIA: (what, why, legal basis).
QUESTIONS = (
    (_l("Geslacht (meisje of vrouw, jongen of man, anders, zeg ik liever niet)"),
     _l("om te meten of STEM meisjes en vrouwen bereikt (STEM-Agenda 2030, §5.1)")),
    (_l("Recht op kansentarief of UiTPAS met kansentarief (ja, nee, zeg ik liever niet)"),
     _l("om te meten of STEM kinderen en jongeren in kansarmoede bereikt")),
    (_l("Postcode van je woonplaats (of zeg ik liever niet)"),
     _l("om het bereik per gemeente te meten; we bewaren alleen de gemeente")),
)


@dataclass(frozen=True)
class Answers:
    """What one person answered; None = not answered (absent)."""

    gender: str | None = None
    reduced_rate: str | None = None
    home: str | None = None  # a municipality's NIS code or WITHHELD
    by_guardian: bool = False

    @property
    def empty(self) -> bool:
        return self.gender is None and self.reduced_rate is None and self.home is None


def municipality_of_postcode(postcode: str) -> str | None:
    """The municipality of a Belgian postcode (the first by NIS code when it serves several)."""
    if not (len(postcode) == 4 and postcode.isascii() and postcode.isdigit()):
        return None
    return db.session.scalar(sa.select(Postcode.municipality_nis).where(Postcode.code == postcode)
                             .order_by(Postcode.municipality_nis).limit(1))


def record(event_id: int, session_id: int | None,
           given: Iterable[tuple[int, Answers]]) -> int:
    """Store each registration's answers apart from it, with a link the purge deletes.
    Registrations that answered nothing leave no row at all."""
    count = 0
    for registration_id, answers in given:
        if answers.empty:
            continue
        row = ReachAnswer(event_id=event_id, session_id=session_id, gender=answers.gender,
                          reduced_rate=answers.reduced_rate, home=answers.home,
                          by_guardian=answers.by_guardian)
        db.session.add(row)
        db.session.flush()
        db.session.add(ReachLink(registration_id=registration_id, answer_id=row.id))
        count += 1
    db.session.flush()
    return count


def own_answers(registration_ids: Iterable[int]) -> dict[int, ReachAnswer]:
    """The answers of these registrations, for the person behind the signed link only."""
    ids = list(registration_ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        sa.select(ReachLink.registration_id, ReachAnswer)
        .join(ReachAnswer, ReachAnswer.id == ReachLink.answer_id)
        .where(ReachLink.registration_id.in_(ids))).all())


def erase(registration_ids: Iterable[int]) -> int:
    """The person erases their answers: gone from the counts too."""
    ids = list(registration_ids)
    if not ids:
        return 0
    linked = sa.select(ReachLink.answer_id).where(ReachLink.registration_id.in_(ids))
    answer_ids = list(db.session.scalars(linked))
    db.session.execute(sa.delete(ReachLink).where(ReachLink.registration_id.in_(ids)))
    if answer_ids:
        db.session.execute(sa.delete(ReachAnswer).where(ReachAnswer.id.in_(answer_ids)))
    db.session.flush()
    return len(answer_ids)


def unlink(registration_ids: Iterable[int]) -> None:
    """The privacy purge: the answers stay as counts, the link to the person goes."""
    ids = list(registration_ids)
    if ids:
        db.session.execute(sa.delete(ReachLink).where(ReachLink.registration_id.in_(ids)))


def labels(answer: ReachAnswer) -> list[tuple[str, str]]:
    """(question, answer) in words, for the person's own view and data download."""
    home = answer.home
    if home and home != WITHHELD:
        home = db.session.scalar(sa.select(Municipality.name).where(Municipality.nis == home))
    not_answered = str(_l("niet beantwoord"))
    withheld = str(_l("zeg ik liever niet"))
    return [
        (str(_l("Geslacht")), str(dict(GENDERS).get(answer.gender, not_answered))),
        (str(_l("Recht op kansentarief of UiTPAS")),
         str(dict(REDUCED).get(answer.reduced_rate, not_answered))),
        (str(_l("Woonplaats")),
         withheld if home == WITHHELD else (home or not_answered)),
    ]
