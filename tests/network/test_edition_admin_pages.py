"""Item 11 of issue 17: the State-of-the-STEM admin is split into sub-pages (edition,
programme, market) linked to each other, with one save per form instead of one button per
row; the old URLs keep working."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from stem_events.editions.models import MarketStand, ProgrammeItem


def _numbers(db) -> dict[str, str]:
    db.session.expire_all()
    return {s.initiative.name: s.stand_number for s in db.session.scalars(sa.select(MarketStand))}


def _edition_with_rows(db, make_edition, make_initiative):
    clubs = [make_initiative(name) for name in ("Codeerclub", "Robotlab", "Fablab")]
    edition = make_edition(year=2028)
    start = edition.event.sessions[0].starts_at
    edition.programme.append(ProgrammeItem(title="Opening", starts_at=start,
                                           ends_at=start + timedelta(hours=1)))
    for club, number in zip(clubs, ("M01", "M02", "M03"), strict=True):
        edition.stands.append(MarketStand(initiative=club, stand_number=number))
    db.session.commit()
    return edition


def test_sub_pages_link_to_each_other_and_each_shows_its_part(
        client, db, make_edition, make_initiative, as_coordinator):
    _edition_with_rows(db, make_edition, make_initiative)
    as_coordinator()
    base = "/admin/state-of-the-stem/2028"
    pages = {path: client.get(base + path) for path in ("", "/programme", "/market")}
    for path, response in pages.items():
        assert response.status_code == 200, path
        nav = re.search(r'<nav aria-label="State-of-the-STEM 2028".*?</nav>', response.text,
                        re.S).group(0)
        for other in ("", "/programme", "/market"):
            assert f'href="{base}{other}"' in nav
        assert re.search(rf'href="{base}{path}" aria-current="page"', nav)
    assert "Opening" in pages["/programme"].text and "Opening" not in pages[""].text
    assert "Robotlab" in pages["/market"].text and "Robotlab" not in pages[""].text
    assert "Locatie bewaren" in pages[""].text


def test_the_market_saves_every_stand_number_with_one_button(
        client, db, make_edition, make_initiative, as_coordinator):
    edition = _edition_with_rows(db, make_edition, make_initiative)
    ids = {s.initiative.name: s.id for s in edition.stands}
    as_coordinator()
    url = "/admin/state-of-the-stem/2028/market"
    page = client.get(url).text
    form = re.search(r'<form[^>]*id="stand-numbers".*?</form>', page, re.S).group(0)
    assert form.count("<button") == 1 and form.count('name="number-') == 3
    # Swap two numbers and take one stand away, in one save.
    data = {f"number-{ids['Codeerclub']}": "M02", f"number-{ids['Robotlab']}": "M01",
            f"number-{ids['Fablab']}": "M03", f"remove-{ids['Fablab']}": "y"}
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert _numbers(db) == {"Codeerclub": "M02", "Robotlab": "M01"}
    # A clash or an empty number: nothing saved, the input kept, the message at the row.
    response = client.post(url, data={f"number-{ids['Codeerclub']}": "B7",
                                      f"number-{ids['Robotlab']}": "b7"})
    assert response.status_code == 400 and "komt twee keer voor." in response.text
    assert 'value="b7"' in response.text
    response = client.post(url, data={f"number-{ids['Codeerclub']}": "",
                                      f"number-{ids['Robotlab']}": "M09"})
    assert response.status_code == 400 and "Vul een standnummer in." in response.text
    assert _numbers(db) == {"Codeerclub": "M02", "Robotlab": "M01"}


def test_old_urls_keep_working_and_lead_to_the_sub_pages(
        client, db, make_edition, make_initiative, as_coordinator):
    edition = _edition_with_rows(db, make_edition, make_initiative)
    stand = edition.stands[0]
    as_coordinator()
    base = "/admin/state-of-the-stem/2028"
    response = client.post(f"{base}/stands/{stand.id}",
                           data={f"stand-{stand.id}-stand_number": "Z1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{base}/market")
    item = edition.programme[0]
    response = client.post(f"{base}/programme/{item.id}/cancel")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{base}/programme")
