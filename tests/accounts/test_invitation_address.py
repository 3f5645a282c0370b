"""An invitation link works only for the address it was sent to (issue 14)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Membership
from tests.mailbox import read_mail


@pytest.fixture
def invitation_link(app, client, organiser_pair, login):
    """The owner invites collega@academie.be; the link from the mail."""
    owner, organisation = organiser_pair
    outbox = Path(app.config["OUTBOX_DIR"])
    before = set(outbox.glob("*.eml"))
    login(owner)
    client.post(f"/manage/organisations/{organisation.id}",
                data={"email": "collega@academie.be", "role": "owner"})
    client.post("/logout")
    (mail,) = [read_mail(p) for p in set(outbox.glob("*.eml")) - before]
    path = mail.replace("=\n", "").split("http://localhost", 1)[1].split()[0]
    assert path.startswith("/invitations/")
    return path


def _memberships(db, organisation):
    return db.session.scalars(sa.select(Membership.user_id).where(
        Membership.organisation_id == organisation.id)).all()


def test_another_signed_in_account_cannot_use_the_link(
        client, db, organiser_pair, make_user, login, invitation_link):
    owner, organisation = organiser_pair
    stranger = make_user(email="vreemde@school.be")
    login(stranger)
    page = client.get(invitation_link)
    assert page.status_code == 403
    assert "collega@academie.be" in page.text and "Uitnodiging aanvaarden" not in page.text
    refused = client.post(invitation_link)
    assert refused.status_code == 403
    assert _memberships(db, organisation) == [owner.id]


def test_the_invited_address_still_can_after_a_stranger_tried(
        client, db, organiser_pair, make_user, login, invitation_link):
    owner, organisation = organiser_pair
    login(make_user(email="vreemde@school.be"))
    client.post(invitation_link)
    client.post("/logout")
    invited = make_user(email="Collega@Academie.be")  # the same address, other case
    login(invited)
    assert client.post(invitation_link).status_code == 302
    assert sorted(_memberships(db, organisation)) == sorted([owner.id, invited.id])
