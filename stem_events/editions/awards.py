"""Award nominations: initiatives from the registry nominated, shortlisted and crowned."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.editions.models import (
    AwardCategory,
    Edition,
    Nomination,
)
from stem_events.errors import InvalidInput, NotFound
from stem_events.extensions import db
from stem_events.initiatives.catalogue import InitiativeNotPublished
from stem_events.initiatives.models import (
    Initiative,
)


def nominate(category: AwardCategory, initiative: Initiative) -> Nomination:
    """Nominate an initiative from the registry; only published ones qualify."""
    if not initiative.is_public:
        raise InitiativeNotPublished(_(
            "‘%(name)s’ is (nog) niet gepubliceerd in het register en kan niet genomineerd "
            "worden.", name=initiative.name))
    existing = db.session.scalar(sa.select(Nomination).where(
        Nomination.category_id == category.id, Nomination.initiative_id == initiative.id))
    if existing is not None:
        return existing
    nomination = Nomination(initiative=initiative)
    category.nominations.append(nomination)
    return nomination


def set_shortlist(nomination: Nomination, shortlisted: bool, winner: bool) -> None:
    if winner and not shortlisted:
        raise InvalidInput(_("Een winnaar staat altijd op de shortlist."))
    if not nomination.initiative.is_public:
        raise InitiativeNotPublished()
    nomination.shortlisted, nomination.winner = shortlisted, winner


def get_category(edition: Edition, category_id: int) -> AwardCategory:
    found = next((c for c in edition.award_categories if c.id == category_id), None)
    if found is None:
        raise NotFound(_("Deze awardcategorie hoort niet bij deze editie."))
    return found


def get_nomination(edition: Edition, nomination_id: int) -> Nomination:
    for category in edition.award_categories:
        for nomination in category.nominations:
            if nomination.id == nomination_id:
                return nomination
    raise NotFound(_("Deze nominatie hoort niet bij deze editie."))
