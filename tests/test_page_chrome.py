"""The header and footer of every page are rendered once per language, script root and
current link (`i18n.kept`): each page still shows its own language, root and current link."""

import pytest


@pytest.fixture(autouse=True)
def _no_page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_ENABLED", False)


def _nav(page: str) -> str:
    return page.split('<ul class="nav-list">')[1].split("</ul>")[0]


def test_the_current_link_is_each_pages_own(client):
    for _ in range(2):
        agenda = _nav(client.get("/agenda").text)
        assert 'href="/agenda" aria-current="page">Agenda<' in agenda
        assert 'href="/initiatives">Initiatieven<' in agenda
        initiatives = _nav(client.get("/initiatives").text)
        assert 'href="/agenda">Agenda<' in initiatives
        assert 'href="/initiatives" aria-current="page">Initiatieven<' in initiatives


def test_header_and_footer_follow_a_language_switch_at_once(client):
    page = client.get("/agenda").text
    assert ">Naar de inhoud</a>" in page and 'href="/privacy">Privacy<' in page
    assert ">Toegankelijkheid</a>" in page
    client.get("/lang/en")
    page = client.get("/agenda").text
    assert ">Skip to content</a>" in page and ">Accessibility</a>" in page
    assert 'aria-current="page">Agenda<' in page and "Toegankelijkheid" not in page
    client.get("/lang/nl")
    assert ">Toegankelijkheid</a>" in client.get("/agenda").text


def test_header_and_footer_follow_the_script_root(client):
    client.get("/agenda")
    page = client.get("/agenda", base_url="http://localhost/sub").text
    assert 'class="brand" href="/sub/agenda"' in page
    assert 'src="/sub/static/img/logo.svg"' in page and 'href="/sub/privacy"' in page
    assert 'href="/privacy"' not in page
    assert 'class="brand" href="/agenda"' in client.get("/agenda").text


def test_the_subscribe_help_follows_language_and_root(client, make_event):
    make_event()
    page = client.get("/agenda").text
    assert "<h3>Zo werkt het</h3>" in page and 'src="/static/js/subscribe.js"' in page
    page = client.get("/agenda", base_url="http://localhost/sub").text
    assert 'src="/sub/static/js/subscribe.js"' in page
    client.get("/lang/en")
    page = client.get("/agenda").text
    assert "<h3>How it works</h3>" in page and "Zo werkt het" not in page
