"""Line breaks and other control characters, which only a crafted request puts in a one-line
field: every form refuses them in Dutch and keeps the input, a title that holds one anyway (an
older row) never breaks a mail header, and a change whose notices cannot be queued is not
saved."""

import email
import email.policy
import importlib
import pkgutil
from datetime import timedelta

import pytest
import sqlalchemy as sa
import wtforms

import stem_events
from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.date_time import now_utc, to_local
from stem_events.events.models import Event, EventStatus, RegistrationMode
from stem_events.forms import SingleLineMeta
from stem_events.mail.models import OutboxMessage
from stem_events.mail.outbox import message_text
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.events.conftest import event_form
from tests.registrations.helpers import adult_form, children_form

MESSAGE = "Dit veld mag geen regeleinden, tabs of andere stuurtekens bevatten."
CRAFTED_TITLE = "Robotica\r\nBcc: iedereen@example.com"


def _form_classes() -> set[type]:
    for module in pkgutil.walk_packages(stem_events.__path__, "stem_events."):
        importlib.import_module(module.name)
    found, todo = set(), [wtforms.Form]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("stem_events."):
                found.add(subclass)
    return found


def test_every_form_of_the_platform_checks_its_single_line_fields():
    forms = _form_classes()
    assert len(forms) > 30
    unchecked = sorted(f"{form.__module__}.{form.__name__}" for form in forms
                       if not any(issubclass(getattr(k, "Meta", object), SingleLineMeta)
                                  for k in form.__mro__))
    assert unchecked == []


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def owner(db, login, organiser):
    user, organisation = organiser
    login(user)
    return organisation


def test_a_title_with_a_line_break_is_refused_in_dutch_and_kept(client, db, owner):
    response = client.post("/manage/events/new",
                           data=event_form(owner.id, title=CRAFTED_TITLE, first_day=(
                               to_local(now_utc()) + timedelta(days=10)).date().isoformat(),
                               until=""))
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert "iedereen@example.com" in response.text  # what was typed is shown again
    assert _count(db, Event) == 0


def test_a_tab_in_a_venue_is_refused_on_the_edit_form(client, db, owner, make_event):
    event = make_event(organisation=owner, version=1)
    response = client.post(f"/manage/events/{event.id}/edit",
                           data=event_form(None, venue_name="De\tKrook", version="1"))
    assert response.status_code == 400
    assert MESSAGE in response.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).venue_name == "Bibliotheek De Krook"


@pytest.mark.parametrize("data", [
    adult_form(name="An\nPeeters"),
    adult_form(name="An\u2028Peeters"),  # a Unicode line separator
    children_form(children=[("Lot\rte", "Janssens", "2016-05-01")]),  # inside: not stripped
    adult_form(contact_phone="\x85"),  # an optional field: NEL alone
], ids=["name", "line-separator", "child", "optional-field"])
def test_the_registration_form_refuses_control_characters(client, db, make_event, data):
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=10, age_min=None)
    response = client.post(f"/events/{event.id}/register", data=data)
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert _count(db, Registration) == 0


def test_a_subject_with_a_line_break_is_refused_for_a_mail_to_the_registrants(
        client, db, owner, make_event):
    event = make_event(organisation=owner, registration_mode=RegistrationMode.SERIES,
                       capacity=10)
    client.post(f"/events/{event.id}/register", data=adult_form())
    queued = _count(db, OutboxMessage)
    response = client.post(f"/manage/events/{event.id}/registrations/mail",
                           data={"subject": "Praktisch\nBcc: x@example.com", "body": "Tot dan!"})
    assert response.status_code == 400
    assert "onderwerp" in response.text and "regeleinden" in response.text
    assert "Tot dan!" in response.text
    assert _count(db, OutboxMessage) == queued


@pytest.mark.parametrize("text, choices", [
    ("Allergie\x1b[31m?", ""), ("Welke groep?\r\nBcc: x", "A\nB"), ("Welke groep?", "A\x07\nB")],
    ids=["escape", "line-break", "bell-in-a-choice"])
def test_a_question_with_control_characters_is_refused(
        client, db, owner, make_event, text, choices):
    from stem_events.registrations.models import RegistrationQuestion

    event = make_event(organisation=owner, registration_mode=RegistrationMode.SERIES,
                       capacity=10)
    response = client.post(f"/manage/events/{event.id}/registrations/questions", data={
        "text": text, "kind": "choice" if choices else "text", "choices": choices})
    assert response.status_code == 400
    assert "stuurtekens" in response.text
    assert _count(db, RegistrationQuestion) == 0


# ----------------------------------------------------- a title that holds a line break anyway


def _mails(db, kind: str) -> list[email.message.EmailMessage]:
    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id))
    return [email.message_from_string(message_text(row), policy=email.policy.default)
            for row in rows]


def _assert_one_line(message) -> None:
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert "Robotica Bcc: iedereen@example.com" in message["Subject"]
    assert message["Bcc"] is None


def _crafted(db, event) -> None:
    """The title as a crafted request could store it before forms refused it."""
    event.title = CRAFTED_TITLE
    db.session.commit()


def test_registering_and_cancelling_work_when_the_title_holds_a_line_break(
        client, db, make_event):
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=10)
    _crafted(db, event)
    assert client.post(f"/events/{event.id}/register", data=adult_form()).status_code == 302
    [confirmation] = _mails(db, "confirmation")
    _assert_one_line(confirmation)
    registration = db.session.scalars(sa.select(Registration)).one()
    from stem_events.registrations.services import signed_token

    assert client.post(f"/registrations/{signed_token(registration)}/cancel").status_code == 302
    [cancellation] = _mails(db, "cancellation")
    _assert_one_line(cancellation)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CANCELLED


def test_approving_works_when_the_title_holds_a_line_break(
        client, db, login, make_user, make_event):
    event = make_event(status=EventStatus.IN_REVIEW)
    member = make_user()
    db.session.add(Membership(user=member, organisation_id=event.organisation_id,
                              role=MemberRole.OWNER))
    _crafted(db, event)
    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED
    [notice] = _mails(db, "notice")
    assert notice["To"] == member.email
    assert "Goedgekeurd: Robotica Bcc: iedereen@example.com" == notice["Subject"]


def _move(client, event, session):
    day = to_local(session.starts_at + timedelta(days=2)).date()
    return client.post(f"/manage/events/{event.id}/sessions/{session.id}/move", data={
        "day": day.isoformat(), "start_time": "10:00", "end_time": "12:00",
        "version": str(event.version)})


@pytest.fixture
def registered_event(client, db, owner, make_event):
    event = make_event(organisation=owner, registration_mode=RegistrationMode.SERIES,
                       capacity=10, version=1)
    assert client.post(f"/events/{event.id}/register", data=adult_form()).status_code == 302
    return event


def test_a_moved_session_is_mailed_when_the_title_holds_a_line_break(
        client, db, registered_event):
    event = registered_event
    _crafted(db, event)
    assert _move(client, event, event.sessions[0]).status_code == 302
    [change] = _mails(db, "change")
    _assert_one_line(change)


def test_a_change_whose_notices_cannot_be_queued_is_not_saved(
        app, client, db, registered_event, monkeypatch):
    from stem_events.registrations import mails

    def broken(registrations):
        raise RuntimeError("the outbox refused the notice")

    monkeypatch.setattr(mails, "changed", broken)
    event = registered_event
    before = event.sessions[0].starts_at
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _move(client, event, event.sessions[0])
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.get(Event, event.id).sessions[0].starts_at == before
    assert _mails(db, "change") == []
