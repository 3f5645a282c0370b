"""Factories of the awards: `make_round(**overrides)`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

OPEN = datetime(2026, 3, 1, 0, tzinfo=UTC)
CLOSE = datetime(2026, 4, 1, 0, tzinfo=UTC)
JURY_CLOSE = datetime(2026, 5, 1, 0, tzinfo=UTC)
IN_NOMINATIONS = datetime(2026, 3, 14, 12, tzinfo=UTC)
IN_JURY = datetime(2026, 4, 10, 12, tzinfo=UTC)
AFTER_JURY = datetime(2026, 5, 2, 12, tzinfo=UTC)


@pytest.fixture(name="make_round")
def make_round_fixture(db):
    """A round (nominations in March 2026, jury in April) with one category 'Beste praktijk'
    and two criteria: 'Impact' (weight 3) and 'Bereik' (weight 1)."""
    from stem_events.awards.models import AwardCategory, AwardCriterion, AwardRound

    def make(**overrides) -> AwardRound:
        values = {"title": "STEM-awards 2026", "year": 2026, "nominations_open": OPEN,
                  "nominations_close": CLOSE, "jury_close": JURY_CLOSE}
        values.update(overrides)
        award_round = AwardRound(**values)
        category = AwardCategory(name="Beste praktijk", position=0)
        category.criteria = [AwardCriterion(name="Impact", weight=3, position=0),
                             AwardCriterion(name="Bereik", weight=1, position=1)]
        award_round.categories.append(category)
        db.session.add(award_round)
        db.session.commit()
        return award_round

    return make
