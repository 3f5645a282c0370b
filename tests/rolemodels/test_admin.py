"""Coordinators link a role model to network moments, State-of-the-STEM programme items and
initiatives; the profile lists them, and the event page names the role model."""

from datetime import timedelta

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.editions.models import ProgrammeItem
from stem_events.reference.models import EventKind
from stem_events.rolemodels.models import RoleModel, RoleModelStatus
from tests.conftest import utc
from tests.network.factories import make_edition_fixture, make_initiative_fixture  # noqa: F401


def test_a_coordinator_links_a_moment_a_programme_item_and_an_initiative(
        client, db, login, make_user, make_event, make_role_model, make_edition,
        make_initiative):
    moment = make_event(title="Netwerkmoment Limburg", kind=EventKind.NETWORK_MOMENT)
    edition = make_edition(year=2030)
    start = utc(2030, 5, 18, 9)
    item = ProgrammeItem(edition_id=edition.id, title="Meisjes in STEM", starts_at=start,
                         ends_at=start + timedelta(hours=1))
    db.session.add(item)
    db.session.commit()
    initiative = make_initiative(name="Codeerclub Genk")
    role_model = make_role_model()
    login(make_user(role=Role.ADMIN))
    answer = client.post(f"/admin/role-models/{role_model.id}", data={
        "action": "links", "links-events": [str(moment.id)],
        "links-programme_items": [str(item.id)], "links-initiatives": [str(initiative.id)]})
    assert answer.status_code == 302, answer.text
    client.post("/logout")
    profile = client.get(f"/role-models/{role_model.id}").text
    for title in ("Netwerkmoment Limburg", "Meisjes in STEM", "Codeerclub Genk",
                  "State-of-the-STEM 2030"):
        assert title in profile
    event_page = client.get(f"/events/{moment.id}-{moment.slug}").text
    assert f'href="/role-models/{role_model.id}"' in event_page


def test_unknown_links_are_refused_and_nothing_changes(client, db, login, make_user,
                                                      make_role_model):
    role_model = make_role_model()
    login(make_user(role=Role.ADMIN))
    answer = client.post(f"/admin/role-models/{role_model.id}", data={
        "action": "links", "links-initiatives": ["999999"]})
    assert answer.status_code == 400
    assert "Kies uit de lijst." in answer.text
    db.session.expire_all()
    assert db.session.get(RoleModel, role_model.id).initiatives == []


def test_approval_needs_the_persons_consent_first(client, db, login, make_user,
                                                 make_role_model):
    role_model = make_role_model(status=RoleModelStatus.PROPOSED)
    login(make_user(role=Role.ADMIN))
    answer = client.post(f"/admin/role-models/{role_model.id}", data={"decision": "approve"})
    assert answer.status_code == 409
    assert "wacht niet op goedkeuring" in answer.text
    assert db.session.scalar(sa.select(RoleModel.status)) == RoleModelStatus.PROPOSED


def test_a_coordinator_can_take_a_published_profile_offline(client, db, login, make_user,
                                                           make_role_model):
    role_model = make_role_model()
    login(make_user(role=Role.ADMIN))
    refused = client.post(f"/admin/role-models/{role_model.id}", data={"decision": "reject"})
    assert refused.status_code == 400
    assert "Geef een reden." in refused.text
    assert client.post(f"/admin/role-models/{role_model.id}", data={
        "decision": "reject", "reason": "Niet in STEM."}).status_code == 302
    client.post("/logout")
    assert client.get(f"/role-models/{role_model.id}").status_code == 404
