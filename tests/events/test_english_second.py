"""The English interface (issue 16): themes, provinces, event kinds and "Google Calendar" in
English; what organisers wrote (Dutch) is marked lang="nl" for screen readers."""

import re

import sqlalchemy as sa

from stem_events.reference.models import EventKind, Theme


def _english(client):
    client.set_cookie("lang", "en")
    return client


def test_filters_name_themes_provinces_and_kinds_in_english(client, make_event):
    make_event()
    page = _english(client).get("/agenda?province=30000").text
    assert ">West Flanders</option>" in page and ">East Flanders</option>" in page
    assert "Oost-Vlaanderen" not in page
    assert "Programming and coding" in page and "Programmeren en coderen" not in page
    assert "company visit" in page  # an event kind


def test_an_event_page_in_english(client, db, make_event):
    theme = db.session.scalar(sa.select(Theme).where(Theme.slug == "robotica"))
    event = make_event(title="Robots bouwen", kind=EventKind.COMPANY_VISIT,
                       description="Kom **robots** bouwen.")
    event.themes.append(theme)
    db.session.commit()
    page = _english(client).get(f"/events/{event.id}-{event.slug}").text
    assert ">Robotics</a>" in page
    assert "Google Calendar" in page and "Google Agenda" not in page
    assert '<h1 id="event-title" lang="nl">Robots bouwen</h1>' in page
    assert re.search(r'<div class="description" lang="nl">', page)
    assert re.search(r'<p class="lead" lang="nl">', page)
    agenda = client.get("/agenda").text
    assert 'lang="nl">Robots bouwen</a>' in agenda


def test_the_dutch_interface_keeps_dutch_names(client, make_event):
    page = client.get("/agenda").text
    assert ">Oost-Vlaanderen</option>" in page and "Programmeren en coderen" in page
