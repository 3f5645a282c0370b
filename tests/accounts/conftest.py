import pytest

from stem_events.accounts.models import MemberRole, Membership


@pytest.fixture
def organiser_pair(db, make_user, make_organisation):
    organisation = make_organisation(name="STEM-academie Gent")
    user = make_user(email="eigenaar@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    return user, organisation
