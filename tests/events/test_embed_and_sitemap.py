"""The embeddable widget, sitemap.xml and robots.txt."""

from stem_events.events.models import EventStatus


def test_embed_widget_can_be_framed_and_keeps_the_filters(client, make_event):
    make_event(title="In Gent", municipality_nis="44021")
    make_event(title="In Antwerpen", municipality_nis="11002")
    response = client.get("/embed/agenda?province=40000")
    html = response.get_data(as_text=True)
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "In Gent" in html and "In Antwerpen" not in html
    assert 'target="_blank"' in html


def test_embed_widget_explains_bad_filters(client):
    response = client.get("/embed/agenda?age=oud")
    assert response.status_code == 400
    assert "De leeftijd moet" in response.get_data(as_text=True)


def test_agenda_offers_the_embed_snippet(client):
    html = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert '&lt;iframe src="http://localhost/embed/agenda?kind=workshop"' in html


def test_sitemap_lists_public_pages_only(client, make_event):
    public = make_event(title="Openbaar")
    draft = make_event(title="Ontwerp", status=EventStatus.DRAFT)
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/events/{public.id}-openbaar" in xml
    assert f"/events/{draft.id}" not in xml
    assert f"/organisations/{public.organisation_id}" in xml


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /manage/" in text and "Sitemap: http://localhost/sitemap.xml" in text
