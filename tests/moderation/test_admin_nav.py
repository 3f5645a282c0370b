"""The admin bar links every coordinator page and marks the one being shown."""

import re

import pytest

from stem_events.accounts.models import Role

PAGES = {"/admin/": "Te beoordelen", "/admin/organisations": "Organisaties",
         "/admin/network/": "Netwerkmomenten", "/admin/state-of-the-stem/": "State-of-the-STEM",
         "/admin/report": "Rapport", "/admin/audit": "Logboek",
         "/admin/holidays": "Schoolvakanties"}


def _admin_bar(page: str) -> str:
    return re.search(r'<nav aria-label="Beheer"[^>]*>(.*?)</nav>', page, re.S).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_coordinator_page_has_the_whole_bar_with_itself_marked(
        client, login, make_user, path):
    login(make_user(role=Role.ADMIN))
    response = client.get(path)
    assert response.status_code == 200
    bar = _admin_bar(response.text)
    for target, label in PAGES.items():
        assert f'href="{target}"' in bar and label in bar, (path, target)
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', bar)
    assert current == [path]


def test_a_review_page_marks_the_queue(client, login, make_user, make_event):
    from stem_events.events.models import EventStatus

    event = make_event(status=EventStatus.IN_REVIEW)
    login(make_user(role=Role.ADMIN))
    bar = _admin_bar(client.get(f"/admin/events/{event.id}").text)
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', bar) == ["/admin/"]
