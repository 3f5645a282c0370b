"""The policy functions, called directly: the same answers views and services rely on."""

import pytest

from stem_events.accounts import policies
from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.errors import Forbidden


@pytest.fixture
def cast(db, make_user, make_organisation, make_event):
    home = make_organisation(name="Thuis")
    partner = make_organisation(name="Partner")
    pending = make_organisation(name="Nieuw", approved=False)
    owner, editor, partner_member, admin = (make_user(), make_user(), make_user(),
                                            make_user(role=Role.ADMIN))
    db.session.add_all([
        Membership(user=owner, organisation=home, role=MemberRole.OWNER),
        Membership(user=editor, organisation=home, role=MemberRole.EDITOR),
        Membership(user=editor, organisation=pending, role=MemberRole.OWNER),
        Membership(user=partner_member, organisation=partner, role=MemberRole.OWNER)])
    event = make_event(organisation=home, co_organisations=[partner])
    db.session.commit()
    return {"home": home, "partner": partner, "pending": pending, "owner": owner,
            "editor": editor, "partner_member": partner_member, "admin": admin, "event": event}


def test_edit_and_registrations(cast):
    event = cast["event"]
    assert policies.can_edit(cast["owner"], event) and policies.can_edit(cast["editor"], event)
    assert policies.can_edit(cast["admin"], event)
    assert not policies.can_edit(cast["partner_member"], event)  # co-organiser: no edits
    assert policies.can_view_registrations(cast["partner_member"], event)
    assert not policies.can_change_registrations(cast["partner_member"], event)
    assert policies.can_change_registrations(cast["editor"], event)
    assert not policies.can_edit(None, event)


def test_invite_create_and_moderate(cast):
    assert policies.can_invite(cast["owner"], cast["home"])
    assert not policies.can_invite(cast["editor"], cast["home"])
    assert policies.can_invite(cast["admin"], cast["partner"])
    assert not policies.can_create_event(cast["editor"], cast["pending"])  # not approved yet
    assert [o.name for o in policies.creatable_organisations(cast["editor"])] == ["Thuis"]
    assert policies.can_moderate(cast["admin"]) and not policies.can_moderate(cast["owner"])
    with pytest.raises(Forbidden):
        policies.require(policies.can_moderate(cast["owner"]))


def test_an_inactive_coordinator_can_do_nothing(cast, db):
    cast["admin"].active = False
    db.session.commit()
    assert not policies.can_edit(cast["admin"], cast["event"])


def test_services_apply_the_policies_themselves(cast):
    """Not only the views: a service called with the wrong user refuses."""
    from stem_events.events import management as services
    from stem_events.moderation import services as moderation

    event = cast["event"]
    with pytest.raises(Forbidden):
        moderation.approve(cast["owner"], event)
    with pytest.raises(Forbidden):
        services.cancel_event(cast["partner_member"], event, "Ik mag dit niet.")
    with pytest.raises(Forbidden):
        services.get_event(cast["partner_member"], event.id)
