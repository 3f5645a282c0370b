"""A coordinator corrects a criterion's weight on the category's page while the round is still
open for nominations; once the jury scores, weights are fixed (the ranking depends on them)."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.audit.models import AuditEntry
from tests.awards.factories import IN_JURY, IN_NOMINATIONS


def _form(category, **weights):
    data = {"name": category.name, "description": category.description or "",
            "position": "1", **{f"criterion-{c.id}": c.name for c in category.criteria}}
    data.update({f"weight-{c.id}": str(weights.get(c.name, c.weight))
                 for c in category.criteria})
    return data


def test_weights_change_while_nominations_are_open_and_are_logged(
        client, db, freeze_now, make_round, as_coordinator):
    freeze_now(IN_NOMINATIONS)
    as_coordinator()
    award_round = make_round()
    category = award_round.categories[0]
    url = f"/admin/awards/{award_round.id}/categories/{category.id}"
    page = client.get(url).text
    impact = next(c for c in category.criteria if c.name == "Impact")
    assert f'name="weight-{impact.id}"' in page and 'value="3"' in page

    assert client.post(url, data=_form(category, Impact=5)).status_code == 302
    db.session.expire_all()
    assert {c.name: c.weight for c in category.criteria} == {"Impact": 5, "Bereik": 1}
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "award_category_edited"
    assert entry.changes["weights"] == [["Impact 3"], ["Impact 5"]]


def test_a_weight_out_of_range_is_a_dutch_message_and_keeps_the_input(
        client, db, freeze_now, make_round, as_coordinator):
    freeze_now(IN_NOMINATIONS)
    as_coordinator()
    award_round = make_round()
    category = award_round.categories[0]
    url = f"/admin/awards/{award_round.id}/categories/{category.id}"
    response = client.post(url, data={**_form(category, Impact=11), "name": "Nieuwe naam"})
    assert response.status_code == 400
    assert "Een gewicht van 1 tot 10." in response.text and 'value="Nieuwe naam"' in response.text
    db.session.expire_all()
    assert {c.name: c.weight for c in category.criteria} == {"Impact": 3, "Bereik": 1}


def test_once_the_jury_scores_weights_are_fixed(client, db, freeze_now, make_round,
                                                as_coordinator):
    freeze_now(IN_JURY)
    as_coordinator()
    award_round = make_round()
    category = award_round.categories[0]
    url = f"/admin/awards/{award_round.id}/categories/{category.id}"
    assert 'name="weight-' not in client.get(url).text  # shown, not editable

    # Renaming still works then; a forged weight is refused in Dutch and changes nothing.
    renamed = client.post(url, data={**_form(category), "name": "Beste STEM-praktijk"})
    assert renamed.status_code == 302
    forged = client.post(url, data=_form(category, Impact=7))
    assert forged.status_code == 409
    assert "gewichten" in forged.text.lower()
    db.session.expire_all()
    assert {c.name: c.weight for c in category.criteria} == {"Impact": 3, "Bereik": 1}
