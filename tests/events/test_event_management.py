"""Organisers create, edit, submit, cancel, postpone, duplicate and delete events."""

from datetime import date, timedelta

import sqlalchemy as sa

from stem_events.audit.models import AuditEntry
from stem_events.date_time import format_range, to_local
from stem_events.events.models import Event, EventStatus
from tests.events.conftest import NOW, edit_form, event_form
from tests.mailbox import read_mail


def _only_event(db) -> Event:
    return db.session.scalars(sa.select(Event)).one()


def test_weekly_series_skips_a_chosen_date_and_the_krokus_holiday(
        client, db, login, organiser, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    response = client.post("/manage/events/new", data=event_form(organisation.id))
    assert response.status_code == 302, response.text
    event = _only_event(db)
    days = [to_local(s.starts_at).date() for s in event.sessions]
    # 28/01 skipped by hand, 18/02 in the krokus holiday (16–22 February 2026)
    assert days == [date(2026, 1, 14), date(2026, 1, 21), date(2026, 2, 4), date(2026, 2, 11),
                    date(2026, 2, 25), date(2026, 3, 4)]
    assert format_range(event.sessions[0].starts_at, event.sessions[0].ends_at) == \
        "woensdag 14 januari 2026 van 14:00 tot 16:00"
    assert event.status == EventStatus.DRAFT
    assert event.municipality_nis == "44021"  # Gent, found by name and postcode
    assert len({s.uid for s in event.sessions}) == 6
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["created"]


def test_invalid_form_keeps_every_value_and_saves_nothing(client, db, login, organiser,
                                                          freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    data = event_form(organisation.id, end_time="13:00", age_min="12", age_max="8",
                      municipality="Atlantis")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 400
    page = response.text
    assert "Het einde moet na het begin liggen." in page or "gemeente" in page
    assert 'value="Robotica voor 8-12-jarigen"' in page
    assert "Bouw en programmeer je eigen robot." in page
    assert 'value="Atlantis"' in page
    assert 'aria-describedby="municipality-hint municipality-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_sessions_in_the_past_are_refused(client, db, login, organiser, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    response = client.post("/manage/events/new",
                           data=event_form(organisation.id, first_day="2025-12-01"))
    assert response.status_code == 400
    assert "Een sessie kan niet in het verleden liggen." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_markdown_preview_is_sanitised_and_saves_nothing(client, db, login, organiser,
                                                         freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    data = event_form(organisation.id,
                      description="**Vet** <script>alert(1)</script> [x](javascript:alert(1))",
                      preview="1")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 200
    assert "<strong>Vet</strong>" in response.text
    assert "<script>alert" not in response.text
    assert 'href="javascript' not in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_submit_approve_publishes_and_mails(client, db, login, organiser, make_user,
                                            freeze_now, app):
    from pathlib import Path

    from stem_events.accounts.models import Role

    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    client.post("/manage/events/new", data=event_form(organisation.id))
    event = _only_event(db)
    client.post(f"/manage/events/{event.id}/submit")
    db.session.refresh(event)
    assert event.status == EventStatus.IN_REVIEW
    assert client.get(f"/events/{event.id}").status_code == 404  # not public yet

    client.post("/logout")
    login(make_user(role=Role.ADMIN))
    assert "Robotica voor 8-12-jarigen" in client.get("/admin/").text
    before = set(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
    response = client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.status == EventStatus.PUBLISHED
    mails = [read_mail(p) for p in set(Path(app.config["OUTBOX_DIR"]).glob("*.eml")) - before]
    assert any("Goedgekeurd: Robotica" in m and "To: org@academie.be" in m for m in mails)
    assert client.get(f"/events/{event.id}-{event.slug}").status_code == 200
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["created", "submitted", "approved"]


def test_reject_needs_a_reason_and_mails_it(client, db, login, make_user, make_event, app,
                                            organiser):
    from pathlib import Path

    from stem_events.accounts.models import Role

    event = make_event(status=EventStatus.IN_REVIEW, organisation=organiser[1])
    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/events/{event.id}", data={"decision": "reject",
                                                              "reason": ""})
    assert response.status_code == 400
    assert "Geef een reden" in response.text
    db.session.refresh(event)
    assert event.status == EventStatus.IN_REVIEW
    client.post(f"/admin/events/{event.id}",
                data={"decision": "reject", "reason": "Geen STEM-inhoud."})
    db.session.refresh(event)
    assert event.status == EventStatus.REJECTED
    assert event.status_reason == "Geen STEM-inhoud."
    mails = [read_mail(p) for p in Path(app.config["OUTBOX_DIR"]).glob("*.eml")]
    assert any("Niet goedgekeurd: Workshop robotica" in m and "Geen STEM-inhoud." in m
               and "To: org@academie.be" in m for m in mails)


def test_trusted_organisation_publishes_without_review(client, db, login, organiser,
                                                       freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    organisation.trusted = True
    db.session.commit()
    login(user)
    client.post("/manage/events/new", data=event_form(organisation.id))
    event = _only_event(db)
    client.post(f"/manage/events/{event.id}/submit")
    db.session.refresh(event)
    assert event.status == EventStatus.PUBLISHED


def test_editing_a_published_event_keeps_it_published_and_bumps_sequence(
        client, db, login, organiser, make_event, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    event = make_event(organisation=organisation, sessions=[
        (NOW + timedelta(days=3), NOW + timedelta(days=3, hours=2)),
        (NOW + timedelta(days=10), NOW + timedelta(days=10, hours=2))])
    uids = [s.uid for s in event.sessions]
    login(user)
    response = client.post(f"/manage/events/{event.id}/edit",
                           data=edit_form(event, title="Robotica XL"))
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.PUBLISHED
    assert event.title == "Robotica XL"
    assert [s.uid for s in event.sessions] == uids
    assert [s.sequence for s in event.sessions] == [1, 1]
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edited")).one()
    assert entry.changes["title"] == ["Workshop robotica", "Robotica XL"]
    page = client.get(f"/manage/events/{event.id}").text
    assert "Robotica XL" in page and "Workshop robotica" in page  # the diff in the log


def test_a_stale_form_is_refused_without_overwriting(client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    stale = edit_form(event, title="Mijn versie")
    first = client.post(f"/manage/events/{event.id}/edit",
                        data=edit_form(event, title="Versie van een collega"))
    assert first.status_code == 302
    response = client.post(f"/manage/events/{event.id}/edit", data=stale)
    assert response.status_code == 409
    assert "Iemand anders wijzigde deze activiteit" in response.text
    assert 'value="Mijn versie"' in response.text  # what was typed is not lost
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Versie van een collega"


def test_cancel_with_reason_keeps_the_title(client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    assert client.post(f"/manage/events/{event.id}/cancel", data={"reason": ""}
                       ).status_code == 400
    client.post(f"/manage/events/{event.id}/cancel", data={"reason": "Spreker ziek."})
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.CANCELLED
    assert event.title == "Workshop robotica"
    assert event.sessions[0].sequence == 1
    page = client.get(f"/events/{event.id}-{event.slug}").text
    assert "geannuleerd" in page and "Spreker ziek." in page


def test_postpone_then_resume_keeps_uids(client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    uid = event.sessions[0].uid
    login(user)
    client.post(f"/manage/events/{event.id}/postpone", data={"reason": "Zaal onbeschikbaar."})
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.POSTPONED
    client.post(f"/manage/events/{event.id}/resume")
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.PUBLISHED
    assert event.sessions[0].uid == uid and event.sessions[0].sequence == 2


def test_only_drafts_can_be_deleted(client, db, login, organiser, make_event):
    user, organisation = organiser
    published = make_event(organisation=organisation)
    draft = make_event(organisation=organisation, status=EventStatus.DRAFT, title="Ontwerp")
    published_id, draft_id = published.id, draft.id
    login(user)
    assert "Definitief verwijderen" in client.get(f"/manage/events/{draft_id}/delete").text
    client.post(f"/manage/events/{published_id}/delete")
    client.post(f"/manage/events/{draft_id}/delete")
    db.session.expire_all()
    assert db.session.get(Event, published_id) is not None
    assert db.session.get(Event, draft_id) is None
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "deleted")).one()
    assert entry.subject == "Ontwerp"  # the log keeps what was deleted


def test_duplicate_makes_a_future_draft_with_new_uids(client, db, login, organiser, make_event,
                                                      freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    past = NOW - timedelta(days=30)
    event = make_event(organisation=organisation, sessions=[(past, past + timedelta(hours=2))])
    login(user)
    response = client.post(f"/manage/events/{event.id}/duplicate")
    copy_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    copy = db.session.get(Event, copy_id)
    assert copy.status == EventStatus.DRAFT and copy.title == event.title
    assert copy.sessions[0].starts_at > NOW
    assert copy.sessions[0].uid != event.sessions[0].uid
    assert to_local(copy.sessions[0].starts_at).weekday() == to_local(past).weekday()


def test_co_organisers_are_shown_but_cannot_edit(client, db, login, organiser, make_event,
                                                 make_organisation, make_user):
    from stem_events.accounts.models import MemberRole, Membership
    from stem_events.reference.models import HelixPillar

    user, organisation = organiser
    company = make_organisation(name="Robotbedrijf NV", helix=HelixPillar.COMPANY)
    event = make_event(organisation=organisation)
    login(user)
    data = edit_form(event, co_organisations=str(company.id))
    assert client.post(f"/manage/events/{event.id}/edit", data=data).status_code == 302
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert ">STEM-academie Gent</a>" in page and ">Robotbedrijf NV</a>" in page
    client.post("/logout")
    colleague = make_user()
    db.session.add(Membership(user=colleague, organisation=company, role=MemberRole.OWNER))
    db.session.commit()
    login(colleague)
    assert client.get(f"/manage/events/{event.id}/edit").status_code == 403


def test_accessibility_is_shown_on_the_public_page(client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    data = edit_form(event)
    data["accessibility"] = ["wheelchair", "induction_loop"]
    assert client.post(f"/manage/events/{event.id}/edit", data=data).status_code == 302
    page = client.get(f"/events/{event.id}", follow_redirects=True).text
    assert "Rolstoeltoegankelijk, Ringleiding" in page


def test_online_event_without_venue(client, db, login, organiser, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    data = event_form(organisation.id, venue_name="", street="", postcode="", municipality="",
                      online_url="https://meet.example.be/stem", repeat="none", until="")
    assert client.post("/manage/events/new", data=data).status_code == 302
    event = _only_event(db)
    assert event.attendance_mode == "online" and len(event.sessions) == 1


def test_price_and_municipality_errors_are_next_to_their_fields(client, db, login, organiser,
                                                                freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    data = event_form(organisation.id, price_kind="amount", price="", postcode="1000",
                      municipality="Gent")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 400
    assert 'id="municipality-error"' in response.text


def test_price_with_a_decimal_comma_and_registration_window_round_trip(
        client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    data = edit_form(event, price_kind="amount", price="12,50",
                     registration_opens_at="2030-03-01T09:00",
                     registration_closes_at="2030-03-10T18:00")
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.price_cents == 1250
    assert to_local(event.registration_opens_at).hour == 9  # Brussels wall clock kept
    form = client.get(f"/manage/events/{event.id}/edit").text
    assert 'value="2030-03-01T09:00"' in form and 'value="12.50"' in form
    backwards = edit_form(event, registration_opens_at="2030-03-10T18:00",
                          registration_closes_at="2030-03-01T09:00")
    response = client.post(f"/manage/events/{event.id}/edit", data=backwards)
    assert response.status_code == 400
    assert "De inschrijving moet sluiten na het openen." in response.text
