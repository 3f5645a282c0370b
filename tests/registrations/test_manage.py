"""Organisers see, export, check in and mail the registrations of their own events only."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Membership, Role
from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.registrations import organiser
from stem_events.registrations.models import Attendance, Registration, RegistrationQuestion
from tests.registrations.helpers import adult_form, children_form

PASSWORD = "correct horse 42"  # noqa: S105


def login(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def setup(db, client, make_open_event, make_user):
    event = make_open_event(capacity=1, age_min=6, age_max=12)
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Lotte", "=Janssens", "2016-05-01")]))
    client.post(f"/events/{event.id}/register", data=children_form(
        email="tweede@example.be", children=[("Noor", "Peeters", "2015-03-03")]))
    return event, member


@pytest.mark.parametrize("who, expected", [
    ("anonymous", 302), ("stranger", 403), ("member", 200), ("admin", 200)])
@pytest.mark.parametrize("path", [
    "/registrations", "/registrations.csv", "/registrations/attendance",
    "/registrations/checkin", "/registrations/mail", "/registrations/questions"])
def test_access(client, make_user, setup, who, expected, path):
    event, member = setup
    users = {"stranger": lambda: make_user(), "member": lambda: member,
             "admin": lambda: make_user(role=Role.ADMIN)}
    if who in users:
        login(client, users[who]())
    response = client.get(f"/manage/events/{event.id}{path}")
    assert response.status_code == expected
    if who == "stranger":
        assert "Lotte" not in response.get_data(as_text=True)


def test_overview_promote_and_cancel_by_hand(client, db, setup):
    event, member = setup
    login(client, member)
    page = client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True)
    assert "Bevestigd: 1" in page and "Wachtlijst: 1" in page and "Noor Peeters" in page
    noor = db.session.scalars(sa.select(Registration).where(
        Registration.child_first_name == "Noor")).one()
    full = client.post(f"/manage/events/{event.id}/registrations/{noor.id}/promote")
    assert full.status_code == 302
    assert "geen plaats vrij" in client.get(full.headers["Location"]).get_data(as_text=True)
    lotte = db.session.scalars(sa.select(Registration).where(
        Registration.child_first_name == "Lotte")).one()
    client.post(f"/manage/events/{event.id}/registrations/{lotte.id}/cancel")
    db.session.expire_all()
    assert (lotte.status.value, noor.status.value) == ("cancelled", "confirmed")


def test_csv_opens_in_excel_with_belgian_settings(client, setup):
    event, member = setup
    login(client, member)
    response = client.get(f"/manage/events/{event.id}/registrations.csv")
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Status", "Sessie", "Deelnemer"]
    assert rows[1][2] == "Lotte =Janssens" and rows[1][0] == "bevestigd"
    assert rows[2][0] == "op de wachtlijst"


def test_check_in_by_name_and_by_qr_code(client, db, setup):
    event, member = setup
    login(client, member)
    lotte = db.session.scalars(sa.select(Registration).where(
        Registration.child_first_name == "Lotte")).one()
    base = f"/manage/events/{event.id}/registrations/checkin"
    assert "Lotte" in client.get(f"{base}?q=lot").get_data(as_text=True)
    assert "Noor" not in client.get(f"{base}?q=lot").get_data(as_text=True)  # waiting
    by_code = client.get(f"{base}?code={lotte.own_token}").get_data(as_text=True)
    assert "Lotte" in by_code
    client.post(base, data={"registration_id": lotte.id, "present": "1"})
    client.post(base, data={"registration_id": lotte.id, "present": "1"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1
    sheet = client.get(f"/manage/events/{event.id}/registrations/attendance")
    assert "☑" in sheet.get_data(as_text=True)
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "confirmation")).first()
    assert "qr-lotte-janssens.png" in message_text(mail)


def test_mail_all_registrants_through_the_outbox(client, db, setup):
    event, member = setup
    login(client, member)
    empty = client.post(f"/manage/events/{event.id}/registrations/mail", data={"subject": ""})
    assert empty.status_code == 400 and "Vul een onderwerp" in empty.get_data(as_text=True)
    client.post(f"/manage/events/{event.id}/registrations/mail",
                data={"subject": "Meebrengen", "body": "Breng een lunchpakket mee."})
    sent = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "announcement")).all()
    assert sorted(m.recipient for m in sent) == ["ouder@example.be", "tweede@example.be"]


def test_a_moved_session_is_mailed_with_a_higher_sequence(client, db, make_open_event):
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    confirmation = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "confirmation")).one()
    event.sessions[0].sequence += 1
    db.session.commit()
    assert len(organiser.queue_change(event.id)) == 1
    db.session.commit()
    change = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "change")).one()
    first = re.search(r"SEQUENCE:(\d+)", _calendar_text(message_text(confirmation))).group(1)
    assert f"SEQUENCE:{int(first) + 1}" in _calendar_text(message_text(change))


def _calendar_text(raw: str) -> str:
    import email
    import email.policy

    message = email.message_from_string(raw, policy=email.policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True).decode()


def test_organisers_define_their_own_questions(client, db, setup):
    event, member = setup
    login(client, member)
    base = f"/manage/events/{event.id}/registrations/questions"
    bad = client.post(base, data={"text": "Maat?", "kind": "choice", "choices": "M"})
    assert bad.status_code == 400 and "minstens twee" in bad.get_data(as_text=True)
    assert 'value="Maat?"' in bad.get_data(as_text=True)
    client.post(base, data={"text": "Maat?", "kind": "choice", "choices": "S\nM\nL",
                            "required": "1"})
    form = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "Maat?" in form and '<option value="L">L</option>' in form
    question = db.session.scalars(sa.select(RegistrationQuestion)).one()
    assert question.choices == ["S", "M", "L"] and question.required
    client.post(base, data={"delete": str(question.id)})
    assert db.session.scalars(sa.select(RegistrationQuestion)).all() == []


@pytest.fixture
def co_organiser(db, setup, make_organisation, make_user):
    """An owner of an organisation the event names as co-organiser."""
    event, _member = setup
    partner = make_organisation(name="Partner")
    event.co_organisations = [partner]
    user = make_user()
    db.session.add(Membership(user_id=user.id, organisation_id=partner.id))
    db.session.commit()
    return user


def test_a_co_organiser_sees_and_checks_in_but_changes_nothing(
        client, db, setup, co_organiser):
    event, _member = setup
    login(client, co_organiser)
    page = client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True)
    assert "Lotte" in page and "Noor Peeters" in page
    assert "/promote" not in page and "/cancel" not in page and "/questions" not in page
    assert "Je organisatie organiseert mee" in page
    lotte, noor = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
    checked = client.post(f"/manage/events/{event.id}/registrations/checkin",
                          data={"registration_id": lotte.id, "present": "1"})
    assert checked.status_code == 302
    mails = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))

    refused = [
        client.post(f"/manage/events/{event.id}/registrations/{lotte.id}/cancel"),
        client.post(f"/manage/events/{event.id}/registrations/{noor.id}/promote"),
        client.post(f"/manage/events/{event.id}/registrations/questions",
                    data={"text": "Allergieën?", "kind": "text", "required": "1"}),
        client.post(f"/manage/events/{event.id}/registrations/mail",
                    data={"subject": "Afgelast", "body": "Niet komen."}),
    ]
    assert [r.status_code for r in refused] == [403] * 4
    assert "Als co-organisator" in refused[0].get_data(as_text=True)
    db.session.expire_all()
    assert [r.status.value for r in db.session.scalars(
        sa.select(Registration).order_by(Registration.id))] == ["confirmed", "waitlisted"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrationQuestion)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == mails
    assert db.session.get(Attendance, (lotte.id, event.sessions[0].id)) is not None
