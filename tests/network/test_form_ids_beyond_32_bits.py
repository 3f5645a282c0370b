"""Ids and versions beyond what the database stores (32-bit integers; PostgreSQL answers
"integer out of range", SQLite cannot bind beyond 64 bits) typed into a form are refused in
Dutch with the input kept, never a 500, and nothing changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.initiatives.models import Initiative
from stem_events.network.models import NetworkMoment
from stem_events.reference.models import EventKind

HUGE = "9" * 20  # beyond 64 bits
BIG = str(2**31)  # just beyond a 32-bit id

pytestmark = pytest.mark.parametrize("too_big", [HUGE, BIG])


def _initiative_form(organisation_id, **overrides) -> dict:
    return {"organisation_id": str(organisation_id), "name": "Codeerclub Gent",
            "summary": "Elke woensdag.", **overrides}


def test_initiative_form_with_a_huge_theme_id(client, db, login, organiser, too_big):
    user, organisation = organiser
    login(user)
    response = client.post("/manage/initiatives/new",
                           data=_initiative_form(organisation.id, themes=too_big))
    assert response.status_code == 400
    assert "Kies thema" in response.text and 'value="Codeerclub Gent"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_initiative_edit_with_a_huge_version_is_a_stale_form(client, db, login, organiser,
                                                            make_initiative, too_big):
    user, organisation = organiser
    initiative = make_initiative("Codeerclub Gent", organisations=[organisation])
    login(user)
    response = client.post(f"/manage/initiatives/{initiative.id}/edit", data=_initiative_form(
        organisation.id, name="Mijn versie", version=too_big))
    assert response.status_code == 409
    assert 'value="Mijn versie"' in response.text
    db.session.expire_all()
    assert db.session.get(Initiative, initiative.id).name == "Codeerclub Gent"


@pytest.mark.parametrize("field", ["initiatives", "pitches-0-organisation",
                                   "pitches-0-initiative"])
def test_network_moment_form_with_a_huge_id(client, db, login, make_user, make_event, field,
                                           too_big):
    moment = make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT)
    login(make_user(role=Role.ADMIN))
    data = {"region": "Waasland", "pitches-0-title": "Pitch", "pitches-1-title": "",
            "pitches-2-title": "", field: too_big}
    response = client.post(f"/admin/network/{moment.id}", data=data)
    assert response.status_code == 400
    assert 'value="Waasland"' in response.text
    assert db.session.get(NetworkMoment, moment.id) is None
