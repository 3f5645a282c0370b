"""Event images: checked by content, size-limited, resized, without metadata, cached."""

from io import BytesIO

import sqlalchemy as sa
from PIL import Image

from stem_events.audit.models import AuditEntry
from stem_events.events.models import Event
from tests.events.conftest import edit_form


def _jpeg(size=(3000, 2000), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera Maker"  # Make
        data[0x8825] = {2: (50.0, 51.0, 0.0)}  # GPS info
        extra["exif"] = data.tobytes()
    image.save(buffer, "JPEG", **extra)
    return buffer.getvalue()


def _upload(client, event, payload: bytes, name="foto.jpg"):
    data = edit_form(event)
    data["image"] = (BytesIO(payload), name)
    return client.post(f"/manage/events/{event.id}/edit", data=data,
                       content_type="multipart/form-data")


def test_upload_is_resized_stripped_and_served_with_a_cache_header(
        client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    response = _upload(client, event, _jpeg())
    assert response.status_code == 302, response.text
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.image_path.endswith(".jpg")
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edited")).one()
    assert entry.changes["image_path"] == ["", event.image_path]  # the log names the change
    served = client.get(f"/media/events/{event.image_path}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    image = Image.open(BytesIO(served.data))
    assert max(image.size) == 1600
    assert not image.getexif()  # no camera, no GPS


def test_a_file_that_is_not_an_image_is_refused(client, db, login, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    response = _upload(client, event, b"<?php echo 'hallo'; ?>", "foto.jpg")
    assert response.status_code == 400
    assert "geen (leesbare) afbeelding" in response.text
    assert 'value="Robotica voor 8-12-jarigen"' in response.text  # typed values kept
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Workshop robotica"  # nothing half-saved


def test_a_too_large_image_is_refused(client, app, db, login, organiser, make_event,
                                      monkeypatch):
    monkeypatch.setitem(app.config, "MAX_IMAGE_BYTES", 10_000)
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    response = _upload(client, event, _jpeg((800, 800)) + b"\0" * 20_000)
    assert response.status_code == 400
    assert "te groot" in response.text


def test_unknown_media_is_404(client):
    assert client.get("/media/events/../../secret_key").status_code == 404
    assert client.get("/media/events/nope.jpg").status_code == 404


def test_a_photo_with_an_exif_orientation_is_stored_upright(
        client, db, login, organiser, make_event):
    """A phone stores a portrait photo sideways with EXIF orientation 6 (turn 90° clockwise)."""
    image, exif = Image.new("RGB", (3000, 2000), (200, 30, 30)), Image.Exif()
    exif[0x0112] = 6
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    user, organisation = organiser
    event = make_event(organisation=organisation)
    login(user)
    assert _upload(client, event, buffer.getvalue()).status_code == 302
    db.session.expire_all()
    served = client.get(f"/media/events/{db.session.get(Event, event.id).image_path}")
    assert Image.open(BytesIO(served.data)).size == (1067, 1600)
