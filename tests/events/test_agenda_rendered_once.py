"""The agenda page assembled from parts rendered once (the filter form's controls per
language, data version and state) is byte for byte the page rendered whole, for any mix of
selections, in both languages, with an empty result, a bad filter (400) and a page beyond
the last (404); and a change of the data (a renamed audience, an edit) or of the language shows
at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stem_events import i18n
from stem_events.date_time import now_utc
from stem_events.events import cards, filter_form
from stem_events.events.models import RegistrationMode
from stem_events.registrations.models import Registration, RegistrationStatus

SELECTIONS = [
    "/agenda", "/agenda?province=40000", "/agenda?province=40000&age=10&kind=workshop",
    "/agenda?province=10000&age=10", "/agenda?age=10&kind=workshop&kind=lecture",
    "/agenda?municipality=44021", "/agenda?province=40000&municipality=44021&age=7",
    "/agenda?q=robot", "/agenda?when=next30&reduced=1", "/agenda?from={day}&province=40000",
    "/agenda?age=abc", "/agenda?province=99999", "/agenda?kind=workshop&page=9",
    "/agenda?age=99&kind=lecture", "/agenda?goal=SD1", "/agenda?theme=robotica",
    "/embed/agenda?province=40000&age=10",
]


@pytest.fixture
def agenda(app, make_event):
    app.config["PAGE_CACHE_ENABLED"] = False
    start = now_utc().replace(microsecond=0) + timedelta(days=2)
    for n, nis in enumerate(["44021", "11002", "44021", "44021"]):
        seats = {"registration_mode": RegistrationMode.SERIES, "capacity": 1 + n} if n else {}
        make_event(title=f"Robotica {n}", municipality_nis=nis, age_min=8, age_max=12,
                   sessions=[(start + timedelta(days=n), start + timedelta(days=n, hours=2))],
                   **seats)
    return start.date().isoformat()


def _take_a_seat(db, event_id):
    db.session.add(Registration(event_id=event_id, status=RegistrationStatus.CONFIRMED,
                                identity_key=f"{event_id}@example.be", contact_name="A",
                                contact_email=f"{event_id}@example.be"))
    db.session.commit()


def _pages(client, urls, language):
    headers = {"Accept-Language": language}
    return [(url, client.get(url, headers=headers)) for url in urls]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_page_from_parts_is_the_page_rendered_whole(client, agenda, language):
    urls = [url.format(day=agenda) for url in SELECTIONS]
    whole = []
    for url in urls:  # every page with nothing kept: each control rendered for it
        filter_form._memo.clear()
        i18n._kept.clear()
        whole.append(_pages(client, [url], language)[0])
    filter_form._memo.clear()
    i18n._kept.clear()
    mixed = _pages(client, urls + urls[::-1], language)  # controls kept between pages
    assert any(found["rendered"].controls for found in filter_form._memo.values())
    assert sum(key[2] == cards.MACROS for key in i18n._kept) > 2  # the cards' parts
    expected = {url: (r.status_code, r.get_data()) for url, r in whole}
    for url, response in mixed:
        assert (response.status_code, response.get_data()) == expected[url], url
    statuses = {url: status for url, (status, _) in expected.items()}
    assert statuses[urls[10]] == 400 and statuses[urls[12]] == 404


def test_a_language_switch_shows_the_other_language_at_once(client, agenda):
    client.get("/agenda?province=40000")
    english = client.get("/agenda?province=40000", headers={"Accept-Language": "en"})
    html = english.get_data(as_text=True)
    assert 'lang="en"' in html
    assert ">Age<" in html or "Age</label>" in html


def test_renamed_options_and_edits_show_at_once(client, db, make_event, agenda):
    """A renamed audience (its list is read per data version) and an edited event show on
    the next page, in the controls kept for that state too."""
    import sqlalchemy as sa

    from stem_events.audiences.models import Audience

    url = "/agenda?province=40000&age=10&kind=workshop"
    client.get(url)
    audience = db.session.scalars(sa.select(Audience).order_by(Audience.id)).first()
    seeded = audience.name  # reference data the migration seeded: put back afterwards
    audience.name = "Onderwaterrobotbouwers"
    db.session.commit()
    try:
        html = client.get(url).get_data(as_text=True)
    finally:
        audience.name = seeded
        db.session.commit()
    assert f'value="{audience.slug}"> Onderwaterrobotbouwers</label>' in html
    event = make_event(title="Nieuwe workshop", municipality_nis="44021", age_min=8,
                       age_max=12)
    assert "Nieuwe workshop" in client.get(url).get_data(as_text=True)
    event.title = "Andere workshop"
    db.session.commit()
    assert "Andere workshop" in client.get(url).get_data(as_text=True)


def test_a_seat_taken_shows_at_once_in_both_languages(client, db, agenda):
    import sqlalchemy as sa

    from stem_events.events.models import Event

    event_id = db.session.scalar(sa.select(Event.id).where(Event.title == "Robotica 1"))
    for language, before, after in (("nl", "Nog 2 plaatsen", "Nog 1 plaats<"),
                                    ("en", "2 places left", "1 place left")):
        html = client.get("/agenda", headers={"Accept-Language": language}).text
        assert before in html, language
        _take_a_seat(db, event_id)
        html = client.get("/agenda", headers={"Accept-Language": language}).text
        assert after in html and before not in html, language
        db.session.execute(sa.delete(Registration))
        db.session.commit()
