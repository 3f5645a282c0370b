"""The agenda as a parent on a phone uses it (issue 16): results first with the filters in a
drawer, places by postcode, spelling help, searches that return something, clean shared URLs,
cards with image and availability, a month view, and no page beyond the last."""

import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

from PIL import Image

from stem_events import date_time
from stem_events.events.models import RegistrationMode
from stem_events.media.storage import store_image


def test_the_filters_sit_in_a_drawer_above_the_count(client, make_event):
    make_event()
    page = client.get("/agenda?age=10&free=1&kind=workshop").text
    drawer = page.index('<details class="filter-drawer"')
    assert drawer < page.index('class="result-count"')
    assert re.search(r"<summary[^>]*>\s*Filters \(3\)\s*</summary>", page)
    assert '<details class="filter-drawer">' in client.get("/agenda").text  # closed: results first


def test_the_municipality_list_narrows_to_the_chosen_province_without_javascript(client):
    page = client.get("/agenda?province=10000").text  # Antwerpen
    select = page[page.index('<select id="f-municipality"'):]
    select = select[:select.index("</select>")]
    assert '<option value="11002"' in select  # Antwerpen (city)
    assert '<option value="44021"' not in select  # Gent is in Oost-Vlaanderen
    everything = client.get("/agenda").text
    assert '<option value="44021"' in everything


def test_a_postcode_in_the_search_box_finds_that_place(client, make_event):
    make_event(title="Technieklab Herentals", municipality_nis="13011")  # 2200 Herentals
    make_event(title="Workshop Gent", municipality_nis="44021")
    page = client.get("/agenda?q=2200").text
    assert "Technieklab Herentals" in page and "Workshop Gent" not in page
    page = client.get("/agenda?q=technieklab+2200").text
    assert "Technieklab Herentals" in page and "Workshop Gent" not in page
    assert client.get("/api/v1/events?q=2200").json["total"] == 1


def test_a_misspelt_word_gets_a_suggestion(client, make_event):
    make_event(title="Leren programmeren met Scratch")
    page = client.get("/agenda?q=programeren&age=10").text
    assert "Bedoelde je" in page
    link = re.search(r'Bedoelde je <a href="([^"]+)">programmeren</a>', page)
    assert link and "q=programmeren" in link.group(1) and "age=10" in link.group(1)
    assert "Bedoelde je" not in client.get("/agenda?q=programmeren").text


def test_the_placeholder_suggests_searches_that_find_something(client, make_event):
    make_event(title="Robotica in de bibliotheek", municipality_nis="11002")
    make_event(title="Sterrenkijken voor gezinnen", municipality_nis="44021")
    page = client.get("/agenda").text
    placeholder = re.search(r'id="f-q"[^>]*placeholder="bv\. ([^"]+)"', page).group(1)
    words = [w.strip() for w in placeholder.split(",")]
    assert len(words) >= 2
    for word in words:
        assert client.get(f"/api/v1/events?q={word}").json["total"] > 0, word


def test_the_goal_filter_is_under_more_filters(client):
    page = client.get("/agenda").text
    more = page[page.index('<details class="more-filters"'):]
    more = more[:more.index("</details>")]
    assert 'id="f-goal"' in more


def test_shared_urls_drop_empty_parameters(client):
    response = client.get("/agenda?when=&age=10&q=&province=&utm_source=x")
    assert response.status_code == 302
    assert response.headers["Location"] == "/agenda?age=10&utm_source=x"
    assert client.get("/agenda?age=10").status_code == 200


def _image() -> str:
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "PNG")
    return store_image(buffer.getvalue())


def test_cards_show_the_image_resized_and_the_availability(client, db, make_event):
    name = _image()
    db.session.commit()
    make_event(title="Met beeld", image_path=name,
               registration_mode=RegistrationMode.SERIES, capacity=3)
    make_event(title="Vol zonder wachtlijst", registration_mode=RegistrationMode.SERIES,
               capacity=0, waitlist_enabled=False)
    make_event(title="Vol met wachtlijst", registration_mode=RegistrationMode.SERIES,
               capacity=0, waitlist_enabled=True)
    page = client.get("/agenda").text
    src = re.search(r'<img[^>]+src="(/media/events/card/[^"]+)"', page).group(1)
    card = client.get(src)
    assert card.status_code == 200 and card.mimetype == "image/jpeg"
    assert Image.open(BytesIO(card.data)).width <= 480
    assert "Nog 3 plaatsen" in page and "Volzet" in page and "Wachtlijst" in page


def test_event_pages_carry_og_image(client, db, make_event):
    name = _image()
    db.session.commit()
    event = make_event(image_path=name)
    page = client.get(f"/events/{event.id}-{event.slug}").text
    assert re.search(r'<meta property="og:image" content="http://[^"]+/media/events/', page)


def test_the_month_view_is_a_table_with_a_cell_per_day(client, make_event):
    date_time.freeze(datetime(2026, 3, 10, 9, tzinfo=UTC))
    start = datetime(2026, 3, 18, 13, tzinfo=UTC)
    make_event(title="Technieklab", sessions=[(start, start + timedelta(hours=2))])
    page = client.get("/agenda?view=month&age=10").text
    table = page[page.index("<table"):page.index("</table>")]
    assert "<caption" in table and "maart 2026" in table
    assert len(re.findall(r"<td[ >]", table)) >= 31
    assert len(re.findall(r'<th scope="col"', table)) == 7
    assert "Technieklab" in table
    assert 'href="/agenda?age=10&amp;view=month&amp;month=2026-04"' in page
    assert client.get("/agenda?view=month&month=2026-13").status_code == 400
    assert client.get("/agenda?view=year").status_code == 400


def test_a_page_beyond_the_last_is_a_404_with_a_link_to_the_last(client, make_event):
    make_event()
    response = client.get("/agenda?page=999&age=10")
    assert response.status_code == 404
    assert 'href="/agenda?age=10&amp;page=1"' in response.text
    assert "nog geen activiteiten" not in response.text


def test_the_empty_state_quotes_once(client, make_event):
    make_event(title="Robotica")
    make_event(title="Les op afstand", online_url="https://example.be/les")
    page = client.get("/agenda?q=robotica&online=1").text
    assert "zonder de filter" in page
    assert "‘‘" not in page and "’’" not in page
