"""Every management page renders for the people who may see it."""

from datetime import timedelta

from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus


def test_organiser_pages_render(client, db, login, make_user, make_event, make_organisation):
    organisation = make_organisation()
    user = make_user()
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    event = make_event(organisation=organisation, status=EventStatus.DRAFT)
    login(user)
    session_id = event.sessions[0].id
    for url in ("/manage/", "/manage/events/new", f"/manage/events/{event.id}",
                f"/manage/events/{event.id}/edit", f"/manage/events/{event.id}/cancel",
                f"/manage/events/{event.id}/postpone", f"/manage/events/{event.id}/sessions/new",
                f"/manage/events/{event.id}/sessions/{session_id}/move",
                f"/manage/organisations/{organisation.id}", "/account",
                "/account/organisation-request"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:2000])
    assert "Mijn activiteiten" in client.get("/manage/").text


def test_coordinator_pages_render(client, db, login, make_user, make_event):
    admin = make_user(role=Role.ADMIN)
    start = now_utc() + timedelta(days=2)
    event = make_event(status=EventStatus.IN_REVIEW, sessions=[(start, start + timedelta(hours=1))])
    login(admin)
    for url in ("/admin/", f"/admin/events/{event.id}", "/admin/organisations",
                f"/admin/organisations/{event.organisation_id}", "/admin/audit",
                "/admin/holidays"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:2000])
    assert "Beheer" in client.get("/admin/").text
