"""A draft or an event in review has a preview of its public page, for its organisation's
members and coordinators only, never stored by browsers, proxies, search engines or the
page cache."""

import pytest

from stem_events import page_cache
from stem_events.accounts.models import MemberRole, Membership, Role
from stem_events.events.models import EventStatus


@pytest.fixture
def draft(db, make_event, make_organisation, make_user):
    event = make_event(title="Robotica in de bib", status=EventStatus.DRAFT,
                       summary="Bouw je eigen robot.")
    member = make_user()
    db.session.add(Membership(user=member, organisation=event.organisation,
                              role=MemberRole.EDITOR))
    co_organiser = make_organisation(name="FabLab Brugge")
    event.co_organisations.append(co_organiser)
    outsider = make_user()
    db.session.add(Membership(user=outsider, organisation=co_organiser,
                              role=MemberRole.OWNER))
    db.session.commit()
    return event, member, outsider


@pytest.mark.parametrize("who, expected", [
    ("anonymous", 302), ("outsider", 403), ("member", 200), ("coordinator", 200)])
def test_who_may_preview(client, login, make_user, draft, who, expected):
    event, member, outsider = draft
    users = {"member": member, "outsider": outsider,
             "coordinator": make_user(role=Role.ADMIN) if who == "coordinator" else None}
    if users.get(who):
        login(users[who])
    response = client.get(f"/manage/events/{event.id}/preview")
    assert response.status_code == expected
    if expected != 200:
        assert "Robotica in de bib" not in response.text


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.IN_REVIEW])
def test_the_preview_is_the_public_page_with_a_banner(client, db, login, draft, status):
    event, member, _outsider = draft
    event.status = status
    db.session.commit()
    login(member)
    response = client.get(f"/manage/events/{event.id}/preview")
    assert response.status_code == 200
    page = response.text
    assert "Voorbeeld — nog niet gepubliceerd" in page
    assert '<h1 id="event-title" lang="nl">Robotica in de bib</h1>' in page
    assert "Bouw je eigen robot." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "application/ld+json" not in page and 'rel="canonical"' not in page
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_preview_never_enters_the_page_cache(client, login, draft):
    event, member, _outsider = draft
    login(member)
    before = len(page_cache.backend().entries)
    assert client.get(f"/manage/events/{event.id}/preview").status_code == 200
    assert len(page_cache.backend().entries) == before
    assert not any("/preview" in key for key in page_cache.backend().entries)
    assert "X-Page-Cache" not in client.get(f"/manage/events/{event.id}/preview").headers


def test_a_published_event_previews_as_its_public_page(client, db, login, draft):
    event, member, _outsider = draft
    event.status = EventStatus.PUBLISHED
    db.session.commit()
    login(member)
    response = client.get(f"/manage/events/{event.id}/preview")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.id}-{event.slug}")


def test_the_organisers_page_links_the_preview(client, login, draft):
    event, member, _outsider = draft
    login(member)
    page = client.get(f"/manage/events/{event.id}").text
    assert f'href="/manage/events/{event.id}/preview"' in page
