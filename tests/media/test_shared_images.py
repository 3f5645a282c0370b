"""Images live where every host sees them (issue 14, item 17): uploaded on one host, served
by another with its own instance folder; cached a year, with an ETag and 304."""

from io import BytesIO

import sqlalchemy as sa
from PIL import Image

from stem_events.events.models import Event
from stem_events.media.models import MediaBlob
from tests.media.conftest import jpeg, sign_in, upload


def test_an_image_uploaded_on_one_host_is_served_by_another(
        db, organiser, make_event, make_host):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    host_a, host_b = make_host("a").test_client(), make_host("b").test_client()
    sign_in(host_a, user)
    assert upload(host_a, event, jpeg((10, 120, 200), (900, 600))).status_code == 302
    db.session.expire_all()
    name = db.session.get(Event, event.id).image_path
    on_a, on_b = host_a.get(f"/media/events/{name}"), host_b.get(f"/media/events/{name}")
    assert (on_a.status_code, on_b.status_code) == (200, 200)
    assert on_b.data == on_a.data and on_b.headers["Content-Type"] == "image/jpeg"
    assert Image.open(BytesIO(on_b.data)).size == (900, 600)


def test_an_image_is_cached_a_year_and_revalidated_without_its_bytes(
        db, client, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    assert upload(client, event, jpeg()).status_code == 302
    db.session.expire_all()
    name = db.session.get(Event, event.id).image_path
    first = client.get(f"/media/events/{name}")
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first.headers["ETag"] == f'"{name}"'
    again = client.get(f"/media/events/{name}", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/media/events/{name}", headers={"If-None-Match": '"other.jpg"'}).data


def test_the_database_keeps_type_size_and_time_of_each_image(
        db, client, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    upload(client, event, jpeg())
    db.session.expire_all()
    blob = db.session.scalars(sa.select(MediaBlob)).one()
    assert blob.key == f"events/{db.session.get(Event, event.id).image_path}"
    assert (blob.content_type, blob.size) == ("image/jpeg", len(blob.data))
    assert blob.created_at.tzinfo is not None


def test_a_304_for_a_deleted_image_is_a_404(client):
    answer = client.get("/media/events/0123abcd.jpg", headers={"If-None-Match": '"0123abcd.jpg"'})
    assert answer.status_code == 404
