"""What else keeps UiTdatabank in step (issue 20): a registration that fills or frees the last
seat, role models withdrawn from an event, and an organisation's own opt-in on /manage."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.registrations import services as registrations
from stem_events.registrations.rules import Submission
from stem_events.uitdatabank.models import UitdatabankJob, UitdatabankOrganisation
from tests.uitdatabank.test_export import _sent


def _jobs(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(UitdatabankJob))


def _adult(name: str) -> Submission:
    return Submission(contact_name=name, contact_email=f"{name.lower()}@example.be",
                      birth_date=None)


def test_the_last_seat_taken_or_freed_queues_a_sync(fake, sync, exporting, make_event,
                                                     organiser, db):
    event = make_event(organisation=organiser[1], title="Lezing over AI", kind="lecture",
                       registration_mode=RegistrationMode.SERIES, capacity=2,
                       postcode="9000", street="Miriam Makebaplein 1")
    exporting()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Available"
    before = _jobs(db)
    registrations.register(event.id, _adult("An"))
    db.session.commit()
    assert _jobs(db) == before  # a seat left: nothing to tell
    last = registrations.register(event.id, _adult("Bo")).registrations[0]
    db.session.commit()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Unavailable"
    registrations.cancel(event.id, [last.id])
    db.session.commit()
    sync()
    assert _sent(fake, event.id)["subEvent"][0]["bookingAvailability"]["type"] == "Available"


def test_a_withdrawn_role_model_queues_the_events_they_took_part_in(fake, sync, exporting,
                                                                     make_event, organiser, db):
    event = make_event(organisation=organiser[1], title="Robots bouwen", postcode="9000",
                       street="Miriam Makebaplein 1")
    import secrets

    from stem_events.rolemodels import consent
    from stem_events.rolemodels.models import RoleModel, RoleModelStatus
    from stem_events.transaction import unit_of_work

    role_model = RoleModel(name="Yasmina El Idrissi", job="Ingenieur", employer="Windkracht",
                           email="yasmina@example.be", story="Ik bouw windturbines.",
                           status=RoleModelStatus.APPROVED, events=[event],
                           withdraw_nonce=secrets.token_urlsafe(16),
                           confirm_nonce=secrets.token_urlsafe(16))
    db.session.add(role_model)
    db.session.commit()
    exporting()
    sync()
    assert _jobs(db) == 1 and not [j for j in db.session.scalars(sa.select(UitdatabankJob))
                                   if j.status == "pending"]
    with unit_of_work():
        consent.withdraw(db.session.get(RoleModel, role_model.id))
    pending = db.session.scalars(sa.select(UitdatabankJob.event_id).where(
        UitdatabankJob.status == "pending")).all()
    assert pending == [event.id]


def test_an_organisation_admin_opts_in_and_out_on_manage(fake, sync, make_event, organiser,
                                                         make_user, login, client, db):
    from stem_events.accounts.models import MemberRole, Membership

    user, organisation = organiser
    event = make_event(organisation=organisation, title="Robots bouwen", postcode="9000",
                       street="Miriam Makebaplein 1")
    editor = make_user(email="redacteur@academie.be")
    db.session.add(Membership(user=editor, organisation=organisation, role=MemberRole.EDITOR))
    db.session.commit()
    login(editor)
    assert client.get(f"/manage/organisations/{organisation.id}/uitdatabank").status_code == 403
    assert client.post(f"/manage/organisations/{organisation.id}/uitdatabank",
                       data={"export": "on"}).status_code == 403
    client.post("/logout")
    login(user)
    page = client.get(f"/manage/organisations/{organisation.id}")
    assert f"/manage/organisations/{organisation.id}/uitdatabank" in page.text
    page = client.get(f"/manage/organisations/{organisation.id}/uitdatabank")
    assert "Alle activiteiten ook in UiTdatabank publiceren" in page.text
    answer = client.post(f"/manage/organisations/{organisation.id}/uitdatabank",
                         data={"export": "on"}, follow_redirects=True)
    assert "(1 in de wachtrij)" in answer.text
    assert db.session.get(UitdatabankOrganisation, organisation.id).export_all
    sync()
    assert _sent(fake, event.id)["name"] == {"nl": "Robots bouwen"}
    answer = client.post(f"/manage/organisations/{organisation.id}/uitdatabank",
                         data={"export": "off"}, follow_redirects=True)
    assert "niet langer in UiTdatabank" in answer.text
    db.session.expire_all()
    assert not db.session.get(UitdatabankOrganisation, organisation.id).export_all
    later = make_event(organisation=organisation, title="Nog een workshop")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UitdatabankJob).where(
        UitdatabankJob.event_id == later.id)) == 0
