"""Coordinators see what changed since the last approval, the audit log, and keep holidays."""

import re
from datetime import date

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.events.models import Event, EventStatus
from stem_events.reference.holiday_overrides import HolidayOverride


def test_review_queue_shows_what_changed_since_the_last_approval(
        client, db, login, make_user, make_event):
    event = make_event(status=EventStatus.IN_REVIEW)
    admin = make_user(role=Role.ADMIN)
    login(admin)
    assert "nieuw" in client.get("/admin/").text
    client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    # the organisation edits and the event goes back for review (e.g. after a rejection)
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    event.title, event.status = "Workshop robotica en AI", EventStatus.IN_REVIEW
    db.session.commit()
    queue = client.get("/admin/").text
    assert "gewijzigd sinds de vorige goedkeuring" in queue
    assert "Workshop robotica en AI" in queue and "<del>Workshop robotica</del>" in queue
    audit_page = client.get("/admin/audit").text
    assert "goedgekeurd" in audit_page and admin.display_name in audit_page


def test_coordinator_adds_and_removes_a_holiday_override(client, db, login, make_user):
    login(make_user(role=Role.ADMIN))
    data = {"year": "2027", "key": "extra", "name": "Brugdag", "first_day": "2027-05-07",
            "last_day": "2027-05-06"}
    response = client.post("/admin/holidays", data=data)
    assert response.status_code == 400 and "vóór de eerste" in response.text
    assert 'value="Brugdag"' in response.text
    data["last_day"] = "2027-05-07"
    assert client.post("/admin/holidays", data=data).status_code == 302
    assert client.post("/admin/holidays", data=data).status_code == 400  # same year and key
    assert client.post("/admin/holidays", data={**data, "key": "brugdag"}).status_code == 400
    override = db.session.scalars(sa.select(HolidayOverride)).one()
    assert override.first_day == date(2027, 5, 7)
    client.post(f"/admin/holidays/{override.id}/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HolidayOverride)) == 0


def test_edits_after_approval_are_listed_for_coordinators(client, db, login, make_user,
                                                         make_event):
    from stem_events.accounts.models import MemberRole, Membership
    from tests.events.conftest import edit_form

    event = make_event(status=EventStatus.IN_REVIEW)
    organiser = make_user()
    db.session.add(Membership(user=organiser, organisation=event.organisation,
                              role=MemberRole.OWNER))
    db.session.commit()
    admin = make_user(role=Role.ADMIN)
    login(admin)
    client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    assert "Niets gewijzigd." in client.get("/admin/").text
    client.post("/logout")
    login(organiser)
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    response = client.post(f"/manage/events/{event.id}/edit",
                           data=edit_form(event, title="Nieuwe titel"))
    assert response.status_code == 302
    client.post("/logout")
    login(admin)
    page = client.get("/admin/").text
    assert "Gewijzigd na goedkeuring (1)" in page and "<ins>Nieuwe titel</ins>" in page


def test_approving_an_event_that_does_not_wait_for_review_is_a_409(
        client, db, login, make_user, make_event):
    event = make_event(status=EventStatus.DRAFT)
    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    assert response.status_code == 409
    assert "wacht niet op goedkeuring" in response.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.DRAFT
    # A rejection without a reason stays a 400 with the reason field marked.
    queued = make_event(status=EventStatus.IN_REVIEW)
    response = client.post(f"/admin/events/{queued.id}", data={"decision": "reject"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text and 'href="#reason"' in response.text


def test_approving_an_event_mails_its_registrants_the_new_status(client, db, login, make_user,
                                                                  make_event, tmp_path, app,
                                                                  monkeypatch):
    """Approval bumps SEQUENCE and queues the "changed" mail to the registrants; the review
    page must carry that out, not only commit."""
    from stem_events.events.models import RegistrationMode
    from tests.mailbox import delivered
    from tests.registrations.helpers import adult_form

    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path))
    event = make_event(registration_mode=RegistrationMode.SERIES, capacity=5)
    for address in ("an@example.be", "bart@example.be"):
        assert client.post(f"/events/{event.id}/register",
                           data=adult_form(address)).status_code == 302
    event.status = EventStatus.IN_REVIEW  # back for review, e.g. after a rejection
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    assert client.post(f"/admin/events/{event.id}",
                       data={"decision": "approve"}).status_code == 302
    changed = [(text, cal) for text, cal in delivered(tmp_path) if "Subject: Gewijzigd" in text]
    assert sorted(t.split("To: ")[1].split("\n")[0] for t, _c in changed) == [
        "an@example.be", "bart@example.be"]
    db.session.expire_all()
    sequence = db.session.get(Event, event.id).sessions[0].sequence
    # the session's SEQUENCE + each owner's counter (1: one registration each), CONTRACT.md
    assert all(f"SEQUENCE:{sequence + 1}" in cal for _t, cal in changed if cal)


def test_holidays_page_lists_the_school_years_and_an_override_picks_the_holiday(
        client, db, login, make_user, freeze_now):
    from tests.conftest import utc

    freeze_now(utc(2026, 10, 1, 10))
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/holidays").text
    assert "Schooljaar 2026-2027" in page and "Schooljaar 2028-2029" in page
    assert "Herfstvakantie" in page and "Krokusvakantie" in page and "Zomervakantie" in page
    assert "maandag 26 oktober 2026" in page  # autumn 2026: the week of Sunday 1 November
    assert re.search(r'<select[^>]*name="key"', page) and 'value="easter"' in page
    # the Easter holiday of 2027 moved by a week: it replaces the computed one, named in Dutch
    response = client.post("/admin/holidays", data={
        "key": "easter", "year": "2027", "name": "", "first_day": "2027-04-12",
        "last_day": "2027-04-25"})
    assert response.status_code == 302
    override = db.session.scalars(sa.select(HolidayOverride)).one()
    assert (override.key, override.name) == ("easter", "Paasvakantie")
    page = client.get("/admin/holidays").text
    assert "12 april 2027" in page and "aangepast" in page
    response = client.post("/admin/holidays", data={
        "key": "extra", "year": "2027", "name": "", "first_day": "2027-05-07",
        "last_day": "2027-05-07"})
    assert response.status_code == 400 and "Geef de extra vrije periode een naam" in response.text
